import type { Lang } from "./i18n/catalog.js";

/**
 * Dates as people read them, in a network's time zone: `Sat 5 Dec, 10:00` / `sáb 5 dic, 10:00`.
 * The platform's Intl (ICU) does the zone and the words; formatters are cached per zone and language
 * because building one is far dearer than using it, and every shift line formats two times.
 */
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string, lang: Lang, withDate: boolean): Intl.DateTimeFormat {
  const key = `${tz}|${lang}|${withDate}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === "es" ? "es" : "en-GB", {
      timeZone: tz,
      hourCycle: "h23",
      hour: "2-digit",
      minute: "2-digit",
      ...(withDate ? { weekday: "short", day: "numeric", month: "short" } : {}),
    });
    cache.set(key, f);
  }
  return f;
}

/** Show an instant in a network's time zone, in the reader's language: `Sat 5 Dec, 10:00`. */
export function formatWhen(ms: number, tz: string, lang: Lang): string {
  const parts: Record<string, string> = {};
  for (const part of formatter(tz, lang, true).formatToParts(ms)) parts[part.type] = part.value;
  return `${parts.weekday} ${parts.day} ${parts.month}, ${parts.hour}:${parts.minute}`;
}

/** Only the time of day: `10:00`. */
export function formatTime(ms: number, tz: string): string {
  const parts: Record<string, string> = {};
  for (const part of formatter(tz, "en", false).formatToParts(ms)) parts[part.type] = part.value;
  return `${parts.hour}:${parts.minute}`;
}

const proseCache = new Map<string, Intl.DateTimeFormat>();

/**
 * An instant inside a sentence. In Spanish as people say it, `el sábado 5 de diciembre a las 9:26`
 * (`a la 1:05`), never `a las sáb 5 dic, 09:26`; in English the short form of `formatWhen`.
 */
export function formatWhenInSentence(ms: number, tz: string, lang: Lang): string {
  if (lang !== "es") return formatWhen(ms, tz, lang);
  let f = proseCache.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("es", { timeZone: tz, hourCycle: "h23", hour: "numeric", minute: "2-digit", weekday: "long", day: "numeric", month: "long" });
    proseCache.set(tz, f);
  }
  const parts: Record<string, string> = {};
  for (const part of f.formatToParts(ms)) parts[part.type] = part.value;
  const hour = Number(parts.hour);
  return `el ${parts.weekday} ${parts.day} de ${parts.month} ${hour === 1 ? "a la" : "a las"} ${hour}:${parts.minute}`;
}
