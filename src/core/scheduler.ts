import type { Database } from "better-sqlite3-multiple-ciphers";
import type { Logger } from "pino";
import type { Clock } from "./clock.js";
import { safeError } from "../errors.js";

/** A periodic job. `run` is synchronous and gets its own transaction. */
export interface ScheduledJob {
  name: string;
  run(now: number): void;
}

/**
 * Runs stored-state jobs (reminders, expiries, purges) on an interval. Jobs keep no timers of their
 * own: they read what is due from the database, so a restart loses nothing and repeats nothing.
 */
export class Scheduler {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Database,
    private readonly jobs: readonly ScheduledJob[],
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly log: Logger,
    /** Called after each run, so delivery picks up what the jobs queued. */
    private readonly afterRun: () => void,
  ) {}

  start(): void {
    if (this.timer) return;
    this.runOnce();
    this.timer = setInterval(() => this.runOnce(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Run every job now. A failing job is logged and does not stop the others. */
  runOnce(): void {
    const now = this.clock.now();
    for (const job of this.jobs) {
      try {
        this.db.transaction(() => job.run(now)).immediate();
      } catch (err) {
        this.log.error({ job: job.name, err: safeError(err) }, "scheduled job failed");
      }
    }
    this.afterRun();
  }
}
