import type { Logger } from "../../src/core/port.js";
import { describeFailure, failureFacts, toAdapterError } from "./errors.js";
import type { HostStateStorageProvider } from "./storage.js";
import { type PendingSync, SyncAborted, type SyncResponse, startSync } from "./sync-request.js";

export interface SyncLoopOptions {
  homeserverUrl: string;
  accessToken: string;
  storage: HostStateStorageProvider;
  log: Logger;
  /** How long the homeserver may hold each /sync open. */
  timeoutMs: number;
  /** Wait after a failed /sync: doubles from min to max. */
  backoffMs: { min: number; max: number };
  /**
   * Handle one batch. `initial` is true for a sync without a since token, whose timeline is history
   * the bot must not act on. Must not throw for a bad event; a throw skips the batch (logged).
   */
  onBatch(raw: SyncResponse, initial: boolean): Promise<void>;
}

/**
 * The bot's /sync loop. The token is saved in the core's database only after a batch was handled,
 * so a restart resumes where handling ended and never replays handled commands. stop() aborts the
 * long poll, waits for the batch in hand to finish, and leaves nothing running.
 */
export class SyncLoop {
  private stopped = false;
  private pending?: PendingSync;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(private readonly o: SyncLoopOptions) {}

  /** The first sync, done inline so start() resolves only once the bot is live. Throws AdapterError. */
  async first(): Promise<void> {
    let token = this.o.storage.getSyncToken();
    let raw: SyncResponse;
    try {
      raw = await this.fetch(token, 0);
    } catch (err) {
      if (!token || !isTokenRejected(err)) throw toAdapterError(err, "first sync");
      this.o.log.warn({ failure: describeFailure(failureFacts(err)) }, "matrix: stored sync token rejected; syncing afresh");
      token = null;
      this.o.storage.setSyncToken(null);
      raw = await this.fetch(null, 0).catch((e: unknown) => Promise.reject(toAdapterError(e, "first sync")));
    }
    await this.handle(raw, token === null);
  }

  /** Keep syncing in the background until stop(). */
  run(): void {
    this.loop ??= this.spin();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.pending?.abort();
    this.wake?.();
    await this.loop;
  }

  private async spin(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      const token = this.o.storage.getSyncToken();
      try {
        const raw = await this.fetch(token, this.o.timeoutMs);
        if (this.stopped) return; // stopping: leave this batch for the next run, token unchanged
        await this.handle(raw, token === null);
        failures = 0;
      } catch (err) {
        if (this.stopped || err instanceof SyncAborted) return;
        failures += 1;
        await this.sleep(this.afterFailure(err, token, failures));
      }
    }
  }

  /** Log a failed /sync (codes only) and say how long to wait before the next. */
  private afterFailure(err: unknown, token: string | null, failures: number): number {
    const facts = failureFacts(err);
    if (token && isTokenRejected(err)) {
      this.o.log.warn({ failure: describeFailure(facts) }, "matrix: sync token rejected; syncing afresh");
      this.o.storage.setSyncToken(null);
      return 0;
    }
    const code = toAdapterError(err, "sync").code;
    if (code === "RATE_LIMITED") return facts.retryAfterMs ?? this.o.backoffMs.max;
    const level = code === "UNAUTHORIZED" ? "error" : "warn";
    this.o.log[level]({ failure: describeFailure(facts), failures }, "matrix: sync failed; retrying");
    return Math.min(this.o.backoffMs.max, this.o.backoffMs.min * 2 ** (failures - 1));
  }

  private async fetch(token: string | null, timeoutMs: number): Promise<SyncResponse> {
    this.pending = startSync(this.o.homeserverUrl, this.o.accessToken, token, timeoutMs);
    try {
      return await this.pending.response;
    } finally {
      this.pending = undefined;
    }
  }

  /** Hand the batch over, then save its token: even a batch that failed is not handled twice. */
  private async handle(raw: SyncResponse, initial: boolean): Promise<void> {
    try {
      await this.o.onBatch(raw, initial);
    } catch (err) {
      this.o.log.error({ failure: describeFailure(failureFacts(err)) }, "matrix: a sync batch failed; skipped");
    }
    this.o.storage.setSyncToken(raw.next_batch);
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

/** The homeserver does not know the since token (another server, or a reset): start afresh. */
function isTokenRejected(err: unknown): boolean {
  const f = failureFacts(err);
  return f.errcode === "M_UNKNOWN_POS" || (f.status === 400 && f.errcode === "M_INVALID_PARAM");
}
