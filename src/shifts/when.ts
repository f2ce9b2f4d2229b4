// Only the two locales the bot speaks: the whole package loads a dozen and costs ~20 MB more.
import * as chronoEn from "chrono-node/en";
import * as chronoEs from "chrono-node/es";
import { DateTime } from "luxon";
import type { Lang } from "../core/i18n/catalog.js";

/** Why a WHEN could not be read. */
export type WhenProblem = "unreadable" | "noTime" | "past";

/** Words that may stand around a date without changing it ("on sat 10am", "el sábado a las 10"). */
const FILLER = /^(?:on|at|this|next|el|la|los|este|esta|próximo|proximo|a las|a la)$/i;

/**
 * Read a shift's start from what a lead typed, in the network's time zone: natural English or
 * Spanish ("sat 10am", "sábado 10:00", "tomorrow 18:30") or ISO 8601. The date library does the
 * calendar and time-zone work (chrono reads the words, Luxon places the wall-clock time in the zone,
 * daylight saving included). Returns epoch ms, or the problem.
 */
export function parseWhen(text: string, tz: string, now: number, lang: Lang): { ok: true; at: number } | { ok: false; problem: WhenProblem } {
  const trimmed = spanishDayPeriods(text.trim());
  const iso = DateTime.fromISO(trimmed, { zone: tz, setZone: false });
  if (iso.isValid && /\d{4}-\d{2}-\d{2}/.test(trimmed)) {
    if (!/[T ]\d{1,2}:\d{2}/.test(trimmed)) return { ok: false, problem: "noTime" };
    return future(iso.toMillis(), now);
  }
  // chrono reads an impossible ISO date such as 2027-13-05 as 13 May: refuse it instead.
  const isoDate = /^(\d{4}-\d{2}-\d{2})(?:[T\s]|$)/.exec(trimmed);
  if (isoDate && !DateTime.fromISO(isoDate[1]!).isValid) return { ok: false, problem: "unreadable" };
  const reference = { instant: new Date(now), timezone: DateTime.fromMillis(now, { zone: tz }).offset };
  const parsers = lang === "es" ? [chronoEs, chronoEn] : [chronoEn, chronoEs];
  for (const parser of parsers) {
    const [result] = parser.parse(trimmed, reference, { forwardDate: true });
    if (!result || !coversAll(trimmed, result.index, result.text)) continue;
    if (!result.start.isCertain("hour")) return { ok: false, problem: "noTime" };
    const at = DateTime.fromObject(
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
    return future(at.toMillis(), now);
  }
  return { ok: false, problem: "unreadable" };
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

function future(at: number, now: number): { ok: true; at: number } | { ok: false; problem: WhenProblem } {
  return at > now ? { ok: true, at } : { ok: false, problem: "past" };
}

/** True when everything outside the parsed stretch is filler, so no typed word was silently dropped. */
function coversAll(text: string, index: number, matched: string): boolean {
  const rest = `${text.slice(0, index)} ${text.slice(index + matched.length)}`.trim();
  if (!rest) return true;
  return rest.split(/\s+/).every((word) => FILLER.test(word)) || FILLER.test(rest);
}

/** Shortest and longest shift, in minutes. */
export const DURATION_LIMITS = { min: 15, max: 24 * 60 } as const;

/**
 * Read a duration: `2h`, `90m`, `1h30`, `1h30m`, `2horas`. Not `1:30`, which reads as a time of day
 * ("sábado 10:00 2h"). Returns minutes, or null when it is not a duration.
 */
export function parseDuration(token: string): number | null {
  const text = token.trim().toLowerCase();
  const m = /^(?:(\d{1,2})(?:h|hr|hrs|hora|horas))?(?:(\d{1,4})(?:m|min|mins|minutos)?)?$/.exec(text);
  if (!m || (m[1] === undefined && m[2] === undefined)) return null;
  if (m[1] === undefined && !/m|min/.test(text)) return null;
  return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
}

/** Show minutes as `2h`, `1h30`, `45m`. */
export function formatDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m}m`;
  return m === 0 ? `${h}h` : `${h}h${String(m).padStart(2, "0")}`;
}
