// Only the two locales the bot speaks: the whole package loads a dozen and costs ~20 MB more.
import * as chronoEn from "chrono-node/en";
import * as chronoEs from "chrono-node/es";
import { DateTime } from "luxon";
import { ENGLISH_PARSERS, SPANISH_PARSERS } from "./date-words.js";
import type { Lang } from "./i18n/catalog.js";

/** Which side of now a date must fall on: a shift's start lies ahead, an incident behind. */
export type Direction = "future" | "past";

/** Why a date and time could not be read. `wrongSide` is in the past for a future date, and vice versa. */
export type DateProblem = "unreadable" | "noTime" | "wrongSide";

/**
 * Why a reading may not be what the speaker meant: "next friday" (this coming one or the one after?),
 * "5/12" in English (12 May or 5 December?), "saturday midnight" (the night before or after?).
 */
export type Ambiguity = "nextWeekday" | "dayMonthOrder" | "midnight" | "dayHalf";

/**
 * The outcome of reading a date and time. When the phrase is ambiguous, `at` is chrono's reading and
 * `alternative` the other one a speaker may have meant; the caller asks before acting on either.
 */
export type DateReading =
  | { ok: true; at: number; alternative?: { at: number; why: Ambiguity } }
  | { ok: false; problem: DateProblem };

/** chrono's casual readers with the phrasings of date-words.ts added (day first in Spanish, as chrono's es has it). */
const SPANISH = chronoEs.casual.clone();
SPANISH.parsers.unshift(...SPANISH_PARSERS);
const ENGLISH = chronoEn.casual.clone();
ENGLISH.parsers.unshift(...ENGLISH_PARSERS);

/** Words that may stand around a date without changing it ("on sat 10am", "el sábado a las 10"). */
// Never words that change the date ("next", "pasado"): if chrono did not read them, refuse rather than misread.
const FILLER = /^(?:on|at|this|el|la|los|este|esta|a las|a la|al|a|de)$/i;

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Read a date and time someone typed, in the network's time zone: natural English or Spanish
 * ("sat 10am", "sábado 10:00", "tomorrow 18:30", "ayer 6 de la mañana") or ISO 8601. The date
 * libraries do the calendar and time-zone work (chrono reads the words, Luxon places the wall-clock
 * time in the zone, daylight saving included); nothing here does date arithmetic of its own.
 */
export function readDateTime(text: string, tz: string, now: number, lang: Lang, direction: Direction): DateReading {
  const raw = readOnce(text, tz, now, lang, direction);
  if (!raw.ok) return raw;
  const side = (ms: number) => (direction === "future" ? ms > now : ms <= now);
  // An hour said without its half of the day: both readings, when both fit; else the one that does.
  const halves = raw.halfOpen ? [raw.at, DateTime.fromMillis(raw.at, { zone: tz }).plus({ hours: 12 }).toMillis()].filter(side) : [raw.at];
  const [at] = halves;
  if (at === undefined) return onSide(raw.at, now, direction);
  if (halves.length === 2) return { ok: true, at, alternative: { at: halves[1]!, why: "dayHalf" } };
  if (!side(at)) return onSide(at, now, direction);
  const alternative = otherReading(text, tz, now, lang, direction, at);
  return alternative ? { ok: true, at, alternative } : { ok: true, at };
}

/**
 * Hours a speaker says without "am"/"pm" or "de la mañana/tarde" that may be either half of the day
 * for a shift or an incident: 1 to 7 ("a las 6 y media", "at 6:30", "a las 5"). From 8 to 11 the
 * morning is what people mean ("el sábado a las diez"), 12 is noon, and a written 24-hour time
 * ("18:30", "06:30", "18h") says which already.
 */
const OPEN_HOURS = { min: 1, max: 7 } as const;

/**
 * The other date a speaker may have meant, when it differs and lies on the right side of now:
 * "next friday" may be this coming Friday; "5/12" typed in English may be day first; a date at
 * midnight may mean the night that ends it.
 */
function otherReading(text: string, tz: string, now: number, lang: Lang, direction: Direction, at: number): { at: number; why: Ambiguity } | undefined {
  const atZone = DateTime.fromMillis(at, { zone: tz });
  const fits = (ms: number) => ms !== at && (direction === "future" ? ms > now : ms <= now);
  if (/(?:^|\s)(?:next|pr[oó]xim[oa])(?=\s)/iu.test(text)) {
    const sooner = atZone.minus({ weeks: 1 }).toMillis();
    if (fits(sooner)) return { at: sooner, why: "nextWeekday" };
  }
  const numeric = /(?:^|\s)(\d{1,2})\/(\d{1,2})(?=$|[\s/])/.exec(text);
  if (lang !== "es" && numeric && numeric[1] !== numeric[2] && Number(numeric[1]) <= 12 && Number(numeric[2]) <= 12) {
    const swapped = text.replace(`${numeric[1]}/${numeric[2]}`, `${numeric[2]}/${numeric[1]}`);
    const other = readOnce(swapped, tz, now, lang, direction);
    if (other.ok && fits(other.at)) return { at: other.at, why: "dayMonthOrder" };
  }
  const dayWords = text.replace(/(?:^|\s)(?:at|a\s+la|al|a)?\s*(?:midnight|media\s?noche)/iu, "").trim();
  if (/midnight|media\s?noche/iu.test(text) && atZone.hour === 0 && atZone.minute === 0 && dayWords !== "") {
    const later = atZone.plus({ days: 1 }).toMillis();
    if (fits(later)) return { at: later, why: "midnight" };
  }
  return undefined;
}

/** A reading before its side of now is checked; `halfOpen` when the hour did not say which half of the day. */
type RawReading = { ok: true; at: number; halfOpen: boolean } | { ok: false; problem: DateProblem };

function readOnce(text: string, tz: string, now: number, lang: Lang, direction: Direction): RawReading {
  const trimmed = spanishDayPeriods(text.trim());
  const iso = DateTime.fromISO(trimmed.replace(" ", "T"), { zone: tz });
  if (/^\d{4}-\d{2}-\d{2}/.test(trimmed)) {
    // chrono reads an impossible ISO date such as 2027-13-05 as 13 May: refuse it instead.
    if (!iso.isValid) return { ok: false, problem: /^\d{4}-\d{2}-\d{2}$/.test(trimmed) && DateTime.fromISO(trimmed).isValid ? "noTime" : "unreadable" };
    if (!/[T ]\d{1,2}:\d{2}/.test(trimmed)) return { ok: false, problem: "noTime" };
    return { ok: true, at: iso.toMillis(), halfOpen: false };
  }
  const reference = { instant: new Date(now), timezone: DateTime.fromMillis(now, { zone: tz }).offset };
  const parsers = lang === "es" ? [SPANISH, ENGLISH] : [ENGLISH, SPANISH];
  for (const parser of parsers) {
    const [result] = parser.parse(trimmed, reference, { forwardDate: direction === "future" });
    if (!result || !coversAll(trimmed, result.index, result.text)) continue;
    if (!result.start.isCertain("hour")) return { ok: false, problem: "noTime" };
    let at = DateTime.fromObject(
      {
        year: result.start.get("year")!,
        month: result.start.get("month")!,
        day: result.start.get("day")!,
        hour: result.start.get("hour")!,
        minute: result.start.get("minute") ?? 0,
      },
      { zone: tz },
    );
    if (!at.isValid) continue;
    // "sat 10am" typed on a Saturday after 10:00 means next Saturday; chrono keeps today.
    const weekdayOnly = result.start.isCertain("weekday") && !result.start.isCertain("day");
    if (weekdayOnly && direction === "future" && at.toMillis() <= now) at = at.plus({ weeks: 1 });
    if (weekdayOnly && direction === "past" && at.toMillis() > now && at.toMillis() - now < WEEK_MS) at = at.minus({ weeks: 1 });
    return { ok: true, at: at.toMillis(), halfOpen: halfOpen(result.start.isCertain("meridiem"), at.hour, result.text) };
  }
  return { ok: false, problem: "unreadable" };
}

/** True when the hour read may be in either half of the day (see OPEN_HOURS). */
function halfOpen(meridiemSaid: boolean, hour: number, matched: string): boolean {
  if (meridiemSaid || hour < OPEN_HOURS.min || hour > OPEN_HOURS.max) return false;
  // "06:30" and "6h" / "18hs" are the 24-hour clock, written; a spoken hour is not.
  return !/(?:^|\D)0\d(?::\d{2})?(?!\d)/.test(matched) && !/\d\s?(?:h|hs|hrs)(?=$|[\s,.!?)])/i.test(matched);
}

function onSide(at: number, now: number, direction: Direction): DateReading {
  const right = direction === "future" ? at > now : at <= now;
  return right ? { ok: true, at } : { ok: false, problem: "wrongSide" };
}

/**
 * Spanish speakers say the part of the day after the hour ("a las 6 de la tarde"), which chrono does
 * not read. Rewrite it as am/pm, which it does. An ambiguous twelve ("12 de la noche", "12 de la
 * mañana") is left alone: refused rather than misread.
 */
function spanishDayPeriods(text: string): string {
  return text.replace(
    /\b(\d{1,2}(?::\d{2})?)\s+de\s+la\s+(mañana|manana|madrugada|tarde|noche)\b/giu,
    (whole, time: string, period: string) => {
      const hour = Number(time.split(":")[0]);
      const word = period.toLowerCase();
      if (hour < 1 || hour > 12) return whole;
      if (hour === 12 && word !== "tarde" && word !== "madrugada") return whole;
      return `${time}${word === "tarde" || word === "noche" ? "pm" : "am"}`;
    },
  );
}

/** True when everything outside the parsed stretch is filler, so no typed word was silently dropped. */
function coversAll(text: string, index: number, matched: string): boolean {
  const rest = `${text.slice(0, index)} ${text.slice(index + matched.length)}`.trim();
  if (!rest) return true;
  return rest.split(/\s+/).every((word) => FILLER.test(word)) || FILLER.test(rest);
}
