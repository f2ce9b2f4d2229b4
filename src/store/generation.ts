import { existsSync, statSync, unlinkSync } from "node:fs";
import Database, { type Database as Db } from "better-sqlite3-multiple-ciphers";
import { type FatalCode, FatalError } from "../errors.js";
import { databaseExists } from "./key.js";
import type { SlotState } from "./keyslot.js";
import { pendingMigrations, type PendingModule } from "./migrations.js";

/**
 * The commit generation: a counter in the database (maintenance 'generation'), bumped when the
 * running bot seals its state (every scheduler round that changed something, and at a clean stop),
 * and recorded beside the key in the key slot after the commit. A database whose generation is
 * below the slot's lost commits (a deleted or damaged WAL) or is an old copy put back.
 */

/** The database's generation; 0 for a database that never sealed one. */
export function readGeneration(db: Db): number {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'maintenance'").get();
  if (!table) return 0;
  const row = db.prepare("SELECT value FROM maintenance WHERE key = 'generation'").get() as { value: number } | undefined;
  return row?.value ?? 0;
}

/** Bump the generation in its own transaction; returns the new one. */
export function bumpGeneration(db: Db): number {
  return db
    .transaction(() => {
      db.prepare(
        "INSERT INTO maintenance (key, value) VALUES ('generation', 1) ON CONFLICT (key) DO UPDATE SET value = value + 1",
      ).run();
      return readGeneration(db);
    })
    .immediate();
}

function refuse(code: FatalCode, path: string, what: string): FatalError {
  return new FatalError(
    code,
    `database ${path} ${what}. Porchlight did not start and changed nothing. Put back the files as they were, or restore a backup with \`porchlight restore FILE\` (see docs/deploy.md)`,
  );
}

/** What the checks found on a database that passed them. */
export interface DatabaseHealth {
  generation: number;
  schemaVersion: number;
  /** The schema steps a migration would apply, per module (`doctor` reports them). */
  pending?: readonly PendingModule[];
}

/**
 * The checks a start and `doctor` run before anything is written: the WAL is there when the last
 * run did not stop cleanly, the pages pass PRAGMA quick_check, and the generation is not below the
 * one recorded beside the key. Reads only: a read-only connection, opened after the WAL check (a
 * read-only open of a database without its WAL would create an empty one).
 */
export function checkDatabase(path: string, sqlKey: string, recorded: SlotState | null, applyKey: (db: Db, key: string) => void): DatabaseHealth {
  if (!databaseExists(path)) {
    // A slot that saw commits means there was a database here: a new, empty one must not replace it.
    if (recorded && recorded.generation > 0) {
      throw refuse("DB_ROLLED_BACK", path, `is missing, but its key slot records that it held data (generation ${recorded.generation})`);
    }
    return { generation: 0, schemaVersion: 0 };
  }
  if (recorded && !recorded.clean && !existsSync(`${path}-wal`)) {
    throw refuse("DB_WAL_MISSING", path, "is missing its write-ahead log (-wal): the last run did not stop cleanly, and the commits in its log are gone");
  }
  // A read-only open of a database without its log creates an empty one (and the shared-memory
  // index): those are taken away again below, so a refused start leaves the folder as it found it.
  const hadLog = existsSync(`${path}-wal`);
  const hadIndex = existsSync(`${path}-shm`);
  let db: Db;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new FatalError("DB_UNREADABLE", `cannot open database ${path}: ${(err as Error).message}`);
  }
  try {
    applyKey(db, sqlKey);
    let check: unknown;
    try {
      check = db.pragma("quick_check", { simple: true });
    } catch (err) {
      if ((err as { code?: string }).code === "SQLITE_NOTADB") {
        throw new FatalError("DB_KEY_WRONG", `cannot open database ${path}: the key is wrong, or the file is damaged or not a Porchlight database`);
      }
      throw refuse("DB_DAMAGED", path, `is damaged (${(err as Error).message})`);
    }
    if (check !== "ok") throw refuse("DB_DAMAGED", path, `is damaged (integrity check: ${String(check)})`);
    const generation = readGeneration(db);
    if (recorded && generation < recorded.generation) {
      throw refuse(
        "DB_ROLLED_BACK",
        path,
        `is older than the last state this server saw (generation ${generation}, expected at least ${recorded.generation}): its write-ahead log was lost or damaged, or an old copy was put in its place`,
      );
    }
    return { generation, schemaVersion: db.pragma("user_version", { simple: true }) as number, pending: pendingMigrations(db) };
  } finally {
    db.close();
    removeIfCreated(path, hadLog, hadIndex);
  }
}

function removeIfCreated(path: string, hadLog: boolean, hadIndex: boolean): void {
  const log = `${path}-wal`;
  if (hadLog || !existsSync(log) || statSync(log).size > 0) return;
  unlinkSync(log);
  if (!hadIndex && existsSync(`${path}-shm`)) unlinkSync(`${path}-shm`);
}
