import { chmodSync, constants, copyFileSync, existsSync, renameSync, unlinkSync } from "node:fs";
import { FatalError } from "../errors.js";
import { databaseExists } from "../store/key.js";
import { LATEST_VERSION, schemaVersion } from "../store/migrations.js";
import { auditOperation, hasPorchlightSchema, isPlainSqlite, openWithKey, takeExclusive } from "./database.js";

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
 * Check that `file` is a whole Porchlight database that opens with `key`, and return its schema
 * version. Reads only.
 */
export function verifyBackup(file: string, key: string): number {
  if (!existsSync(file)) throw new FatalError("USAGE", `${file} does not exist`);
  if (isPlainSqlite(file)) throw notABackup(file, "is an unencrypted SQLite file, not a Porchlight backup");
  const db = openWithKey(file, key, () =>
    notABackup(file, "does not open with the database key: it is not a Porchlight backup, or it was made under another key (set PORCHLIGHT_DB_KEY_FILE to that key)"),
    { readonly: true },
  );
  try {
    if (!hasPorchlightSchema(db)) throw notABackup(file, "opens, but is not a Porchlight database");
    const version = schemaVersion(db);
    if (version > LATEST_VERSION) throw notABackup(file, `was made by a newer Porchlight (schema ${version}, this one knows ${LATEST_VERSION})`);
    const check = db.pragma("quick_check", { simple: true });
    if (check !== "ok") throw notABackup(file, `is damaged (integrity check: ${String(check)})`);
    return version;
  } finally {
    db.close();
  }
}

/**
 * Bring a backup back as the database at `path`. Refuses, changing nothing, when the backup is not
 * a Porchlight database or needs another key, or when the current database is in use or does not
 * open with the key. The database it replaces is kept beside it (still encrypted) under
 * `<path>.replaced-<time>`, for the operator to delete once satisfied.
 */
export function restoreDatabase(opts: { path: string; key: string; from: string; now: number }): RestoreResult {
  const { path, key, from, now } = opts;
  const version = verifyBackup(from, key);
  const present = databaseExists(path);
  if (present) {
    const current = openWithKey(path, key, () =>
      new FatalError("DB_KEY_WRONG", `the current database ${path} does not open with this key; stop the bot and move it away before restoring`),
    );
    try {
      takeExclusive(current, path);
    } finally {
      current.close();
    }
  }
  // Prepare the whole copy first, so a failure leaves the current database where it was.
  const incoming = `${path}.restoring`;
  if (existsSync(incoming)) unlinkSync(incoming);
  copyFileSync(from, incoming, constants.COPYFILE_EXCL);
  chmodSync(incoming, 0o600);
  const db = openWithKey(incoming, key, () => new FatalError("DB_UNREADABLE", `the copy ${incoming} does not open with the key`));
  try {
    db.pragma("journal_mode = WAL");
    auditOperation(db, "ops.restore", now);
  } finally {
    db.close();
  }
  let replacedKeptAs: string | null = null;
  if (present) {
    replacedKeptAs = `${path}.replaced-${new Date(now).toISOString().replace(/[:.]/g, "-")}`;
    renameSync(path, replacedKeptAs);
  }
  // Leftovers of the old file's log must not be replayed into the restored one.
  for (const suffix of ["-wal", "-shm", "-journal"]) if (existsSync(path + suffix)) unlinkSync(path + suffix);
  renameSync(incoming, path);
  return { schemaVersion: version, replacedKeptAs };
}
