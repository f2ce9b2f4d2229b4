/** The footage canvass, as plain data: what the store returns and the renderers read. */

/** A footage canvass after an incident: blocks around the scene, a deadline before footage is lost. */
export interface Canvass {
  id: number;
  networkId: number;
  /** The number people type: per network, 1, 2, 3... */
  num: number;
  title: string;
  /** The scene. Need-to-know; null once purged. */
  place: string | null;
  incidentAt: number | null;
  deadlineAt: number;
  /** The person who opened it; network leads and admins count as leads too. */
  leadId: number | null;
  /** The chat it was opened in, told when a notice cannot reach the lead privately. */
  originChat: string | null;
  createdAt: number;
  closedAt: number | null;
  purgedAt: number | null;
}

/** Where a block stands. `reported`: knocked, footage still to secure; `done`: nothing left to do. */
export type BlockState = "open" | "claimed" | "reported" | "done";

/** Every state, in the order status lists them. */
export const BLOCK_STATES: readonly BlockState[] = ["open", "claimed", "reported", "done"];

/** The counts of a block's current report. */
export interface ReportCounts {
  doors: number;
  answered: number;
  cameras: number;
  footage: number;
}

/** One block of a canvass with its current claim and report. */
export interface Block {
  id: number;
  canvassId: number;
  /** The id people type, e.g. `B1`. */
  code: string;
  /** Streets or addresses: need-to-know; null when none was given or once purged. */
  label: string | null;
  /** Outline as [longitude, latitude] points, when imported from GeoJSON or CSV. */
  polygon: [number, number][] | null;
  state: BlockState;
  claim: { id: number; personId: number | null; expiresAt: number } | null;
  report: (ReportCounts & { id: number; personId: number | null; note: string | null; reportedAt: number }) | null;
}

/** A block as typed in chat or read from a file, before it is stored. */
export interface BlockInput {
  code: string;
  label: string | null;
  polygon: [number, number][] | null;
}

/** One entry of the chain of custody: who received which file (by hash), when. */
export interface FootageEntry {
  id: number;
  /** Number within the canvass: F1, F2... */
  num: number;
  blockCode: string;
  sha256: string;
  receivedBy: number | null;
  receivedByName: string | null;
  receivedAt: number;
  camera: string | null;
  timeRange: string | null;
  contact: string | null;
}

/** Progress at a glance: blocks by state and the sums of current reports. */
export interface Progress extends ReportCounts {
  blocks: Record<BlockState, number>;
  total: number;
  /** Custody entries recorded (files handed over). */
  custody: number;
}

/** A block id as people type it: letters, digits, `-` or `_`, up to 16. */
export const BLOCK_CODE = /^[\p{L}\p{N}][\p{L}\p{N}_-]{0,15}$/u;

/** Longest block label kept. */
export const MAX_LABEL = 200;

/** The state of a block from its active claim and current report. */
export function blockState(claim: Block["claim"], report: ReportCounts | null): BlockState {
  if (claim) return "claimed";
  if (!report) return "open";
  return report.footage >= report.cameras ? "done" : "reported";
}
