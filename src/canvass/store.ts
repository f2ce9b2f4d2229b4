import type { NumberingSpec } from "../core/job.js";
import type { Database } from "better-sqlite3-multiple-ciphers";
import { countRows, nextNumber, sql } from "../store/statements.js";
import { BLOCK_STATES, type Block, type BlockInput, type Canvass, type Progress, type ReportCounts, blockState } from "./model.js";

/** Canvasses are numbered within their network. */
export const CANVASS_NUMBERS: NumberingSpec = { id: "canvass", table: "canvasses", scope: "network_id" };

interface CanvassRow {
  id: number;
  network_id: number;
  num: number;
  title: string;
  place: string | null;
  incident_at: number | null;
  deadline_at: number;
  lead_id: number | null;
  origin_chat: string | null;
  created_at: number;
  closed_at: number | null;
  purged_at: number | null;
}

function toCanvass(r: CanvassRow): Canvass {
  return {
    id: r.id,
    networkId: r.network_id,
    num: r.num,
    title: r.title,
    place: r.place,
    incidentAt: r.incident_at,
    deadlineAt: r.deadline_at,
    leadId: r.lead_id,
    originChat: r.origin_chat,
    createdAt: r.created_at,
    closedAt: r.closed_at,
    purgedAt: r.purged_at,
  };
}

interface BlockRow {
  id: number;
  canvass_id: number;
  code: string;
  label: string | null;
  polygon: string | null;
  claim_id: number | null;
  claim_person: number | null;
  claim_expires: number | null;
  report_id: number | null;
  report_person: number | null;
  doors: number | null;
  answered: number | null;
  cameras: number | null;
  footage: number | null;
  note: string | null;
  reported_at: number | null;
}

/** Blocks with their active claim and current (not superseded) report. */
const BLOCK_SELECT = `SELECT b.id, b.canvass_id, b.code, b.label, b.polygon,
    c.id AS claim_id, c.person_id AS claim_person, c.expires_at AS claim_expires,
    r.id AS report_id, r.person_id AS report_person, r.doors, r.answered, r.cameras, r.footage, r.note, r.reported_at
  FROM canvass_blocks b
  LEFT JOIN canvass_claims c ON c.block_id = b.id AND c.ended_at IS NULL
  LEFT JOIN canvass_reports r ON r.block_id = b.id AND r.superseded_at IS NULL`;

function toBlock(r: BlockRow): Block {
  const claim = r.claim_id === null ? null : { id: r.claim_id, personId: r.claim_person, expiresAt: r.claim_expires! };
  const report =
    r.report_id === null
      ? null
      : {
          id: r.report_id,
          personId: r.report_person,
          doors: r.doors!,
          answered: r.answered!,
          cameras: r.cameras!,
          footage: r.footage!,
          note: r.note,
          reportedAt: r.reported_at!,
        };
  return {
    id: r.id,
    canvassId: r.canvass_id,
    code: r.code,
    label: r.label,
    polygon: r.polygon ? (JSON.parse(r.polygon) as [number, number][]) : null,
    state: blockState(claim, report),
    claim,
    report,
  };
}

/** Canvasses, their blocks, claims and reports. Callers run these inside the command's transaction. */
export class CanvassStore {
  constructor(private readonly db: Database) {}

  create(input: {
    networkId: number;
    title: string;
    place: string;
    incidentAt: number | null;
    deadlineAt: number;
    leadId: number;
    originChat: string | null;
    now: number;
  }): Canvass {
    const next = nextNumber(this.db, CANVASS_NUMBERS, input.networkId);
    const id = sql(
      this.db,
      `INSERT INTO canvasses (network_id, num, title, place, incident_at, deadline_at, lead_id, origin_chat, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(input.networkId, next, input.title, input.place, input.incidentAt, input.deadlineAt, input.leadId, input.originChat, input.now)
      .lastInsertRowid;
    return this.byId(Number(id))!;
  }

  byId(id: number): Canvass | null {
    const row = sql(this.db, "SELECT * FROM canvasses WHERE id = ?").get(id) as CanvassRow | undefined;
    return row ? toCanvass(row) : null;
  }

  byNum(networkId: number, num: number): Canvass | null {
    const row = sql(this.db, "SELECT * FROM canvasses WHERE network_id = ? AND num = ?").get(networkId, num) as CanvassRow | undefined;
    return row ? toCanvass(row) : null;
  }

  /** Every canvass numbered `num`, across networks (the command line names a canvass by number). */
  allByNum(num: number): Canvass[] {
    return (sql(this.db, "SELECT * FROM canvasses WHERE num = ? ORDER BY network_id").all(num) as CanvassRow[]).map(toCanvass);
  }

  /** Canvasses not closed, in any network (for scheduled jobs). */
  open(): Canvass[] {
    return (sql(this.db, "SELECT * FROM canvasses WHERE closed_at IS NULL ORDER BY id").all() as CanvassRow[]).map(toCanvass);
  }

  /** Add blocks at the end; the caller has checked codes are new. */
  addBlocks(canvassId: number, blocks: readonly BlockInput[]): void {
    const { next } = sql(this.db, "SELECT coalesce(max(position), 0) + 1 AS next FROM canvass_blocks WHERE canvass_id = ?").get(canvassId) as {
      next: number;
    };
    const insert = sql(this.db, "INSERT INTO canvass_blocks (canvass_id, code, label, polygon, position) VALUES (?, ?, ?, ?, ?)");
    for (const [i, b] of blocks.entries()) {
      insert.run(canvassId, b.code, b.label, b.polygon ? JSON.stringify(b.polygon) : null, next + i);
    }
  }

  /** Block codes already in a canvass, folded to upper case. */
  codes(canvassId: number): Set<string> {
    const rows = sql(this.db, "SELECT code FROM canvass_blocks WHERE canvass_id = ?").all(canvassId) as { code: string }[];
    return new Set(rows.map((r) => r.code.toUpperCase()));
  }

  blocks(canvassId: number): Block[] {
    return (sql(this.db, `${BLOCK_SELECT} WHERE b.canvass_id = ? ORDER BY b.position`).all(canvassId) as BlockRow[]).map(toBlock);
  }

  /** A block by the code people type (case-insensitive). */
  block(canvassId: number, code: string): Block | null {
    const row = sql(this.db, `${BLOCK_SELECT} WHERE b.canvass_id = ? AND upper(b.code) = upper(?)`).get(canvassId, code) as BlockRow | undefined;
    return row ? toBlock(row) : null;
  }

  /** Give a block to a person until `expiresAt`. The block must have no active claim. */
  claim(blockId: number, personId: number, input: { now: number; expiresAt: number; assignedBy: number | null; viaChat: string | null }): void {
    sql(
      this.db,
      "INSERT INTO canvass_claims (block_id, person_id, assigned_by, via_chat, claimed_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
    ).run(blockId, personId, input.assignedBy, input.viaChat, input.now, input.expiresAt);
  }

  /** End a block's active claim; returns who held it, or null when nobody did. */
  endClaim(blockId: number, reason: "released" | "expired" | "reported" | "overridden" | "closed", now: number): number | null {
    const row = sql(
      this.db,
      "UPDATE canvass_claims SET ended_at = ?, end_reason = ? WHERE block_id = ? AND ended_at IS NULL RETURNING person_id",
    ).get(now, reason, blockId) as { person_id: number | null } | undefined;
    return row ? row.person_id : null;
  }

  /** Active claims past their expiry, in any open canvass. */
  expiredClaims(now: number): { claimId: number; blockId: number; personId: number | null; canvassId: number; viaChat: string | null }[] {
    return (
      sql(
        this.db,
        `SELECT c.id, c.block_id, c.person_id, b.canvass_id, c.via_chat FROM canvass_claims c
         JOIN canvass_blocks b ON b.id = c.block_id JOIN canvasses v ON v.id = b.canvass_id
         WHERE c.ended_at IS NULL AND c.expires_at <= ? AND v.closed_at IS NULL ORDER BY c.id`,
      ).all(now) as { id: number; block_id: number; person_id: number | null; canvass_id: number; via_chat: string | null }[]
    ).map((r) => ({ claimId: r.id, blockId: r.block_id, personId: r.person_id, canvassId: r.canvass_id, viaChat: r.via_chat }));
  }

  /** Mark an ended claim as expired (the job ends it with this reason). */
  expireClaim(claimId: number, now: number): void {
    sql(this.db, "UPDATE canvass_claims SET ended_at = ?, end_reason = 'expired' WHERE id = ? AND ended_at IS NULL").run(now, claimId);
  }

  /** Active claims of open canvasses made before `before`, for deadline reminders. */
  activeClaims(canvassId: number): { claimId: number; blockCode: string; personId: number | null; claimedAt: number; viaChat: string | null }[] {
    return (
      sql(
        this.db,
        `SELECT c.id, b.code, c.person_id, c.claimed_at, c.via_chat FROM canvass_claims c JOIN canvass_blocks b ON b.id = c.block_id
         WHERE b.canvass_id = ? AND c.ended_at IS NULL ORDER BY b.position`,
      ).all(canvassId) as { id: number; code: string; person_id: number | null; claimed_at: number; via_chat: string | null }[]
    ).map((r) => ({ claimId: r.id, blockCode: r.code, personId: r.person_id, claimedAt: r.claimed_at, viaChat: r.via_chat }));
  }

  /** Record a report; the block's earlier report is kept in the history, marked superseded. */
  report(blockId: number, personId: number, counts: ReportCounts, note: string | null, now: number): { corrected: boolean } {
    const prior = sql(this.db, "UPDATE canvass_reports SET superseded_at = ? WHERE block_id = ? AND superseded_at IS NULL").run(now, blockId);
    sql(
      this.db,
      `INSERT INTO canvass_reports (block_id, person_id, doors, answered, cameras, footage, note, reported_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(blockId, personId, counts.doors, counts.answered, counts.cameras, counts.footage, note, now);
    return { corrected: prior.changes > 0 };
  }

  /** How many reports a block has had, superseded ones included. */
  reportHistory(blockId: number): number {
    return countRows(this.db, "SELECT count(*) AS n FROM canvass_reports WHERE block_id = ?", blockId);
  }

  close(canvassId: number, now: number): void {
    sql(this.db, "UPDATE canvasses SET closed_at = ? WHERE id = ?").run(now, canvassId);
    sql(
      this.db,
      `UPDATE canvass_claims SET ended_at = ?, end_reason = 'closed'
       WHERE ended_at IS NULL AND block_id IN (SELECT id FROM canvass_blocks WHERE canvass_id = ?)`,
    ).run(now, canvassId);
  }

  /** Blocks by state, report sums and custody entries. */
  progress(canvassId: number): Progress {
    const blocks = this.blocks(canvassId);
    const counts = Object.fromEntries(BLOCK_STATES.map((s) => [s, 0])) as Progress["blocks"];
    const sums: ReportCounts = { doors: 0, answered: 0, cameras: 0, footage: 0 };
    for (const b of blocks) {
      counts[b.state]++;
      if (b.report) for (const k of ["doors", "answered", "cameras", "footage"] as const) sums[k] += b.report[k];
    }
    const { n } = sql(this.db, "SELECT count(*) AS n FROM canvass_footage WHERE canvass_id = ?").get(canvassId) as { n: number };
    return { blocks: counts, total: blocks.length, ...sums, custody: n };
  }
}
