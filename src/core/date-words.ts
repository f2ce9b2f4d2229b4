import type { Parser } from "chrono-node/en";

type ParsingContext = Parameters<Parser["extract"]>[0];
import { DateTime } from "luxon";

/**
 * Extra chrono parsers for the ways people in the network write times that chrono's own English and
 * Spanish parsers do not read: "pasado mañana", "a las diez", "6 y media", "7 menos cuarto",
 * "mediodía", "medianoche", "18h", "10hs", "day after tomorrow", "half past 6", "at ten". Each one
 * yields chrono components; chrono's own refiners then merge them with the date beside them
 * ("mañana" + "a las 6 y media"), so the calendar work stays chrono's and Luxon's.
 */

/** Hour words, Spanish and English, as a speaker says a clock hour. */
const HOUR_WORDS: Record<string, number> = {
  una: 1, uno: 1, dos: 2, tres: 3, cuatro: 4, cinco: 5, seis: 6, siete: 7, ocho: 8, nueve: 9, diez: 10, once: 11, doce: 12,
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
};

const ES_HOUR = "(\\d{1,2}|una|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce)";
const EN_HOUR = "(\\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)";
/** Start of a word: chrono matches anywhere in the text. */
const START = "(?<=^|[\\s,(])";
/** End of a word. */
const END = "(?=$|[\\s,.!?)])";

function hourOf(token: string): number | null {
  const n = /^\d+$/.test(token) ? Number(token) : HOUR_WORDS[token.toLowerCase()];
  return n === undefined || n > 23 ? null : n;
}

/**
 * Place a clock reading on the 24-hour dial. `evening` is true for pm / "de la tarde" / "de la
 * noche", false for am / "de la mañana", undefined when nothing says. An ambiguous twelve at night
 * ("12 de la noche") is refused: null.
 */
function onDial(hour: number, minute: number, evening: boolean | undefined, nightTwelve: boolean): { hour: number; minute: number; meridiem?: number } | null {
  if (evening === undefined) return { hour, minute };
  if (hour < 1 || hour > 12) return null;
  if (hour === 12 && nightTwelve) return null;
  const h = evening ? (hour === 12 ? 12 : hour + 12) : hour === 12 ? 0 : hour;
  return { hour: h, minute, meridiem: evening ? 1 : 0 };
}

/** "y media" / "y cuarto" / "menos cuarto" / "en punto" and the English "half past" family, as minutes. */
function fraction(word: string | undefined): number {
  const w = (word ?? "").toLowerCase().replace(/\s+/g, " ");
  if (w === "y media" || w === "half past" || w === "half") return 30;
  if (w === "y cuarto" || w === "quarter past") return 15;
  if (w === "menos cuarto" || w === "quarter to") return -15;
  return 0;
}

function timeResult(context: ParsingContext, match: RegExpMatchArray, hour: number, minute: number, evening: boolean | undefined, nightTwelve: boolean) {
  let h = hour;
  let m = minute;
  if (m < 0) {
    h = (h + 23) % 24;
    m += 60;
  }
  const dial = onDial(h, m, evening, nightTwelve);
  if (!dial) return null;
  return context.createParsingResult(match.index ?? 0, match[0], context.createParsingComponents(dial));
}

function spanishPeriod(word: string | undefined): boolean | undefined {
  if (!word) return undefined;
  const w = word.toLowerCase();
  if (w === "tarde" || w === "noche" || w === "pm" || w === "p.m.") return true;
  return false;
}

/** "a las diez", "a las 6 y media de la tarde", "a la una y cuarto", "6 y media", "7 menos cuarto", "10 en punto". */
const spanishClock: Parser = {
  pattern: () =>
    new RegExp(
      `${START}(?:(a\\s+las?)\\s+)?${ES_HOUR}(?::(\\d{2}))?(?:\\s+(y\\s+media|y\\s+cuarto|menos\\s+cuarto|en\\s+punto))?(?:\\s+(?:de\\s+la\\s+(mañana|manana|madrugada|tarde|noche)|(am|pm|a\\.m\\.|p\\.m\\.)))?${END}`,
      "iu",
    ),
  extract: (context, match) => {
    const [, prefix, hourText, minuteText, frac, period, ampm] = match;
    if (!prefix && !frac) return null; // a bare number is chrono's, or not a time at all
    const hour = hourOf(hourText!);
    if (hour === null) return null;
    const minute = Number(minuteText ?? 0) + fraction(frac);
    const p = period ?? ampm;
    return timeResult(context, match, hour, minute, spanishPeriod(p), p === "noche" || p === "mañana" || p === "manana");
  },
};

/** "18h", "10hs", "10:30h", "9hrs" (not "2h" after a time, which is a duration: the caller splits those off first). */
const hourSuffix: Parser = {
  pattern: () => new RegExp(`${START}(?:(?:a\\s+las?|at)\\s+)?(\\d{1,2})(?::(\\d{2}))?\\s?(?:h|hs|hrs)${END}`, "iu"),
  extract: (context, match) => {
    const hour = hourOf(match[1]!);
    if (hour === null) return null;
    return timeResult(context, match, hour, Number(match[2] ?? 0), undefined, false);
  },
};

/** "mediodía", "al mediodía", "a medianoche", "a la medianoche". */
const spanishNoonMidnight: Parser = {
  pattern: () => new RegExp(`${START}(?:(?:al|a\\s+la|a|el)\\s+)?(medio\\s?d[ií]a|media\\s?noche)${END}`, "iu"),
  extract: (context, match) => {
    const noon = /^medio/i.test(match[1]!);
    return context.createParsingResult(match.index ?? 0, match[0], context.createParsingComponents({ hour: noon ? 12 : 0, minute: 0 }));
  },
};

/** "pasado mañana" and "the day after tomorrow": two days on. */
function dayAfterTomorrow(pattern: string): Parser {
  return {
    pattern: () => new RegExp(`${START}${pattern}${END}`, "iu"),
    extract: (context, match) => {
      // The adjusted date's local fields are the wall clock in the reference zone.
      const ref = context.reference.getDateWithAdjustedTimezone();
      const day = DateTime.fromObject({ year: ref.getFullYear(), month: ref.getMonth() + 1, day: ref.getDate() }).plus({ days: 2 });
      const components = context.createParsingComponents({ year: day.year, month: day.month, day: day.day });
      return context.createParsingResult(match.index ?? 0, match[0], components);
    },
  };
}

/** "half past 6", "quarter to 7 pm", "at ten", "at 6 o'clock in the evening". */
const englishClock: Parser = {
  pattern: () =>
    new RegExp(
      `${START}(?:(at)\\s+)?(?:(half\\s+past|quarter\\s+past|quarter\\s+to)\\s+)?${EN_HOUR}(?:\\s+o'?clock)?(?:\\s*(am|pm|a\\.m\\.|p\\.m\\.)|\\s+in\\s+the\\s+(morning|afternoon|evening)|\\s+at\\s+night)?${END}`,
      "iu",
    ),
  extract: (context, match) => {
    const [whole, prefix, frac, hourText, ampm, part] = match;
    const word = !/^\d/.test(hourText!);
    if (!frac && !(prefix && word)) return null; // "at 10" and "10am" are chrono's own
    const hour = hourOf(hourText!);
    if (hour === null) return null;
    const atNight = /at\s+night$/i.test(whole!);
    const evening = ampm ? /^p/i.test(ampm) : part ? part.toLowerCase() !== "morning" : atNight ? true : undefined;
    return timeResult(context, match, hour, fraction(frac), evening, atNight);
  },
};

/** The parsers Spanish reading adds to chrono's. */
export const SPANISH_PARSERS: Parser[] = [spanishClock, hourSuffix, spanishNoonMidnight, dayAfterTomorrow("pasado\\s+ma[ñn]ana")];

/** The parsers English reading adds to chrono's. */
export const ENGLISH_PARSERS: Parser[] = [englishClock, hourSuffix, dayAfterTomorrow("(?:the\\s+)?day\\s+after\\s+tomorrow")];
