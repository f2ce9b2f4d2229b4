import type { Database } from "better-sqlite3-multiple-ciphers";
import type { Logger } from "pino";
import { purgeAuditBefore } from "../core/audit.js";
import type { Clock } from "../core/clock.js";
import type { ScheduledJob } from "../core/scheduler.js";
import { compactIfDue, markCompactionDue, totalChanges } from "../store/compact.js";
import { Confirmations } from "./confirmations.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Delete audit entries older than the audit retention. */
export function auditPurgeJob(deps: { db: Database; retentionDays: number }): ScheduledJob {
  return {
    name: "audit-purge",
    run(now) {
      if (purgeAuditBefore(deps.db, now - deps.retentionDays * DAY_MS) > 0) markCompactionDue(deps.db);
    },
  };
}

/** Delete `/forgetme` confirmation codes that expired unused. */
export function confirmationPurgeJob(deps: { db: Database }): ScheduledJob {
  const confirmations = new Confirmations(deps.db);
  return { name: "forgetme-code-purge", run: (now) => void confirmations.purgeExpired(now) };
}

/**
 * Wrap a purge job so that, when it deleted anything, a compaction is asked for. Purge jobs only
 * delete or blank out, so any change the connection counts during the run is a removal.
 */
export function askingCompaction(db: Database, job: ScheduledJob): ScheduledJob {
  return {
    name: job.name,
    run(now) {
      const before = totalChanges(db);
      job.run(now);
      if (totalChanges(db) > before) markCompactionDue(db);
    },
  };
}

/**
 * Every job named `*-purge` asks for a compaction when it removed something. The naming rule is
 * the whole registration: a job that deletes or blanks personal data on a schedule ends in `-purge`.
 */
export function withCompactionRequests(db: Database, jobs: readonly ScheduledJob[]): ScheduledJob[] {
  return jobs.map((job) => (job.name.endsWith("-purge") ? askingCompaction(db, job) : job));
}

/**
 * Compact after the scheduler's run, outside its transactions (VACUUM cannot run inside one). Logs
 * only that it happened or failed, never what was deleted.
 */
export function compactAfterPurges(deps: { db: Database; clock: Clock; log: Logger }): () => void {
  return () => {
    try {
      if (compactIfDue(deps.db, deps.clock.now())) deps.log.info({}, "database compacted");
    } catch (err) {
      deps.log.warn({ err: { name: (err as Error).name, code: (err as { code?: string }).code } }, "database compaction failed; will retry");
    }
  };
}
