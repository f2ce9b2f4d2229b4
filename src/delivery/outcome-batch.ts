import type { Logger } from "pino";
import { crashPoint } from "../core/crash-points.js";
import { safeError } from "../errors.js";
import type { Outbox } from "./outbox.js";

/**
 * Outcomes of idempotent sends wait this long for others before they are written, so the answers
 * of a burst of sends cost one commit, not one each (see `OutcomeBatch.settle`).
 */
const BATCH_MS = 4;

/** The outcomes of a delivery worker's finished sends, written to the outbox together. */
export class OutcomeBatch {
  private readonly settled: (() => void)[] = [];
  /** Destinations whose send finished but whose outcome is not written yet: still in flight for the worker. */
  private readonly unrecorded: string[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private flushImmediate: NodeJS.Immediate | null = null;

  constructor(
    private readonly outbox: Outbox,
    private readonly log: Logger,
    private readonly platform: string,
    /** Called after each write with the destinations it recorded: no longer in flight. */
    private readonly done: (keys: string[]) => void,
  ) {}

  /** Outcomes not written yet. */
  get size(): number {
    return this.settled.length;
  }

  /**
   * Record a send's outcome (`key`: the destination of a queued row, held in flight until then).
   * Outcomes are written together in one transaction: those of idempotent sends within `BATCH_MS`
   * of the first, so the answers of a burst cost one disk sync, not one each; after a crash before
   * that, the row is sent again and the platform drops the repeat. Where a repeat would post twice
   * (Telegram), the outcome is written on the next turn of the event loop, with whatever else
   * arrived in that turn: an unrecorded answer is then only ever the send in flight.
   */
  settle(outcome: () => void, key: string | null, idempotent: boolean): void {
    this.settled.push(outcome);
    if (key !== null) this.unrecorded.push(key);
    if (!idempotent) this.flushImmediate ??= setImmediate(() => this.flush());
    else if (!this.flushTimer && !this.flushImmediate) this.flushTimer = setTimeout(() => this.flush(), BATCH_MS);
  }

  /** Write every outcome waiting, in one transaction. */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (this.flushImmediate) clearImmediate(this.flushImmediate);
    this.flushTimer = null;
    this.flushImmediate = null;
    if (this.settled.length === 0) return;
    const outcomes = this.settled.splice(0);
    const keys = this.unrecorded.splice(0);
    try {
      this.outbox.record(() => {
        for (const outcome of outcomes) outcome();
      });
      crashPoint("after-record");
    } catch (err) {
      // The store closed under a send that finished late: the row stays as it was and is sent again on start.
      this.log.warn({ platform: this.platform, err: safeError(err) }, "delivery outcome not recorded");
    } finally {
      this.done(keys);
    }
  }
}
