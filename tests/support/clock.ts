import { DateTime } from "luxon";
import { parseStartInstant } from "../../src/core/clock.js";

/**
 * The instant a test story starts at: `PORCHLIGHT_TEST_NOW` (ISO 8601 with a zone) when set, so CI can
 * replay the date-sensitive files at awkward hours (see scripts/test-clocks.sh), and otherwise a
 * fixed Tuesday noon UTC. Never the machine's wall clock.
 */
export const TEST_NOW: number = readTestNow(process.env.PORCHLIGHT_TEST_NOW);

function readTestNow(text: string | undefined): number {
  if (text === undefined || text === "") return Date.UTC(2026, 11, 1, 12, 0);
  const at = parseStartInstant(text);
  if (at === null) throw new Error(`PORCHLIGHT_TEST_NOW must be an ISO 8601 instant with a zone, got "${text}"`);
  return at;
}

/** `ms` as the bot's `--now` option reads it. */
export function isoInstant(ms: number): string {
  return new Date(ms).toISOString();
}

/** `ms` as a lead types it in a network's time zone: `2026-12-03 18:30`, which the bot reads exactly. */
export function typedLocal(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd HH:mm");
}

/** Milliseconds in an hour and in a day. */
export const HOUR = 60 * 60 * 1000;
export const DAY = 24 * HOUR;
