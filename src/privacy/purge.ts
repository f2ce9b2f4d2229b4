import type { Database } from "better-sqlite3-multiple-ciphers";
import type { Logger } from "pino";
import { purgeAuditBefore } from "../core/audit.js";
import type { Clock } from "../core/clock.js";
import type { ScheduledJob } from "../core/scheduler.js";
import { compactIfDue, markCompactionDue, totalChanges } from "../store/compact.js";
import { sql } from "../store/statements.js";
import { Confirmations } from "./confirmations.js";
import { safeError } from "../errors.js";

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

/**
 * Members who have not used the bot in a network for `inactiveDays` leave it, with their roles
 * there; once in no network, the stranger purge deletes them and what points to them. The only
 * admin of a network stays, as `/forgetme` keeps them until they hand the role over: a network
 * must keep someone who can run it.
 */
export function inactiveMemberPurgeJob(deps: { db: Database; inactiveDays: number }): ScheduledJob {
  return {
    name: "inactive-member-purge",
    run(now) {
      const stale = sql(
        deps.db,
        `SELECT m.network_id, m.person_id FROM memberships m
         WHERE m.last_seen < ?
           AND NOT (EXISTS (SELECT 1 FROM roles r WHERE r.network_id = m.network_id AND r.person_id = m.person_id AND r.role = 'admin')
                    AND (SELECT count(*) FROM roles a WHERE a.network_id = m.network_id AND a.role = 'admin') = 1)`,
      ).all(now - deps.inactiveDays * DAY_MS) as { network_id: number; person_id: number }[];
      for (const { network_id, person_id } of stale) {
        sql(deps.db, "DELETE FROM roles WHERE network_id = ? AND person_id = ?").run(network_id, person_id);
        sql(deps.db, "DELETE FROM memberships WHERE network_id = ? AND person_id = ?").run(network_id, person_id);
      }
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
      deps.log.warn({ err: safeError(err) }, "database compaction failed; will retry");
    }
  };
}
