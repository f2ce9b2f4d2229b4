import type { Database } from "better-sqlite3-multiple-ciphers";
import { sql } from "../store/statements.js";

/**
 * How a report's lead is being shown to verifiers: `duty` while only the verifiers on duty were
 * paged (privately), `all` once every verifier and the verifiers' chats have it.
 */
export type PagingMode = "duty" | "all";

/** A lead report's paging state. */
export interface Paging {
  mode: PagingMode;
  /** When paging the verifiers on duty escalates to all, if nobody acknowledged; null when nothing is due. */
  escalateAt: number | null;
  ackedAt: number | null;
  escalatedAt: number | null;
}

/** Who took a report to go and see. */
export interface Dispatch {
  personId: number | null;
  etaMin: number | null;
  takenAt: number;
}

/**
 * Paging, acknowledgement and dispatch of lead reports, stored so that an escalation due while the
 * bot was down happens when it is back. Callers run these inside the command's or task's transaction.
 */
export class AlertPaging {
  constructor(private readonly db: Database) {}

  /** Start paging a lead report. */
  start(alertId: number, mode: PagingMode, escalateAt: number | null): void {
    sql(this.db, "INSERT OR IGNORE INTO alert_paging (alert_id, mode, escalate_at) VALUES (?, ?, ?)").run(alertId, mode, escalateAt);
  }

  of(alertId: number): Paging | null {
    const row = sql(this.db, "SELECT mode, escalate_at, acked_at, escalated_at FROM alert_paging WHERE alert_id = ?").get(alertId) as
      | { mode: PagingMode; escalate_at: number | null; acked_at: number | null; escalated_at: number | null }
      | undefined;
    return row ? { mode: row.mode, escalateAt: row.escalate_at, ackedAt: row.acked_at, escalatedAt: row.escalated_at } : null;
  }

  /** A verifier answered (a vote, "I'm going"): no escalation is due any more. */
  acknowledge(alertId: number, now: number): void {
    sql(this.db, "UPDATE alert_paging SET acked_at = coalesce(acked_at, ?), escalate_at = NULL WHERE alert_id = ?").run(now, alertId);
  }

  /** Pending leads whose duty paging went unanswered past its time. */
  dueEscalations(now: number): number[] {
    return (
      sql(
        this.db,
        `SELECT p.alert_id FROM alert_paging p JOIN alerts a ON a.id = p.alert_id
         WHERE p.escalate_at IS NOT NULL AND p.escalate_at <= ? AND p.acked_at IS NULL AND a.state = 'pending' ORDER BY p.alert_id`,
      ).all(now) as { alert_id: number }[]
    ).map((r) => r.alert_id);
  }

  /** Everyone gets it now. */
  markEscalated(alertId: number, now: number): void {
    sql(this.db, "UPDATE alert_paging SET mode = 'all', escalate_at = NULL, escalated_at = ? WHERE alert_id = ?").run(now, alertId);
  }

  /** Record that a verifier was paged privately for a lead. */
  paged(alertId: number, personId: number, now: number): void {
    sql(this.db, "INSERT OR IGNORE INTO alert_pages (alert_id, person_id, paged_at) VALUES (?, ?, ?)").run(alertId, personId, now);
  }

  /** The verifiers paged privately for a lead. */
  pagedPeople(alertId: number): number[] {
    return (sql(this.db, "SELECT person_id FROM alert_pages WHERE alert_id = ? ORDER BY paged_at, person_id").all(alertId) as { person_id: number }[]).map(
      (r) => r.person_id,
    );
  }

  dispatch(alertId: number): Dispatch | null {
    const row = sql(this.db, "SELECT person_id, eta_min, taken_at FROM alert_dispatch WHERE alert_id = ?").get(alertId) as
      | { person_id: number | null; eta_min: number | null; taken_at: number }
      | undefined;
    return row ? { personId: row.person_id, etaMin: row.eta_min, takenAt: row.taken_at } : null;
  }

  /** A verifier takes the report; false when someone already has. */
  take(alertId: number, personId: number, etaMin: number | null, now: number): boolean {
    return (
      sql(this.db, "INSERT OR IGNORE INTO alert_dispatch (alert_id, person_id, eta_min, taken_at) VALUES (?, ?, ?, ?)").run(alertId, personId, etaMin, now)
        .changes > 0
    );
  }

  /** Once the outcome is final: forget who was paged and who went (see AlertStore.forgetWhoOnceDecided). */
  forget(alertIds: readonly number[]): void {
    for (const id of alertIds) {
      sql(this.db, "DELETE FROM alert_pages WHERE alert_id = ?").run(id);
      sql(this.db, "UPDATE alert_dispatch SET person_id = NULL WHERE alert_id = ?").run(id);
      sql(this.db, "UPDATE alert_paging SET escalate_at = NULL WHERE alert_id = ?").run(id);
    }
  }

  /** Forget a person everywhere in paging (erasure). */
  forgetPerson(personId: number): void {
    sql(this.db, "DELETE FROM alert_pages WHERE person_id = ?").run(personId);
    sql(this.db, "UPDATE alert_dispatch SET person_id = NULL WHERE person_id = ?").run(personId);
  }
}
