import { DateTime } from "luxon";
import { type Lang, t } from "./i18n/catalog.js";

/**
 * Dates as people read them, in a network's time zone: `Sat Dec 5, 10am` in English (12-hour, as US
 * readers expect), `sáb 5 dic, 10:00` in Spanish (24-hour); always the weekday, and the year when it
 * is not the reader's current year (`Fri Jan 1, 2027, 9am`). The platform's Intl (ICU) does the zone,
 * the words and their order; formatters are cached per zone, language and shape because building
 * one is far dearer than using it, and every shift line formats two times.
 */
const cache = new Map<string, Intl.DateTimeFormat>();

type Shape = "date" | "dateYear" | "time";

function formatter(tz: string, lang: Lang, shape: Shape): Intl.DateTimeFormat {
  const key = `${tz}|${lang}|${shape}`;
  let f = cache.get(key);
  if (!f) {
    const date: Intl.DateTimeFormatOptions =
      shape === "time" ? {} : { weekday: "short", day: "numeric", month: "short", ...(shape === "dateYear" ? { year: "numeric" } : {}) };
    f =
      lang === "es"
        ? new Intl.DateTimeFormat("es", { timeZone: tz, hourCycle: "h23", hour: "2-digit", minute: "2-digit", ...date })
        : new Intl.DateTimeFormat("en-US", { timeZone: tz, hour12: true, hour: "numeric", minute: "2-digit", ...date });
    cache.set(key, f);
  }
  return f;
}

/**
 * Intl's parts, with the English time made short: `10:00 AM` reads `10am`, `6:30 PM` `6:30pm`.
 * Spanish keeps Intl's own `10:00`.
 */
function render(ms: number, tz: string, lang: Lang, shape: Shape): string {
  const parts = formatter(tz, lang, shape).formatToParts(ms);
  // The weekday leads its date without a comma: `Sat Dec 5`, `sáb 5 dic`.
  const afterWeekday = parts.findIndex((p) => p.type === "weekday") + 1;
  if (afterWeekday > 0 && parts[afterWeekday]?.type === "literal") parts[afterWeekday] = { type: "literal", value: " " };
  if (lang === "es") return parts.map((p) => p.value).join("");
  const minute = parts.find((p) => p.type === "minute")?.value;
  const out: string[] = [];
  for (const [i, p] of parts.entries()) {
    const next = parts[i + 1];
    if (p.type === "minute" && minute === "00") continue;
    if (p.type === "literal" && next?.type === "minute" && minute === "00") continue; // the ":" before :00
    if (p.type === "literal" && next?.type === "dayPeriod") continue; // the space before AM
    out.push(p.type === "dayPeriod" ? p.value.toLowerCase() : p.value);
  }
  return out.join("");
}

function sameYear(ms: number, now: number, tz: string): boolean {
  return DateTime.fromMillis(ms, { zone: tz }).year === DateTime.fromMillis(now, { zone: tz }).year;
}

/**
 * Show an instant in a network's time zone, in the reader's language: `Sat Dec 5, 10am` /
 * `sáb 5 dic, 10:00`; with the year when `now` is in another year (`Sat Jan 2, 2027, 10am`).
 * Without `now` the year is always shown, so a date is never misplaced for want of one.
 */
export function formatWhen(ms: number, tz: string, lang: Lang, now?: number): string {
  return render(ms, tz, lang, now !== undefined && sameYear(ms, now, tz) ? "date" : "dateYear");
}

/** Only the time of day: `10am` / `10:00`. */
export function formatTime(ms: number, tz: string, lang: Lang): string {
  return render(ms, tz, lang, "time");
}

/**
 * The end of a span that starts at `start`: the time alone on the same day (`12pm`), `3am next day`
 * / `03:00 del día siguiente` past midnight, and the whole date when later still.
 */
export function formatEnd(start: number, end: number, tz: string, lang: Lang, now?: number): string {
  const from = DateTime.fromMillis(start, { zone: tz }).startOf("day");
  const to = DateTime.fromMillis(end, { zone: tz }).startOf("day");
  const days = Math.round(to.diff(from, "days").days);
  if (days === 0) return formatTime(end, tz, lang);
  if (days === 1) return t(lang, "time.endNextDay", { time: formatTime(end, tz, lang) });
  return formatWhen(end, tz, lang, now);
}

const proseCache = new Map<string, Intl.DateTimeFormat>();

/**
 * An instant inside a sentence. In Spanish as people say it, `el sábado 5 de diciembre a las 9:26`
 * (`a la 1:05`), never `a las sáb 5 dic, 09:26`; in English the short form of `formatWhen`.
 */
export function formatWhenInSentence(ms: number, tz: string, lang: Lang, now?: number): string {
  if (lang !== "es") return formatWhen(ms, tz, lang, now);
  const withYear = !(now !== undefined && sameYear(ms, now, tz));
  const key = `${tz}|${withYear}`;
  let f = proseCache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("es", {
      timeZone: tz,
      hourCycle: "h23",
      hour: "numeric",
      minute: "2-digit",
      weekday: "long",
      day: "numeric",
      month: "long",
      ...(withYear ? { year: "numeric" } : {}),
    });
    proseCache.set(key, f);
  }
  const parts: Record<string, string> = {};
  for (const part of f.formatToParts(ms)) parts[part.type] = part.value;
  const hour = Number(parts.hour);
  const date = withYear ? `${parts.day} de ${parts.month} de ${parts.year}` : `${parts.day} de ${parts.month}`;
  return `el ${parts.weekday} ${date} ${hour === 1 ? "a la" : "a las"} ${hour}:${parts.minute}`;
}
