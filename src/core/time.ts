import { DateTime } from "luxon";
import type { Lang } from "./i18n/catalog.js";

/** Show an instant in a network's time zone, in the reader's language: `Sat 5 Dec, 10:00`. */
export function formatWhen(ms: number, tz: string, lang: Lang): string {
  return DateTime.fromMillis(ms, { zone: tz }).setLocale(lang === "es" ? "es" : "en-GB").toFormat("ccc d LLL, HH:mm");
}

/** Only the time of day: `10:00`. */
export function formatTime(ms: number, tz: string): string {
  return DateTime.fromMillis(ms, { zone: tz }).toFormat("HH:mm");
}
