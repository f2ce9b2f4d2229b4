import { AdapterError } from "../core/port.js";
import type { Outbox, OutboxRow } from "./outbox.js";
import type { HeldHandler } from "./worker.js";

/** Give up on a message after this many failed tries (hours of back-off by then). */
const MAX_ATTEMPTS = 25;
/** Longest back-off between tries. */
const MAX_BACKOFF_MS = 10 * 60 * 1000;

/** What a failed send's row needs to decide its fate. */
export interface FailureContext {
  now: number;
  /** Until when the row's lane is paused after a 429 (clock ms). */
  pausedUntil: number;
  /** Whether the platform drops a repeated send (an idempotency key). */
  idempotent: boolean;
  onHeld: HeldHandler;
}

/**
 * Record a failed send in the outbox: retried later (backing off), held until the person can be
 * reached, or given up on. `final` is true when the row was given up on.
 */
export function recordFailure(outbox: Outbox, row: OutboxRow, err: unknown, ctx: FailureContext): { code: string; final: boolean } {
  const attempts = row.attempts + 1;
  const code = err instanceof AdapterError ? err.code : "TRANSIENT";
  const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(attempts - 1, 20));
  const giveUp = () => {
    outbox.fail(row.id, code);
    return { code, final: true };
  };
  const retryOrFail = (at: number) => {
    if (attempts >= MAX_ATTEMPTS) return giveUp();
    outbox.retryAt(row.id, at, code);
    return { code, final: false };
  };
  switch (code) {
    case "RATE_LIMITED":
      // The whole lane paused (`pauseLane`), not just this message; it goes first when the lane
      // resumes (rows to one destination go in queue order).
      outbox.retryAt(row.id, ctx.pausedUntil, code);
      return { code, final: false };
    case "UNCERTAIN":
      // Without an idempotency key, a request that may have arrived is not sent again.
      if (!ctx.idempotent) return giveUp();
      return retryOrFail(ctx.now + backoff);
    case "TRANSIENT":
      return retryOrFail(ctx.now + backoff);
    case "DM_UNAVAILABLE":
      outbox.hold(row.id, code);
      ctx.onHeld(row, err as AdapterError);
      return { code, final: false };
    default:
      return giveUp();
  }
}
