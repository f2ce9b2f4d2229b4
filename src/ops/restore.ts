import { appendFileSync, chmodSync, constants, copyFileSync, existsSync, renameSync, unlinkSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { FatalError } from "../errors.js";
import { type Custody, unlockCustody } from "../store/custody.js";
import { readGeneration } from "../store/generation.js";
import { databaseExists, type OperatorKey } from "../store/key.js";
import { createSlot, readSlot, slotFileBeside, sqlKeyOf, unwrapSlot, withState, writeSlot } from "../store/keyslot.js";
import { LATEST_VERSION, schemaVersion } from "../store/migrations.js";
import { applyKey } from "../store/open.js";
import { auditOperation, hasPorchlightSchema, isPlainSqlite, openWithKey, takeExclusive } from "./database.js";
import { backupListOf } from "./backup.js";
import { asOperatorKey } from "./rekey.js";
import { resolve } from "node:path";

/** What a restore did. */
export interface RestoreResult {
  schemaVersion: number;
  /** Where the database that was replaced now lies, or null when there was none. */
  replacedKeptAs: string | null;
}

function notABackup(file: string, why: string): FatalError {
  return new FatalError("NOT_A_BACKUP", `${file} ${why}; nothing was changed`);
}

/**
 * The SQLCipher key of a backup: the data key in its own slot (`FILE.keyslot`), or, for a backup
 * made before key slots, the operator's key itself.
 */
function backupKey(file: string, key: OperatorKey): { sqlKey: string; dek: Buffer | null } {
  const slot = readSlot(slotFileBeside(file));
  if (!slot) return { sqlKey: key.secret, dek: null };
  let dek: Buffer;
  try {
    dek = unwrapSlot(slot, key, file);
  } catch {
    throw notABackup(
      file,
      "does not open with the database key: it is not a Porchlight backup, or it was made under another key (its key slot does not open with this one; set PORCHLIGHT_DB_KEY_FILE to that key)",
    );
  }
  return { sqlKey: sqlKeyOf(dek), dek };
}

/**
 * Check that `file` is a whole Porchlight database that opens with `key` (through its key slot),
 * and return its schema version. Reads only.
 */
export function verifyBackup(file: string, key: string | OperatorKey): number {
  return inspectBackup(file, asOperatorKey(key)).version;
}

function inspectBackup(file: string, key: OperatorKey): { version: number; sqlKey: string; dek: Buffer | null } {
  if (!existsSync(file)) throw new FatalError("USAGE", `${file} does not exist`);
  if (isPlainSqlite(file)) throw notABackup(file, "is an unencrypted SQLite file, not a Porchlight backup");
  const { sqlKey, dek } = backupKey(file, key);
  const db = openWithKey(file, sqlKey, () =>
    notABackup(file, "does not open with the database key: it is not a Porchlight backup, or it was made under another key (set PORCHLIGHT_DB_KEY_FILE to that key)"),
    { readonly: true },
  );
  try {
    if (!hasPorchlightSchema(db)) throw notABackup(file, "opens, but is not a Porchlight database");
    const version = schemaVersion(db);
    if (version > LATEST_VERSION) throw notABackup(file, `was made by a newer Porchlight (schema ${version}, this one knows ${LATEST_VERSION})`);
    const check = db.pragma("quick_check", { simple: true });
    if (check !== "ok") throw notABackup(file, `is damaged (integrity check: ${String(check)})`);
    return { version, sqlKey, dek };
  } finally {
    db.close();
  }
}

/**
 * Bring a backup back as the database at `path`. Refuses, changing nothing, when the backup is not
 * a Porchlight database or needs another key, or when the current database is in use or does not
 * open with the key. The database it replaces is kept beside it (still encrypted) under
 * `<path>.replaced-<time>`, for the operator to delete once satisfied. The restored database ends
 * under this machine's data key (the backup's copy is re-keyed when it differs), and its
 * generation becomes the one recorded beside the key: a restore is the one legitimate way back.
 */
export function restoreDatabase(opts: { path: string; key: string | OperatorKey; from: string; now: number }): RestoreResult {
  const { path, from, now } = opts;
  const key = asOperatorKey(opts.key);
  const backup = inspectBackup(from, key);
  const present = databaseExists(path);
  let custody: Custody | null = null;
  if (present || existsSync(slotFileBeside(path))) custody = unlockCustody(path, key, applyKey);
  if (present) {
    const current = openWithKey(path, custody!.sqlKey, () =>
      new FatalError("DB_KEY_WRONG", `the current database ${path} does not open with this key; stop the bot and move it away before restoring`),
    );
    try {
      takeExclusive(current, path);
    } finally {
      current.close();
    }
  }
  const dek = custody?.dek ?? backup.dek ?? randomBytes(32);
  // Prepare the whole copy first, so a failure leaves the current database where it was.
  const incoming = `${path}.restoring`;
  if (existsSync(incoming)) unlinkSync(incoming);
  copyFileSync(from, incoming, constants.COPYFILE_EXCL);
  chmodSync(incoming, 0o600);
  const db = openWithKey(incoming, backup.sqlKey, () => new FatalError("DB_UNREADABLE", `the copy ${incoming} does not open with the key`));
  let generation: number;
  try {
    if (backup.sqlKey !== sqlKeyOf(dek)) {
      db.pragma("journal_mode = DELETE");
      db.pragma(`rekey = '${sqlKeyOf(dek).replaceAll("'", "''")}'`);
    }
    db.pragma("journal_mode = WAL");
    auditOperation(db, "ops.restore", now);
    generation = readGeneration(db);
  } finally {
    db.close();
  }
  let replacedKeptAs: string | null = null;
  if (present) {
    replacedKeptAs = `${path}.replaced-${new Date(now).toISOString().replace(/[:.]/g, "-")}`;
    renameSync(path, replacedKeptAs);
    // The kept copy is under this machine's data key: give it a slot like a backup's, which a wipe finds.
    writeSlot(slotFileBeside(replacedKeptAs), withState(custody!.slot(), custody!.dek, { generation: custody!.state().generation, clean: true }));
    appendFileSync(backupListOf(path), `${resolve(slotFileBeside(replacedKeptAs))}\n`, { mode: 0o600 });
  }
  // Leftovers of the old file's log must not be replayed into the restored one.
  for (const suffix of ["-wal", "-shm", "-journal"]) if (existsSync(path + suffix)) unlinkSync(path + suffix);
  renameSync(incoming, path);
  const slot = custody?.slot() ?? createSlot(key, dek).slot;
  writeSlot(slotFileBeside(path), withState(slot, dek, { generation, clean: true }));
  return { schemaVersion: backup.version, replacedKeptAs };
}
