import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { readDateTime } from "../../src/core/datetime.js";

/**
 * The phrases people type for a shift's start, in both languages, against one fixed reference:
 * Tuesday 1 December 2026, 12:00 in Los Angeles. The reference is an argument, never the machine's
 * clock, so the table reads the same at any hour and in any machine time zone (`npm run test:clocks`).
 */
const LA = "America/Los_Angeles";
const NOW = DateTime.fromISO("2026-12-01T12:00", { zone: LA }).toMillis();

/** `text` as read for the future, in local wall-clock time (`Sat 12-05 10:00`), or the problem; `|` and the alternative when ambiguous. */
function read(text: string, lang: "en" | "es"): string {
  const r = readDateTime(text, LA, NOW, lang, "future");
  if (!r.ok) return r.problem;
  const show = (ms: number) => DateTime.fromMillis(ms, { zone: LA }).toFormat("ccc yyyy-MM-dd HH:mm");
  return r.alternative ? `${show(r.at)} | ${show(r.alternative.at)}` : show(r.at);
}

const SPANISH: [string, string][] = [
  ["pasado mañana a las 10", "Thu 2026-12-03 10:00"],
  ["pasado manana a las 10", "Thu 2026-12-03 10:00"],
  ["pasado mañana 18:30", "Thu 2026-12-03 18:30"],
  ["pasado mañana a las 6 de la tarde", "Thu 2026-12-03 18:00"],
  ["mañana a las 6 y media", "Wed 2026-12-02 06:30 | Wed 2026-12-02 18:30"],
  ["mañana a las 6 y media de la tarde", "Wed 2026-12-02 18:30"],
  // An hour from 1 to 7 said without its half of the day is asked about; a written 24-hour time is not.
  ["mañana a las 6:30", "Wed 2026-12-02 06:30 | Wed 2026-12-02 18:30"],
  ["mañana 06:30", "Wed 2026-12-02 06:30"],
  ["mañana 18:30", "Wed 2026-12-02 18:30"],
  ["mañana 6h", "Wed 2026-12-02 06:00"],
  ["mañana a las 6 y media de la mañana", "Wed 2026-12-02 06:30"],
  ["el sábado a las ocho", "Sat 2026-12-05 08:00"],
  ["hoy a las 5", "Tue 2026-12-01 17:00"],
  ["mañana a las 6 y cuarto", "Wed 2026-12-02 06:15 | Wed 2026-12-02 18:15"],
  ["mañana a las 7 menos cuarto", "Wed 2026-12-02 06:45 | Wed 2026-12-02 18:45"],
  ["mañana a las siete menos cuarto de la tarde", "Wed 2026-12-02 18:45"],
  ["mañana a las 10 en punto", "Wed 2026-12-02 10:00"],
  ["mañana 6 y media de la tarde", "Wed 2026-12-02 18:30"],
  ["el sábado a las diez", "Sat 2026-12-05 10:00"],
  ["el sábado a las diez y media", "Sat 2026-12-05 10:30"],
  ["el sábado a la una", "Sat 2026-12-05 01:00 | Sat 2026-12-05 13:00"],
  ["el sábado a la una de la tarde", "Sat 2026-12-05 13:00"],
  ["sábado a las doce", "Sat 2026-12-05 12:00"],
  ["sábado a las ocho de la noche", "Sat 2026-12-05 20:00"],
  ["sábado a las 5 de la madrugada", "Sat 2026-12-05 05:00"],
  ["sábado a las seis y media de la tarde", "Sat 2026-12-05 18:30"],
  ["domingo a las nueve de la mañana", "Sun 2026-12-06 09:00"],
  ["mañana al mediodía", "Wed 2026-12-02 12:00"],
  ["mañana a mediodía", "Wed 2026-12-02 12:00"],
  ["mañana mediodía", "Wed 2026-12-02 12:00"],
  ["sábado mediodía", "Sat 2026-12-05 12:00"],
  ["sábado al mediodia", "Sat 2026-12-05 12:00"],
  ["el sábado al medio día", "Sat 2026-12-05 12:00"],
  ["medianoche", "Wed 2026-12-02 00:00"],
  ["a medianoche", "Wed 2026-12-02 00:00"],
  ["mañana a medianoche", "Wed 2026-12-02 00:00 | Thu 2026-12-03 00:00"],
  ["sábado a la medianoche", "Sat 2026-12-05 00:00 | Sun 2026-12-06 00:00"],
  ["mañana 18h", "Wed 2026-12-02 18:00"],
  ["mañana a las 18h", "Wed 2026-12-02 18:00"],
  ["mañana 18:30h", "Wed 2026-12-02 18:30"],
  ["sábado 10hs", "Sat 2026-12-05 10:00"],
  ["sábado 10 hs", "Sat 2026-12-05 10:00"],
  ["sábado 9hrs", "Sat 2026-12-05 09:00"],
  ["sábado 10:00", "Sat 2026-12-05 10:00"],
  ["sabado 10:00", "Sat 2026-12-05 10:00"],
  ["el sábado a las 10", "Sat 2026-12-05 10:00"],
  ["sábado 10.30", "Sat 2026-12-05 10:30"],
  ["mañana 18:30", "Wed 2026-12-02 18:30"],
  ["manana 18:30", "Wed 2026-12-02 18:30"],
  ["mañana a las 10", "Wed 2026-12-02 10:00"],
  ["hoy a las 3 de la tarde", "Tue 2026-12-01 15:00"],
  ["hoy 18:00", "Tue 2026-12-01 18:00"],
  ["viernes 18:30", "Fri 2026-12-04 18:30"],
  ["el viernes a las 7 de la tarde", "Fri 2026-12-04 19:00"],
  ["lunes 9:00", "Mon 2026-12-07 09:00"],
  ["el martes a las 10", "Tue 2026-12-08 10:00"],
  ["miércoles 8:00", "Wed 2026-12-02 08:00"],
  ["jueves a las cuatro y cuarto de la tarde", "Thu 2026-12-03 16:15"],
  ["5 de diciembre 10:00", "Sat 2026-12-05 10:00"],
  ["el 5 de diciembre a las 10", "Sat 2026-12-05 10:00"],
  ["sábado 5 de diciembre a las 10", "Sat 2026-12-05 10:00"],
  ["5/12 10:00", "Sat 2026-12-05 10:00"],
  ["5/12 a las 10", "Sat 2026-12-05 10:00"],
  ["12/5 10:00", "Wed 2027-05-12 10:00"],
  ["24/12 18:00", "Thu 2026-12-24 18:00"],
  ["3/1 a las 9", "Sun 2027-01-03 09:00"],
  ["2026-12-05 10:00", "Sat 2026-12-05 10:00"],
  ["el próximo sábado 10:00", "Sat 2026-12-12 10:00 | Sat 2026-12-05 10:00"],
  ["el próximo viernes a las 6 de la tarde", "Fri 2026-12-11 18:00 | Fri 2026-12-04 18:00"],
  ["próximo lunes 9:00", "Mon 2026-12-07 09:00"],
  ["sábado", "noTime"],
  ["mañana", "noTime"],
  ["mañana a las 12 de la noche", "unreadable"],
  ["pasado", "unreadable"],
  ["el sábado a las veinte", "unreadable"],
  ["ayer a las 10", "wrongSide"],
];

const ENGLISH: [string, string][] = [
  ["day after tomorrow 10am", "Thu 2026-12-03 10:00"],
  ["the day after tomorrow at 10am", "Thu 2026-12-03 10:00"],
  ["day after tomorrow 18:30", "Thu 2026-12-03 18:30"],
  ["day after tomorrow at half past 6 pm", "Thu 2026-12-03 18:30"],
  ["tomorrow at half past 6", "Wed 2026-12-02 06:30 | Wed 2026-12-02 18:30"],
  ["tomorrow at half past 6 pm", "Wed 2026-12-02 18:30"],
  ["tomorrow at 6:30", "Wed 2026-12-02 06:30 | Wed 2026-12-02 18:30"],
  ["tomorrow at 6:30am", "Wed 2026-12-02 06:30"],
  ["tomorrow 06:30", "Wed 2026-12-02 06:30"],
  ["tomorrow half past six in the evening", "Wed 2026-12-02 18:30"],
  ["tomorrow 6:30pm", "Wed 2026-12-02 18:30"],
  ["tomorrow at quarter past 6", "Wed 2026-12-02 06:15 | Wed 2026-12-02 18:15"],
  ["quarter past 6 tomorrow", "Wed 2026-12-02 06:15 | Wed 2026-12-02 18:15"],
  ["tomorrow quarter to 7 pm", "Wed 2026-12-02 18:45"],
  ["tomorrow at quarter to seven in the morning", "Wed 2026-12-02 06:45"],
  ["saturday at ten", "Sat 2026-12-05 10:00"],
  ["sat at ten am", "Sat 2026-12-05 10:00"],
  ["saturday at ten o'clock", "Sat 2026-12-05 10:00"],
  ["saturday at eight in the evening", "Sat 2026-12-05 20:00"],
  ["saturday at nine at night", "Sat 2026-12-05 21:00"],
  ["sat at one pm", "Sat 2026-12-05 13:00"],
  ["sunday at nine in the morning", "Sun 2026-12-06 09:00"],
  ["tomorrow at noon", "Wed 2026-12-02 12:00"],
  ["tomorrow noon", "Wed 2026-12-02 12:00"],
  ["saturday noon", "Sat 2026-12-05 12:00"],
  ["sat noon", "Sat 2026-12-05 12:00"],
  ["midnight", "Wed 2026-12-02 00:00"],
  ["tomorrow at midnight", "Wed 2026-12-02 00:00 | Thu 2026-12-03 00:00"],
  ["saturday midnight", "Sat 2026-12-05 00:00 | Sun 2026-12-06 00:00"],
  ["tomorrow 18h", "Wed 2026-12-02 18:00"],
  ["tomorrow at 18h", "Wed 2026-12-02 18:00"],
  ["sat 10hs", "Sat 2026-12-05 10:00"],
  ["sat 10 hs", "Sat 2026-12-05 10:00"],
  ["saturday 9hrs", "Sat 2026-12-05 09:00"],
  ["sat 10am", "Sat 2026-12-05 10:00"],
  ["Saturday 10 AM", "Sat 2026-12-05 10:00"],
  ["on sat at 10am", "Sat 2026-12-05 10:00"],
  ["sat 10:00", "Sat 2026-12-05 10:00"],
  ["tomorrow 18:30", "Wed 2026-12-02 18:30"],
  ["tomorrow at 10", "Wed 2026-12-02 10:00"],
  ["today 3pm", "Tue 2026-12-01 15:00"],
  ["today at 6pm", "Tue 2026-12-01 18:00"],
  ["friday 6:30pm", "Fri 2026-12-04 18:30"],
  ["fri at 7pm", "Fri 2026-12-04 19:00"],
  ["monday 9am", "Mon 2026-12-07 09:00"],
  ["tuesday at 10am", "Tue 2026-12-08 10:00"],
  ["wed 8am", "Wed 2026-12-02 08:00"],
  ["thursday at quarter past 4 pm", "Thu 2026-12-03 16:15"],
  ["dec 5 10am", "Sat 2026-12-05 10:00"],
  ["December 5 at 10am", "Sat 2026-12-05 10:00"],
  ["5 December 10:00", "Sat 2026-12-05 10:00"],
  ["sat dec 5 10am", "Sat 2026-12-05 10:00"],
  ["12/24 6pm", "Thu 2026-12-24 18:00"],
  ["24/12 18:00", "Thu 2026-12-24 18:00"],
  ["5/12 10:00", "Wed 2027-05-12 10:00 | Sat 2026-12-05 10:00"],
  ["12/5 10am", "Sat 2026-12-05 10:00 | Wed 2027-05-12 10:00"],
  ["1/3 9am", "Sun 2027-01-03 09:00 | Mon 2027-03-01 09:00"],
  ["2026-12-05 10:00", "Sat 2026-12-05 10:00"],
  ["next friday 10am", "Fri 2026-12-11 10:00 | Fri 2026-12-04 10:00"],
  ["next sat 10am", "Sat 2026-12-12 10:00 | Sat 2026-12-05 10:00"],
  ["next monday 9am", "Mon 2026-12-07 09:00"],
  ["this saturday 10am", "Sat 2026-12-05 10:00"],
  ["saturday", "noTime"],
  ["tomorrow", "noTime"],
  ["next week", "noTime"],
  ["yesterday 10am", "wrongSide"],
  ["someday", "unreadable"],
  ["saturday at twenty", "unreadable"],
];

describe("reading dates: the Spanish table", () => {
  it("has at least 60 phrases", () => expect(SPANISH.length).toBeGreaterThanOrEqual(60));
  it.each(SPANISH)("%s", (text, expected) => expect(read(text, "es")).toBe(expected));
});

describe("reading dates: the English table", () => {
  it("has at least 60 phrases", () => expect(ENGLISH.length).toBeGreaterThanOrEqual(60));
  it.each(ENGLISH)("%s", (text, expected) => expect(read(text, "en")).toBe(expected));
});
