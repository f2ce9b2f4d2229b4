import type { Database } from "better-sqlite3-multiple-ciphers";
import type { ChatRef } from "../core/port.js";
import { sql } from "../store/statements.js";

/**
 * Members' subscriptions to alerts by private message: per network, every zone (a row without a
 * zone) or chosen zones. Personal data: only the person ever reads their own (`/alerts`,
 * `/privacy`); nothing tells anyone else who subscribed or to what. The rows go with the person's
 * membership (the inactive-member purge, `/forgetme`) and with a removed zone.
 */
export class AlertSubscriptions {
  constructor(private readonly db: Database) {}

  /**
   * Subscribe to exactly these zones of a network; an empty list means every zone. `dmChat` is the
   * person's private chat with the bot when they subscribed from it (kept from before otherwise):
   * where it is end-to-end encrypted, the private copy may show the exact place.
   */
  set(networkId: number, personId: number, zoneIds: readonly number[], dmChat: ChatRef | null, now: number): void {
    const known = sql(this.db, "SELECT dm_chat FROM alert_subscriptions WHERE network_id = ? AND person_id = ? AND dm_chat IS NOT NULL").get(networkId, personId) as
      | { dm_chat: ChatRef }
      | undefined;
    const chat = dmChat ?? known?.dm_chat ?? null;
    this.clear(networkId, personId);
    const insert = sql(this.db, "INSERT OR IGNORE INTO alert_subscriptions (network_id, person_id, zone_id, dm_chat, created_at) VALUES (?, ?, ?, ?, ?)");
    if (zoneIds.length === 0) insert.run(networkId, personId, null, chat, now);
    for (const id of zoneIds) insert.run(networkId, personId, id, chat, now);
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
   * zone; for an alert of the whole network, every subscriber. Each person once, with their
   * private chat where known.
   */
  recipients(networkId: number, zoneId: number | null): { personId: number; dmChat: ChatRef | null }[] {
    const rows = (
      zoneId === null
        ? sql(this.db, "SELECT person_id, max(dm_chat) AS dm_chat FROM alert_subscriptions WHERE network_id = ? GROUP BY person_id ORDER BY person_id").all(networkId)
        : sql(
            this.db,
            `SELECT person_id, max(dm_chat) AS dm_chat FROM alert_subscriptions WHERE network_id = ? AND (zone_id IS NULL OR zone_id = ?)
             GROUP BY person_id ORDER BY person_id`,
          ).all(networkId, zoneId)
    ) as { person_id: number; dm_chat: ChatRef | null }[];
    return rows.map((r) => ({ personId: r.person_id, dmChat: r.dm_chat }));
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
