import type { Database } from "better-sqlite3-multiple-ciphers";
import type { GrantedRole } from "../core/auth.js";
import { sql } from "../store/statements.js";
import { type Shift, ShiftStore } from "./store.js";

/**
 * The duty shifts' queries: who is on call for a role now and next. A person counts only while
 * they hold the role (the core's roles table), so a revoked role ends their duty at once, and a
 * sign-up that slipped past the role check never puts anyone on call. Callers run these inside the
 * command's or task's transaction.
 */
export class DutyShifts {
  constructor(private readonly db: Database) {}

  /**
   * Who is on duty for `role` at `now`: confirmed on a duty shift for it that has started and not
   * ended, and holding the role now. One row per person, with the latest end among their shifts.
   */
  onDuty(networkId: number, role: GrantedRole, now: number): { personId: number; until: number }[] {
    return (
      sql(
        this.db,
        `SELECT su.person_id, max(s.starts_at + s.duration_min * 60000) AS until
         FROM signups su JOIN shifts s ON s.id = su.shift_id JOIN persons p ON p.id = su.person_id
         WHERE s.network_id = ? AND s.role = ? AND s.cancelled_at IS NULL AND su.status = 'confirmed'
           AND s.starts_at <= ? AND s.starts_at + s.duration_min * 60000 > ?
           AND EXISTS (SELECT 1 FROM roles r WHERE r.network_id = s.network_id AND r.person_id = su.person_id AND r.role = s.role)
         GROUP BY su.person_id ORDER BY p.display_name COLLATE NOCASE, su.person_id`,
      ).all(networkId, role, now, now) as { person_id: number; until: number }[]
    ).map((r) => ({ personId: r.person_id, until: r.until }));
  }

  /** Whether a duty shift for `role` is under way at `now`, staffed or not. */
  underWay(networkId: number, role: GrantedRole, now: number): boolean {
    return (
      sql(
        this.db,
        `SELECT 1 FROM shifts WHERE network_id = ? AND role = ? AND cancelled_at IS NULL AND starts_at <= ? AND starts_at + duration_min * 60000 > ? LIMIT 1`,
      ).get(networkId, role, now, now) !== undefined
    );
  }

  /** The next duty shift for `role` starting after `now`, with who holding the role is confirmed on it. */
  next(networkId: number, role: GrantedRole, now: number): { shift: Shift; personIds: number[] } | null {
    const row = sql(
      this.db,
      `SELECT id FROM shifts WHERE network_id = ? AND role = ? AND cancelled_at IS NULL AND starts_at > ? ORDER BY starts_at, num LIMIT 1`,
    ).get(networkId, role, now) as { id: number } | undefined;
    const shift = row ? new ShiftStore(this.db).byId(row.id) : null;
    if (!shift) return null;
    const people = sql(
      this.db,
      `SELECT su.person_id FROM signups su JOIN persons p ON p.id = su.person_id
       WHERE su.shift_id = ? AND su.status = 'confirmed'
         AND EXISTS (SELECT 1 FROM roles r WHERE r.network_id = ? AND r.person_id = su.person_id AND r.role = ?)
       ORDER BY p.display_name COLLATE NOCASE, su.person_id`,
    ).all(shift.id, networkId, role) as { person_id: number }[];
    return { shift, personIds: people.map((p) => p.person_id) };
  }
}
