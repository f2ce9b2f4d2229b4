import { readDateTime } from "../core/datetime.js";
import type { Lang } from "../core/i18n/catalog.js";

/** Why an incident time could not be read. */
export type IncidentProblem = "unreadable" | "noTime" | "future";

/**
 * Read when an incident happened, in the network's time zone ("yesterday 6am", "ayer 6:00",
 * "sat 5:30", ISO). Unlike a shift's start it lies behind. Returns epoch ms, or the problem; with
 * `alternative` when the phrase may mean another time too ("ayer a las 5:30"), which the lead must say.
 */
export function parseIncident(
  text: string,
  tz: string,
  now: number,
  lang: Lang,
): { ok: true; at: number; alternative?: number } | { ok: false; problem: IncidentProblem } {
  const reading = readDateTime(text, tz, now, lang, "past");
  if (reading.ok) return reading.alternative ? { ok: true, at: reading.at, alternative: reading.alternative.at } : { ok: true, at: reading.at };
  return { ok: false, problem: reading.problem === "wrongSide" ? "future" : reading.problem };
}

/** Shortest and longest time until footage is overwritten, in hours. */
export const DEADLINE_LIMITS = { minHours: 1, maxHours: 720 } as const;

/**
 * Read a deadline length: `72h`, `3d`, `90m`, `2d12h` (`días`/`horas` too). Returns milliseconds,
 * or null when it is not a length.
 */
export function parseSpan(token: string): number | null {
  const text = token.trim().toLowerCase();
  const m = /^(?:(\d{1,3})(?:d|day|days|dia|dias|día|días))?(?:(\d{1,4})(?:h|hr|hrs|hora|horas))?(?:(\d{1,5})(?:m|min|mins|minutos))?$/.exec(text);
  if (!m || (m[1] === undefined && m[2] === undefined && m[3] === undefined)) return null;
  return ((Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 60_000;
}

/** Show a span of time as `2d 4h`, `5h`, `45m`: what is left before a deadline. */
export function formatSpan(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return h > 0 ? `${d}d ${h}h` : `${d}d`;
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`;
  return `${m}m`;
}
