import { existsSync, renameSync, unlinkSync } from "node:fs";
import Database, { type Database as Db } from "better-sqlite3-multiple-ciphers";
import { FatalError } from "../errors.js";
import { databaseExists, type OperatorKey } from "./key.js";
import { assertNotWiped, createSlot, type KeySlot, readSlot, type SlotState, slotFileBeside, sqlKeyOf, stateOf, unwrapSlot, withState, writeSlot } from "./keyslot.js";

/** The unlocked key material of one database. Holds the data key in memory while the store is open. */
export interface Custody {
  readonly slotFile: string;
  /** The SQLCipher key that opens the database (the data key, raw). */
  readonly sqlKey: string;
  readonly dek: Buffer;
  /** The slot as last written. */
  slot(): KeySlot;
  /** The generation record, verified. */
  state(): SlotState;
  /** Rewrite the slot with a new generation record (atomic, synced). */
  record(state: SlotState): void;
  /** True when the database was keyed directly by the operator key and was just moved to a slot. */
  readonly upgraded: boolean;
}

/** Where a legacy database's new slot waits until the database is re-keyed under its data key. */
function pendingFile(dbPath: string): string {
  return `${slotFileBeside(dbPath)}.pending`;
}

function custodyOf(dbPath: string, slotFile: string, initial: KeySlot, dek: Buffer, upgraded: boolean): Custody {
  let slot = initial;
  return {
    slotFile,
    sqlKey: sqlKeyOf(dek),
    dek,
    upgraded,
    slot: () => slot,
    state: () => stateOf(slot, dek, dbPath),
    record(state) {
      assertNotWiped(dbPath);
      slot = withState(slot, dek, state);
      writeSlot(slotFile, slot);
    },
  };
}

/** Open a file with a key and prove it with a first read; null when the key does not open it. */
function tryOpen(path: string, key: string, applyKey: (db: Db, key: string) => void): Db | null {
  const db = new Database(path, { fileMustExist: true });
  try {
    applyKey(db, key);
    db.prepare("SELECT count(*) FROM sqlite_master").get();
    return db;
  } catch (err) {
    db.close();
    if ((err as { code?: string }).code === "SQLITE_NOTADB") return null;
    throw new FatalError("DB_UNREADABLE", `cannot open database ${path}: ${(err as Error).message}`);
  }
}

/**
 * A database from before key slots is encrypted directly with the operator's key. Move it under a
 * new random data key: the slot is written first under a pending name, then the database is
 * re-keyed in one transaction (out of WAL mode, which re-keying needs), then the slot takes its
 * name. A crash in between is picked up on the next open: the pending slot opens the database or
 * the operator's key still does.
 */
function upgradeLegacy(path: string, key: OperatorKey, applyKey: (db: Db, key: string) => void): Custody {
  const db = tryOpen(path, key.secret, applyKey);
  if (!db) throw new FatalError("DB_KEY_WRONG", `cannot open database ${path}: the key is wrong, or the file is not a Porchlight database`);
  const { slot, dek } = createSlot(key);
  const pending = pendingFile(path);
  try {
    writeSlot(pending, withState(slot, dek, { generation: 0, clean: true }));
    db.pragma("busy_timeout = 0");
    const mode = db.pragma("journal_mode = DELETE", { simple: true });
    if (mode !== "delete") throw new FatalError("DB_IN_USE", `database ${path} is in use by another process (is Porchlight running?); stop it first`);
    db.pragma(`rekey = '${sqlKeyOf(dek).replaceAll("'", "''")}'`);
    db.pragma("journal_mode = WAL");
  } finally {
    db.close();
  }
  const check = tryOpen(path, sqlKeyOf(dek), applyKey);
  if (!check) throw new FatalError("DB_UNREADABLE", `database ${path} does not open under its new data key after the upgrade`);
  check.close();
  const slotFile = slotFileBeside(path);
  renameSync(pending, slotFile);
  return custodyOf(path, slotFile, readSlot(slotFile)!, dek, true);
}

/**
 * Unlock the database's key material with the operator's key: read the slot beside the database,
 * or make one for a new database, or upgrade a database keyed the old way. Writes nothing for an
 * existing slot.
 */
export function unlockCustody(path: string, key: OperatorKey, applyKey: (db: Db, key: string) => void): Custody {
  const slotFile = slotFileBeside(path);
  const slot = readSlot(slotFile);
  if (slot) return custodyOf(path, slotFile, slot, unwrapSlot(slot, key, path), false);
  const exists = databaseExists(path);
  const pending = pendingFile(path);
  if (exists && existsSync(pending)) {
    const waiting = readSlot(pending)!;
    const dek = unwrapSlot(waiting, key, path);
    const db = tryOpen(path, sqlKeyOf(dek), applyKey);
    if (db) {
      db.close();
      renameSync(pending, slotFile);
      return custodyOf(path, slotFile, waiting, dek, true);
    }
    unlinkSync(pending);
  }
  if (exists) return upgradeLegacy(path, key, applyKey);
  const made = createSlot(key);
  const initial = withState(made.slot, made.dek, { generation: 0, clean: true });
  writeSlot(slotFile, initial);
  return custodyOf(path, slotFile, initial, made.dek, false);
}

/** What `doctor` learns about a database's key material, without writing anything. */
export interface CustodyPeek {
  /** The key that opens the database: the slot's data key, or the operator key for an old database. */
  sqlKey: string;
  state: SlotState | null;
  /** The database is keyed directly by the operator key; the next start moves it to a key slot. */
  legacy: boolean;
}

/** Unlock the key material read-only: the slot's data key, or for an old database its key as is. */
export function peekCustody(path: string, key: OperatorKey): CustodyPeek {
  const slot = readSlot(slotFileBeside(path));
  if (slot) {
    const dek = unwrapSlot(slot, key, path);
    return { sqlKey: sqlKeyOf(dek), state: stateOf(slot, dek, path), legacy: false };
  }
  return { sqlKey: key.secret, state: null, legacy: true };
}
