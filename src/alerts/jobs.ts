import type { Database } from "better-sqlite3-multiple-ciphers";
import type { People } from "../core/people.js";
import type { ScheduledJob } from "../core/scheduler.js";
import { type BroadcastDeps, markOriginal } from "./broadcast.js";
import { AlertLedger } from "./ledger.js";
import { tellReporters } from "./outcome.js";
import { queuePrivateExpiry } from "./private-copies.js";
import { AlertStore } from "./store.js";

/**
 * Expiries as a scheduled job reading stored state: a pending report whose time is up ends as
 * "unable to verify" and its reporters are told; a verified alert whose time is up ends and its
 * original broadcast is marked where the platform can edit, and whoever got it privately is told. Outbox keys make each message once-only.
 */
export function alertExpiryJob(deps: BroadcastDeps & { people: People }): ScheduledJob {
  return {
    name: "alert-expiry",
    run(now) {
      const store = new AlertStore(deps.db);
      for (const lead of store.due("pending", now)) {
        const group = store.group(lead.id);
        store.setState(lead.id, "expired", null, now);
        tellReporters(deps, group, lead, "expired", now);
      }
      for (const lead of store.due("verified", now)) {
        store.setState(lead.id, "expired", null, now);
        markOriginal(deps, lead, "alert.markExpired", now);
        queuePrivateExpiry(deps, { messages: new AlertLedger(deps.db).messages(lead.id), num: lead.num, now });
      }
    },
  };
}

/** Delete closed reports, their votes and signed messages once older than the retention. */
export function alertPurgeJob(deps: { db: Database; retentionDays: number }): ScheduledJob {
  return {
    name: "alert-purge",
    run(now) {
      new AlertStore(deps.db).purgeClosedBefore(now - deps.retentionDays * 24 * 60 * 60 * 1000);
    },
  };
}
