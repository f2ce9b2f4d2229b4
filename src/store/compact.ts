import type { Database } from "better-sqlite3-multiple-ciphers";
import { sql } from "./statements.js";

/**
 * Compaction after deletions. `secure_delete` already overwrites deleted rows in place; what is left
 * are free pages and old page images in the write-ahead log. A compaction rewrites the file without
 * free pages (VACUUM) and empties the log (checkpoint TRUNCATE). It is asked for by whatever deleted
 * rows (a flag in the database, so a restart keeps it) and runs outside any transaction.
 */

/** The least time between two compactions: a busy bot deletes a little all the time. */
export const COMPACTION_MIN_GAP_MS = 60 * 60 * 1000;

function getValue(db: Database, key: string): number | null {
  const row = sql(db, "SELECT value FROM maintenance WHERE key = ?").get(key) as { value: number } | undefined;
  return row?.value ?? null;
}

function setValue(db: Database, key: string, value: number): void {
  sql(db, "INSERT INTO maintenance (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(key, value);
}

/** Ask for a compaction: call after deleting personal data (inside the deleting transaction is fine). */
export function markCompactionDue(db: Database): void {
  setValue(db, "compact_due", 1);
}

/** Whether a compaction was asked for, or the file has free pages that may hold old content. */
export function compactionDue(db: Database): boolean {
  return getValue(db, "compact_due") === 1 || (db.pragma("freelist_count", { simple: true }) as number) > 0;
}

/** When the database was last compacted (epoch ms), or null. */
export function lastCompaction(db: Database): number | null {
  return getValue(db, "compacted_at");
}

/**
 * Compact when due and the last compaction is at least `minGapMs` old. Two point reads when nothing
 * is due. Must not run inside a transaction. Returns whether it compacted.
 */
export function compactIfDue(db: Database, now: number, minGapMs = COMPACTION_MIN_GAP_MS): boolean {
  if (!compactionDue(db)) return false;
  const last = lastCompaction(db);
  if (last !== null && now - last < minGapMs) return false;
  compactNow(db, now);
  return true;
}

/**
 * Compact at once, whatever the gap since the last time: after `/forgetme`, before the answer is
 * sent, so what was deleted is gone from free pages and the log when the person reads "done".
 * Must not run inside a transaction. On failure the compaction stays due and the error is thrown.
 */
export function compactNow(db: Database, now: number): void {
  db.transaction(() => {
    setValue(db, "compact_due", 0);
    setValue(db, "compacted_at", now);
  }).immediate();
  try {
    db.exec("VACUUM");
    checkpointTruncate(db);
  } catch (err) {
    markCompactionDue(db);
    throw err;
  }
}

/**
 * Copy the log into the main file and empty it. Throws when a reader kept part of the log from
 * being copied (SQLite reports it as busy rather than failing), so nothing is reported erased
 * while old page images remain in the log.
 */
export function checkpointTruncate(db: Database): void {
  const [result] = db.pragma("wal_checkpoint(TRUNCATE)") as { busy: number; log: number; checkpointed: number }[];
  if (result && result.busy !== 0) throw new Error("checkpoint could not empty the write-ahead log");
}

/** Rows inserted, changed or deleted through this connection since it opened. */
export function totalChanges(db: Database): number {
  return (sql(db, "SELECT total_changes() AS n").get() as { n: number }).n;
}
