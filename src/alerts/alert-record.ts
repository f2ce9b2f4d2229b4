import type { NumberingSpec } from "../core/job.js";
import type { ChatRef } from "../core/port.js";

/** Alerts are numbered within their network. */
export const ALERT_NUMBERS: NumberingSpec = { id: "alert", table: "alerts", scope: "network_id" };

/** Where a report is in its life. Every change is stored in alert_transitions with who and when. */
export type AlertState = "pending" | "verified" | "rejected" | "expired" | "allclear";
/** A verifier's vote on a report. */
export type Vote = "confirm" | "reject" | "unsure";

/** One sighting report. Similar reports are grouped under the first (`groupOf`), which carries the votes. */
export interface Alert {
  id: number;
  networkId: number;
  /** The number people type, per network. */
  num: number;
  groupOf: number | null;
  reporterId: number | null;
  reportChat: ChatRef | null;
  text: string;
  place: string | null;
  placeKey: string | null;
  what: string | null;
  size: string | null;
  firsthand: boolean | null;
  /** The rest of SALUTE, as the reporter said it: uniform (who), equipment (vehicles, gear), when seen. */
  uniform: string | null;
  equipment: string | null;
  seenAt: string | null;
  /** A vehicle plate, folded (letters and digits, upper case): reports of one plate are grouped. */
  plate: string | null;
  state: AlertState;
  createdAt: number;
  /** Pending: when it expires unverified. Verified: when the alert ends. */
  expiresAt: number;
  closedAt: number | null;
}

/** An `alerts` row as SQLite returns it. */
export interface AlertRow {
  id: number;
  network_id: number;
  num: number;
  group_of: number | null;
  reporter_id: number | null;
  report_chat: ChatRef | null;
  text: string;
  place: string | null;
  place_key: string | null;
  what: string | null;
  size: string | null;
  firsthand: number | null;
  uniform: string | null;
  equipment: string | null;
  seen_at: string | null;
  plate: string | null;
  state: AlertState;
  created_at: number;
  expires_at: number;
  closed_at: number | null;
}

/** The row as the code sees it. */
export function toAlert(r: AlertRow): Alert {
  return {
    id: r.id,
    networkId: r.network_id,
    num: r.num,
    groupOf: r.group_of,
    reporterId: r.reporter_id,
    reportChat: r.report_chat,
    text: r.text,
    place: r.place,
    placeKey: r.place_key,
    what: r.what,
    size: r.size,
    firsthand: r.firsthand === null ? null : r.firsthand === 1,
    uniform: r.uniform,
    equipment: r.equipment,
    seenAt: r.seen_at,
    plate: r.plate,
    state: r.state,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    closedAt: r.closed_at,
  };
}

/** What a reporter may add to a report after sending it. */
export type Detail = "size" | "uniform" | "equipment" | "seenAt" | "plate" | "what" | "place" | "placeKey";

/** Vote counts on a report. */
export interface Tally {
  confirm: number;
  reject: number;
  unsure: number;
  onscene: number;
}

/** Quorum when a network has not set one. */
export const DEFAULT_QUORUM = 2;
