import type { Database } from "better-sqlite3-multiple-ciphers";
import { sql } from "../store/statements.js";

/**
 * Members' subscriptions to alerts by private message: per network, every zone (a row without a
 * zone) or chosen zones. Personal data: only the person ever reads their own (`/alerts`,
 * `/privacy`); nothing tells anyone else who subscribed or to what. The rows go with the person's
 * membership (the inactive-member purge, `/forgetme`) and with a removed zone.
 */
export class AlertSubscriptions {
  constructor(private readonly db: Database) {}

  /** Subscribe to exactly these zones of a network; an empty list means every zone. */
  set(networkId: number, personId: number, zoneIds: readonly number[], now: number): void {
    this.clear(networkId, personId);
    const insert = sql(this.db, "INSERT OR IGNORE INTO alert_subscriptions (network_id, person_id, zone_id, created_at) VALUES (?, ?, ?, ?)");
    if (zoneIds.length === 0) insert.run(networkId, personId, null, now);
    for (const id of zoneIds) insert.run(networkId, personId, id, now);
  }

  /** Stop every subscription of the person in a network; how many there were. */
  clear(networkId: number, personId: number): number {
    return sql(this.db, "DELETE FROM alert_subscriptions WHERE network_id = ? AND person_id = ?").run(networkId, personId).changes;
  }

  /** The person's own subscription in a network: `all`, the zone ids, or null when none. */
  of(networkId: number, personId: number): "all" | number[] | null {
    const rows = sql(this.db, "SELECT zone_id FROM alert_subscriptions WHERE network_id = ? AND person_id = ?").all(networkId, personId) as {
      zone_id: number | null;
    }[];
    if (rows.length === 0) return null;
    if (rows.some((r) => r.zone_id === null)) return "all";
    return rows.map((r) => r.zone_id!);
  }

  /**
   * Who gets an alert privately: for a zone's alert, those subscribed to that zone or to every
   * zone; for an alert of the whole network, every subscriber. Person ids, each once.
   */
  recipients(networkId: number, zoneId: number | null): number[] {
    const rows = (
      zoneId === null
        ? sql(this.db, "SELECT DISTINCT person_id FROM alert_subscriptions WHERE network_id = ? ORDER BY person_id").all(networkId)
        : sql(
            this.db,
            "SELECT DISTINCT person_id FROM alert_subscriptions WHERE network_id = ? AND (zone_id IS NULL OR zone_id = ?) ORDER BY person_id",
          ).all(networkId, zoneId)
    ) as { person_id: number }[];
    return rows.map((r) => r.person_id);
  }

  /** How many subscription rows a person has, in every network (for `/privacy`). */
  countFor(personId: number): number {
    return (sql(this.db, "SELECT count(*) AS n FROM alert_subscriptions WHERE person_id = ?").get(personId) as { n: number }).n;
  }

  /** Delete every subscription of a person (for `/forgetme`). */
  forget(personId: number): number {
    return sql(this.db, "DELETE FROM alert_subscriptions WHERE person_id = ?").run(personId).changes;
  }
}
