import type { NumberingSpec } from "../core/job.js";
import type { Database } from "better-sqlite3-multiple-ciphers";
import { nextNumber, sql } from "../store/statements.js";
import type { FootageEntry } from "./model.js";

/** Footage custody entries are numbered within their canvass. */
export const FOOTAGE_NUMBERS: NumberingSpec = { id: "footage", table: "canvass_footage", scope: "canvass_id" };

/** A SHA-256 digest as people paste it: 64 hexadecimal characters. */
export const SHA256_HEX = /^[0-9a-f]{64}$/i;

interface FootageRow {
  id: number;
  num: number;
  block_code: string;
  sha256: string;
  received_by: number | null;
  received_by_name: string | null;
  received_at: number;
  camera: string | null;
  time_range: string | null;
  contact: string | null;
}

function toEntry(r: FootageRow): FootageEntry {
  return {
    id: r.id,
    num: r.num,
    blockCode: r.block_code,
    sha256: r.sha256,
    receivedBy: r.received_by,
    receivedByName: r.received_by_name,
    receivedAt: r.received_at,
    camera: r.camera,
    timeRange: r.time_range,
    contact: r.contact,
  };
}

/**
 * The chain of custody of a canvass: each entry says who received which file (by its hash) and when.
 * The bot never stores footage, only these facts. The same hash recorded again is a hand-over.
 */
export class CustodyStore {
  constructor(private readonly db: Database) {}

  record(input: {
    canvassId: number;
    blockCode: string;
    sha256: string;
    receivedBy: number;
    receivedByName: string;
    now: number;
    camera: string | null;
    timeRange: string | null;
    contact: string | null;
  }): FootageEntry {
    const next = nextNumber(this.db, FOOTAGE_NUMBERS, input.canvassId);
    const row = sql(
      this.db,
      `INSERT INTO canvass_footage (canvass_id, num, block_code, sha256, received_by, received_by_name, received_at, camera, time_range, contact)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    ).get(
      input.canvassId,
      next,
      input.blockCode,
      input.sha256.toLowerCase(),
      input.receivedBy,
      input.receivedByName,
      input.now,
      input.camera,
      input.timeRange,
      input.contact,
    ) as FootageRow;
    return toEntry(row);
  }

  /** Earlier entries for the same file, so a hand-over can say who had it before. */
  holdersOf(canvassId: number, sha256: string): FootageEntry[] {
    return (
      sql(this.db, "SELECT * FROM canvass_footage WHERE canvass_id = ? AND sha256 = ? ORDER BY num").all(canvassId, sha256.toLowerCase()) as FootageRow[]
    ).map(toEntry);
  }

  /** The whole record, oldest first. */
  entries(canvassId: number): FootageEntry[] {
    return (sql(this.db, "SELECT * FROM canvass_footage WHERE canvass_id = ? ORDER BY num").all(canvassId) as FootageRow[]).map(toEntry);
  }
}
