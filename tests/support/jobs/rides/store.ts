import type { Database } from "better-sqlite3-multiple-ciphers";
import type { NumberingSpec } from "../../../../src/core/job.js";
import { countRows, nextNumber, sql } from "../../../../src/store/statements.js";

/** Ride offers are numbered within their network. */
export const RIDE_NUMBERS: NumberingSpec = { id: "ride", table: "ride_offers", scope: "network_id" };

/** Record an offer; returns its number. */
export function offerRide(db: Database, networkId: number, personId: number, origin: string, now: number): number {
  const num = nextNumber(db, RIDE_NUMBERS, networkId);
  sql(db, "INSERT INTO ride_offers (network_id, num, person_id, origin, created_at) VALUES (?, ?, ?, ?, ?)").run(networkId, num, personId, origin, now);
  return num;
}

/** How many offers a person made. */
export function offersBy(db: Database, personId: number): number {
  return countRows(db, "SELECT count(*) AS n FROM ride_offers WHERE person_id = ?", personId);
}

/** How many offers a network has. */
export function offersIn(db: Database, networkId: number): number {
  return countRows(db, "SELECT count(*) AS n FROM ride_offers WHERE network_id = ?", networkId);
}

/** Delete a person's offers; returns how many. */
export function forgetOffers(db: Database, personId: number): number {
  return sql(db, "DELETE FROM ride_offers WHERE person_id = ?").run(personId).changes;
}

/** Delete offers made before `before`; returns how many. */
export function purgeOffersBefore(db: Database, before: number): number {
  return sql(db, "DELETE FROM ride_offers WHERE created_at < ?").run(before).changes;
}
