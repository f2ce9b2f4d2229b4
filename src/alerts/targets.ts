import type { Database } from "better-sqlite3-multiple-ciphers";
import { type Zone, Zones } from "../core/network/zones.js";
import type { Networks } from "../core/network/networks.js";
import { sql } from "../store/statements.js";
import type { Alert } from "./store.js";

/**
 * Where an alert goes: the zone its report named (none: the whole network) and whether verifiers
 * widened it to the whole network. Kept beside the report, not in it, so that the report's own
 * record stays as it was.
 */
export interface AlertTarget {
  zoneId: number | null;
  wide: boolean;
}

/** Which zone each report is in, and which alerts verifiers widened. */
export class AlertTargets {
  constructor(private readonly db: Database) {}

  /** Put a report in a zone (or take it out of any). */
  setZone(alertId: number, zoneId: number | null): void {
    sql(this.db, "INSERT INTO alert_targets (alert_id, zone_id) VALUES (?, ?) ON CONFLICT DO UPDATE SET zone_id = excluded.zone_id").run(alertId, zoneId);
  }

  /** A verifier asked, when confirming, that the alert go to the whole network. */
  widen(alertId: number): void {
    sql(this.db, "INSERT INTO alert_targets (alert_id, wide) VALUES (?, 1) ON CONFLICT DO UPDATE SET wide = 1").run(alertId);
  }

  /** The zone of one report, or null. */
  zoneOf(alertId: number): number | null {
    const row = sql(this.db, "SELECT zone_id FROM alert_targets WHERE alert_id = ?").get(alertId) as { zone_id: number | null } | undefined;
    return row?.zone_id ?? null;
  }

  /**
   * Where a group's alert goes: the lead's zone, else the first zone a report of the group named;
   * widened when any verifier asked. A group whose reports name different zones goes to the whole
   * network: the verifiers confirmed one sighting, and its place is not one zone's.
   */
  forGroup(lead: Alert, group: readonly Alert[]): AlertTarget {
    const ids = [lead.id, ...group.map((a) => a.id).filter((id) => id !== lead.id)];
    const marks = ids.map(() => "?").join(", ");
    const rows = sql(this.db, `SELECT alert_id, zone_id, wide FROM alert_targets WHERE alert_id IN (${marks})`).all(...ids) as {
      alert_id: number;
      zone_id: number | null;
      wide: number;
    }[];
    const wide = rows.some((r) => r.alert_id === lead.id && r.wide === 1);
    const zones = new Set(rows.map((r) => r.zone_id).filter((z): z is number => z !== null));
    return { zoneId: zones.size === 1 ? [...zones][0]! : null, wide: wide || zones.size > 1 };
  }
}

/** The zone a target names, or null when it goes to the whole network. */
export function targetZone(db: Database, networks: Networks, target: AlertTarget): Zone | null {
  return target.wide || target.zoneId === null ? null : new Zones(db, networks).byId(target.zoneId);
}

/** What a report card says of the zone: nothing where the network has no zones, else its zone or null (not given yet). */
export function cardZone(db: Database, networks: Networks, networkId: number, reportId: number): { zone?: string | null } {
  const zones = new Zones(db, networks);
  if (zones.count(networkId) === 0) return {};
  const id = new AlertTargets(db).zoneOf(reportId);
  return { zone: id === null ? null : (zones.byId(id)?.name ?? null) };
}
