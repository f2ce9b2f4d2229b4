import { readDateTime } from "../core/datetime.js";
import type { Lang } from "../core/i18n/catalog.js";

/** Why a WHEN could not be read. */
export type WhenProblem = "unreadable" | "noTime" | "past";

/**
 * Read a shift's start from what a lead typed, in the network's time zone ("sat 10am",
 * "sábado 10:00", "tomorrow 18:30", ISO). It must lie ahead. Returns epoch ms, or the problem; with
 * `alternative` when the phrase may mean another date too ("next friday"), which the lead must choose.
 */
export function parseWhen(
  text: string,
  tz: string,
  now: number,
  lang: Lang,
): { ok: true; at: number; alternative?: number } | { ok: false; problem: WhenProblem } {
  const reading = readDateTime(text, tz, now, lang, "future");
  if (reading.ok) return reading.alternative ? { ok: true, at: reading.at, alternative: reading.alternative.at } : { ok: true, at: reading.at };
  return { ok: false, problem: reading.problem === "wrongSide" ? "past" : reading.problem };
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
