import type { GrantedRole } from "../core/auth.js";
import type { NumberingSpec } from "../core/job.js";
import type { Database } from "better-sqlite3-multiple-ciphers";
import type { ChatRef } from "../core/port.js";
import { nextNumber, sql } from "../store/statements.js";

/** Shifts are numbered within their network: `#3`. */
export const SHIFT_NUMBERS: NumberingSpec = { id: "shift", table: "shifts", scope: "network_id" };

/** A door-knocking shift. */
export interface Shift {
  id: number;
  networkId: number;
  /** The number people type: per network, 1, 2, 3... */
  num: number;
  startsAt: number;
  durationMin: number;
  /** The exact place: only for private channels (see src/core/visibility.ts). */
  place: string;
  /** What a plain group is shown instead of the place (an area, a landmark), if the lead chose one. */
  publicPlace: string | null;
  capacity: number;
  note: string | null;
  /** A duty shift's role: only people holding it may sign up, and they are on call while it lasts. */
  role: GrantedRole | null;
  cancelledAt: number | null;
  confirmed: number;
  waitlisted: number;
}

/** One person on a shift's roster. */
export interface RosterEntry {
  signupId: number;
  personId: number;
  displayName: string;
  status: "confirmed" | "waitlisted";
  checkedInAt: number | null;
  /** Past shifts of this network where the person was confirmed and never checked in. */
  noShows: number;
}

interface ShiftRow {
  id: number;
  network_id: number;
  num: number;
  starts_at: number;
  duration_min: number;
  place: string;
  public_place: string | null;
  capacity: number;
  note: string | null;
  role: GrantedRole | null;
  cancelled_at: number | null;
  confirmed: number;
  waitlisted: number;
}

const SHIFT_COLUMNS = `s.*,
  (SELECT count(*) FROM signups WHERE shift_id = s.id AND status = 'confirmed') AS confirmed,
  (SELECT count(*) FROM signups WHERE shift_id = s.id AND status = 'waitlisted') AS waitlisted`;

function toShift(row: ShiftRow): Shift {
  return {
    id: row.id,
    networkId: row.network_id,
    num: row.num,
    startsAt: row.starts_at,
    durationMin: row.duration_min,
    place: row.place,
    publicPlace: row.public_place,
    capacity: row.capacity,
    note: row.note,
    role: row.role,
    cancelledAt: row.cancelled_at,
    confirmed: row.confirmed,
    waitlisted: row.waitlisted,
  };
}

/** The end of a shift, epoch ms. */
export function shiftEnd(shift: Pick<Shift, "startsAt" | "durationMin">): number {
  return shift.startsAt + shift.durationMin * 60_000;
}

/** Outcome of a sign-up. */
export type SignupOutcome =
  | { kind: "confirmed" }
  | { kind: "waitlisted"; position: number }
  | { kind: "already"; status: "confirmed" | "waitlisted"; position: number };

/** Shifts and their rosters. Callers run these inside the command's transaction. */
/** A chat moved to a new id (a Telegram group upgraded to a supergroup): sign-ups made there follow it. */
export function moveSignupChat(db: Database, from: ChatRef, to: ChatRef): void {
  sql(db, "UPDATE signups SET via_chat = ? WHERE via_chat = ?").run(to, from);
}

export class ShiftStore {
  constructor(private readonly db: Database) {}

  create(input: {
    networkId: number;
    startsAt: number;
    durationMin: number;
    place: string;
    publicPlace: string | null;
    capacity: number;
    note: string | null;
    createdBy: number;
    now: number;
    repeatOf?: number;
    role?: GrantedRole | null;
  }): Shift {
    const next = nextNumber(this.db, SHIFT_NUMBERS, input.networkId);
    const id = sql(
      this.db,
      `INSERT INTO shifts (network_id, num, starts_at, duration_min, place, public_place, capacity, note, created_by, created_at, repeat_of, role)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      input.networkId,
      next,
      input.startsAt,
      input.durationMin,
      input.place,
      input.publicPlace,
      input.capacity,
      input.note,
      input.createdBy,
      input.now,
      input.repeatOf ?? null,
      input.role ?? null,
    ).lastInsertRowid;
    return this.byId(Number(id))!;
  }

  byId(id: number): Shift | null {
    const row = sql(this.db, `SELECT ${SHIFT_COLUMNS} FROM shifts s WHERE s.id = ?`).get(id) as ShiftRow | undefined;
    return row ? toShift(row) : null;
  }

  byNum(networkId: number, num: number): Shift | null {
    const row = sql(this.db, `SELECT ${SHIFT_COLUMNS} FROM shifts s WHERE s.network_id = ? AND s.num = ?`).get(networkId, num) as
      | ShiftRow
      | undefined;
    return row ? toShift(row) : null;
  }

  /** Shifts not cancelled that have not ended yet, soonest first. */
  upcoming(networkId: number, now: number, limit: number): Shift[] {
    const rows = sql(
      this.db,
      `SELECT ${SHIFT_COLUMNS} FROM shifts s WHERE s.network_id = ? AND s.cancelled_at IS NULL
         AND s.starts_at + s.duration_min * 60000 > ? ORDER BY s.starts_at, s.num LIMIT ?`,
    ).all(networkId, now, limit) as ShiftRow[];
    return rows.map(toShift);
  }

  cancel(shiftId: number, now: number): void {
    sql(this.db, "UPDATE shifts SET cancelled_at = ? WHERE id = ?").run(now, shiftId);
  }

  /**
   * Sign a person up: confirmed while places are left, else at the back of the waitlist. The
   * transaction around the command serialises concurrent sign-ups, so arrival order decides.
   */
  signup(shift: Shift, personId: number, viaChat: string, now: number): SignupOutcome {
    const existing = sql(this.db, "SELECT id, status FROM signups WHERE shift_id = ? AND person_id = ?").get(shift.id, personId) as
      | { id: number; status: "confirmed" | "waitlisted" }
      | undefined;
    if (existing) return { kind: "already", status: existing.status, position: this.waitlistPosition(shift.id, existing.id) };
    const { n } = sql(this.db, "SELECT count(*) AS n FROM signups WHERE shift_id = ? AND status = 'confirmed'").get(shift.id) as { n: number };
    const status = n < shift.capacity ? "confirmed" : "waitlisted";
    const id = Number(
      sql(this.db, "INSERT INTO signups (shift_id, person_id, status, signed_at, via_chat) VALUES (?, ?, ?, ?, ?)").run(
        shift.id,
        personId,
        status,
        now,
        viaChat,
      ).lastInsertRowid,
    );
    return status === "confirmed" ? { kind: "confirmed" } : { kind: "waitlisted", position: this.waitlistPosition(shift.id, id) };
  }

  private waitlistPosition(shiftId: number, signupId: number): number {
    const { n } = sql(this.db, "SELECT count(*) AS n FROM signups WHERE shift_id = ? AND status = 'waitlisted' AND id <= ?").get(
      shiftId,
      signupId,
    ) as { n: number };
    return n;
  }

  /**
   * Take a person off a shift. When they held a confirmed place, the first person waiting is
   * promoted; returns who was promoted so they can be told.
   */
  withdraw(shift: Shift, personId: number): { removed: boolean; promoted: { personId: number } | null } {
    const row = sql(this.db, "DELETE FROM signups WHERE shift_id = ? AND person_id = ? RETURNING status").get(shift.id, personId) as
      | { status: string }
      | undefined;
    if (!row) return { removed: false, promoted: null };
    if (row.status !== "confirmed") return { removed: true, promoted: null };
    const next = sql(
      this.db,
      `UPDATE signups SET status = 'confirmed' WHERE id = (
         SELECT id FROM signups WHERE shift_id = ? AND status = 'waitlisted' ORDER BY id LIMIT 1)
       RETURNING person_id`,
    ).get(shift.id) as { person_id: number } | undefined;
    return { removed: true, promoted: next ? { personId: next.person_id } : null };
  }

  roster(shift: Shift, now: number): RosterEntry[] {
    const rows = sql(
      this.db,
      `SELECT su.id AS signup_id, su.person_id, p.display_name, su.status, su.checked_in_at,
         (SELECT count(*) FROM signups o JOIN shifts os ON os.id = o.shift_id
           WHERE o.person_id = su.person_id AND os.network_id = ? AND o.status = 'confirmed'
             AND o.checked_in_at IS NULL AND os.cancelled_at IS NULL
             AND os.starts_at + os.duration_min * 60000 < ?) AS no_shows
       FROM signups su JOIN persons p ON p.id = su.person_id
       WHERE su.shift_id = ? ORDER BY su.status, su.id`,
    ).all(shift.networkId, now, shift.id) as {
      signup_id: number;
      person_id: number;
      display_name: string;
      status: "confirmed" | "waitlisted";
      checked_in_at: number | null;
      no_shows: number;
    }[];
    return rows.map((r) => ({
      signupId: r.signup_id,
      personId: r.person_id,
      displayName: r.display_name,
      status: r.status,
      checkedInAt: r.checked_in_at,
      noShows: r.no_shows,
    }));
  }

  /** Everyone on a shift (confirmed and waiting), for notices. */
  everyone(shiftId: number): number[] {
    return (sql(this.db, "SELECT person_id FROM signups WHERE shift_id = ? ORDER BY id").all(shiftId) as { person_id: number }[]).map(
      (r) => r.person_id,
    );
  }

  statusOf(shiftId: number, personId: number): { status: "confirmed" | "waitlisted"; checkedInAt: number | null } | null {
    const row = sql(this.db, "SELECT status, checked_in_at FROM signups WHERE shift_id = ? AND person_id = ?").get(shiftId, personId) as
      | { status: "confirmed" | "waitlisted"; checked_in_at: number | null }
      | undefined;
    return row ? { status: row.status, checkedInAt: row.checked_in_at } : null;
  }

  checkIn(shiftId: number, personId: number, now: number): void {
    sql(this.db, "UPDATE signups SET checked_in_at = ? WHERE shift_id = ? AND person_id = ?").run(now, shiftId, personId);
  }

  /**
   * Confirmed sign-ups whose reminder at `offsetMs` before the start is due now: the shift has not
   * started, its reminder time has come, and the person signed up before that time (someone who
   * signs up an hour before needs no "tomorrow" reminder).
   */
  dueReminders(now: number, offsetMs: number): { shiftId: number; personId: number; viaChat: ChatRef | null }[] {
    return (
      sql(
        this.db,
        `SELECT su.shift_id, su.person_id, su.via_chat FROM signups su JOIN shifts s ON s.id = su.shift_id
         WHERE su.status = 'confirmed' AND s.cancelled_at IS NULL AND s.starts_at > ?
           AND s.starts_at - ? <= ? AND su.signed_at < s.starts_at - ?`,
      ).all(now, offsetMs, now, offsetMs) as { shift_id: number; person_id: number; via_chat: ChatRef | null }[]
    ).map((r) => ({ shiftId: r.shift_id, personId: r.person_id, viaChat: r.via_chat }));
  }

  /** How many shifts `upcoming` would list without a limit. */
  countUpcoming(networkId: number, now: number): number {
    const row = sql(
      this.db,
      `SELECT count(*) AS n FROM shifts s WHERE s.network_id = ? AND s.cancelled_at IS NULL AND s.starts_at + s.duration_min * 60000 > ?`,
    ).get(networkId, now) as { n: number };
    return row.n;
  }

  /** One page of `upcoming`: `limit` shifts after the first `offset`. */
  upcomingPage(networkId: number, now: number, offset: number, limit: number): Shift[] {
    const rows = sql(
      this.db,
      `SELECT ${SHIFT_COLUMNS} FROM shifts s WHERE s.network_id = ? AND s.cancelled_at IS NULL
         AND s.starts_at + s.duration_min * 60000 > ? ORDER BY s.starts_at, s.num LIMIT ? OFFSET ?`,
    ).all(networkId, now, limit, offset) as ShiftRow[];
    return rows.map(toShift);
  }

  /** A person's shifts in a network that have not ended, soonest first, with their place on each. */
  mine(networkId: number, personId: number, now: number): { shift: Shift; status: "confirmed" | "waitlisted"; position: number }[] {
    const rows = sql(
      this.db,
      `SELECT ${SHIFT_COLUMNS}, su.id AS signup_id, su.status AS my_status FROM shifts s JOIN signups su ON su.shift_id = s.id
       WHERE s.network_id = ? AND su.person_id = ? AND s.cancelled_at IS NULL AND s.starts_at + s.duration_min * 60000 > ?
       ORDER BY s.starts_at, s.num`,
    ).all(networkId, personId, now) as (ShiftRow & { signup_id: number; my_status: "confirmed" | "waitlisted" })[];
    return rows.map((row) => ({ shift: toShift(row), status: row.my_status, position: this.waitlistPosition(row.id, row.signup_id) }));
  }

  /** Delete shifts (and their rosters) that ended before `before`. */
  purgeEndedBefore(before: number): number {
    return sql(this.db, "DELETE FROM shifts WHERE starts_at + duration_min * 60000 < ?").run(before).changes;
  }
}
