import type { Database } from "better-sqlite3-multiple-ciphers";
import { sql } from "../store/statements.js";

/** What forgetting a person changed in the canvass tables. */
export interface CanvassForgetResult {
  claims: number;
  reports: number;
  custody: number;
}

/**
 * Forget a person in every canvass (for the privacy feature's "forget me"): their claims are removed
 * (a block they held returns to the pool), their reports become anonymous counts (numbers kept, who
 * and note dropped), and custody entries keep what the legal chain needs (hash, block, time, camera)
 * with the receiver anonymised. Call inside a transaction.
 */
export function forgetPerson(db: Database, personId: number): CanvassForgetResult {
  const claims = sql(db, "DELETE FROM canvass_claims WHERE person_id = ?").run(personId).changes;
  sql(db, "UPDATE canvass_claims SET assigned_by = NULL WHERE assigned_by = ?").run(personId);
  const reports = sql(db, "UPDATE canvass_reports SET person_id = NULL, note = NULL WHERE person_id = ?").run(personId).changes;
  const custody = sql(db, "UPDATE canvass_footage SET received_by = NULL, received_by_name = NULL WHERE received_by = ?").run(personId).changes;
  sql(db, "UPDATE canvasses SET lead_id = NULL WHERE lead_id = ?").run(personId);
  return { claims, reports, custody };
}

/**
 * Purge the details of canvasses closed (or past their deadline) before `before`: title, scene, block
 * labels and outlines, report notes and who reported, and claims. Counts stay for the summary and
 * the custody record stays whole for the legal team. Returns how many canvasses were purged.
 */
export function purgeCanvassDetails(db: Database, before: number, now: number): number {
  const due = sql(
    db,
    "SELECT id FROM canvasses WHERE purged_at IS NULL AND coalesce(closed_at, deadline_at) < ?",
  ).all(before) as { id: number }[];
  for (const { id } of due) {
    sql(db, "UPDATE canvasses SET title = '', place = NULL, origin_chat = NULL, purged_at = ? WHERE id = ?").run(now, id);
    sql(db, "UPDATE canvass_blocks SET label = NULL, polygon = NULL WHERE canvass_id = ?").run(id);
    sql(
      db,
      "UPDATE canvass_reports SET note = NULL, person_id = NULL WHERE block_id IN (SELECT id FROM canvass_blocks WHERE canvass_id = ?)",
    ).run(id);
    sql(db, "DELETE FROM canvass_claims WHERE block_id IN (SELECT id FROM canvass_blocks WHERE canvass_id = ?)").run(id);
  }
  return due.length;
}

/** Canvasses whose custody record is due for deletion before `before`, with their lead. */
export function canvassesEndedBefore(db: Database, before: number): { id: number; num: number; networkId: number; leadId: number | null; endedAt: number }[] {
  return sql(
    db,
    "SELECT id, num, network_id AS networkId, lead_id AS leadId, coalesce(closed_at, deadline_at) AS endedAt FROM canvasses WHERE coalesce(closed_at, deadline_at) < ?",
  ).all(before) as { id: number; num: number; networkId: number; leadId: number | null; endedAt: number }[];
}

/**
 * Delete a canvass whole, custody record included: its retention after closing has passed and the
 * lead was told before, with the legal export to use. Call inside a transaction.
 */
export function deleteCanvass(db: Database, canvassId: number): void {
  sql(db, "DELETE FROM canvasses WHERE id = ?").run(canvassId);
}
