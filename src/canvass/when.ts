// Only the two locales the bot speaks, as the shifts job loads them.
import * as chronoEn from "chrono-node/en";
import * as chronoEs from "chrono-node/es";
import { DateTime } from "luxon";
import type { Lang } from "../core/i18n/catalog.js";

/** Why an incident time could not be read. */
export type IncidentProblem = "unreadable" | "noTime" | "future";

/** Words that may stand around a date without changing it ("on sat 6am", "el sábado a las 6"). */
const FILLER = /^(?:on|at|this|last|el|la|los|este|esta|pasado|a las|a la)$/i;

/**
 * Read when an incident happened, in the network's time zone: natural English or Spanish
 * ("yesterday 6am", "ayer 6:00", "sat 5:30") or ISO 8601. Unlike a shift's start it lies in the
 * past, so dates are read backwards from now. Returns epoch ms, or the problem.
 */
export function parseIncident(text: string, tz: string, now: number, lang: Lang): { ok: true; at: number } | { ok: false; problem: IncidentProblem } {
  const trimmed = text.trim();
  const iso = DateTime.fromISO(trimmed.replace(" ", "T"), { zone: tz });
  if (/^\d{4}-\d{2}-\d{2}/.test(trimmed)) {
    if (!iso.isValid) return { ok: false, problem: "unreadable" };
    if (!/[T ]\d{1,2}:\d{2}/.test(trimmed)) return { ok: false, problem: "noTime" };
    return past(iso.toMillis(), now);
  }
  const reference = { instant: new Date(now), timezone: DateTime.fromMillis(now, { zone: tz }).offset };
  const parsers = lang === "es" ? [chronoEs, chronoEn] : [chronoEn, chronoEs];
  for (const parser of parsers) {
    const [result] = parser.parse(trimmed, reference);
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
    if (at.isValid) return past(at.toMillis(), now);
  }
  return { ok: false, problem: "unreadable" };
}

function past(at: number, now: number): { ok: true; at: number } | { ok: false; problem: IncidentProblem } {
  return at <= now ? { ok: true, at } : { ok: false, problem: "future" };
}

function coversAll(text: string, index: number, matched: string): boolean {
  const rest = `${text.slice(0, index)} ${text.slice(index + matched.length)}`.trim();
  return rest === "" || rest.split(/\s+/).every((word) => FILLER.test(word)) || FILLER.test(rest);
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
