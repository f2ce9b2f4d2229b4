import { DateTime } from "luxon";

/** The time source. Everything that compares times takes a Clock, so tests and the console can move time. */
export interface Clock {
  now(): number;
}

/** Wall-clock time. */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * A clock that runs with the system but can be moved forward (the console's `:clock +25h`), and
 * may start at another instant (`--now`), so a rehearsal or a test does not depend on the hour.
 */
export class OffsetClock implements Clock {
  private offsetMs: number;
  constructor(
    private readonly base: Clock = systemClock,
    startAt?: number,
  ) {
    this.offsetMs = startAt === undefined ? 0 : startAt - base.now();
  }
  now(): number {
    return this.base.now() + this.offsetMs;
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

/** A clock that only moves when told to (tests). */
export class ManualClock implements Clock {
  constructor(private current: number) {}
  now(): number {
    return this.current;
  }
  set(ms: number): void {
    this.current = ms;
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

/**
 * Read a start instant given on the command line (`--now 2026-12-31T23:45:00-06:00`): ISO 8601 with
 * a date, a time and an explicit zone (`Z` or an offset), so it means the same instant on every
 * machine. Returns null for anything else.
 */
export function parseStartInstant(text: string): number | null {
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
  if (!iso.test(text)) return null;
  // luxon refuses impossible dates (30 February) that Date.parse quietly moves to March.
  const at = DateTime.fromISO(text, { setZone: true });
  return at.isValid ? at.toMillis() : null;
}
