import type { Database } from "better-sqlite3-multiple-ciphers";
import type { GrantedRole } from "./auth.js";
import type { People, Person } from "./people.js";

/**
 * Who is on duty for a role: the seam between the job that keeps the rota (shifts) and the jobs
 * that act on it (alerts pages the verifiers on duty), so neither imports the other. A job's
 * descriptor may provide it (`duty`); the core hands it to commands and scheduled tasks as
 * `services.duty`, absent when no job keeps a rota.
 */
export interface DutyRota {
  /**
   * The people on duty for `role` in the network at `now`: confirmed on a duty shift for that role
   * that has started and not ended, and holding the role now (a revoked role takes them off duty
   * at once). Each with when their shift ends; ordered by name.
   */
  onDuty(networkId: number, role: GrantedRole, now: number): OnDuty[];
  /** The next duty shift for `role` that starts after `now`, with who is on it; null when none is planned. */
  next(networkId: number, role: GrantedRole, now: number): NextDuty | null;
}

/** One person on duty, until when. */
export interface OnDuty {
  person: Person;
  until: number;
}

/** The next duty shift for a role. */
export interface NextDuty {
  startsAt: number;
  endsAt: number;
  people: Person[];
}

/** How a job makes the rota from the database and the people, once, at the app's start. */
export type DutyProvider = (deps: { db: Database; people: People }) => DutyRota;
