import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, linkSync, statSync, unlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Database as Db } from "better-sqlite3-multiple-ciphers";
import { FatalError } from "../errors.js";
import { schemaVersion } from "../store/migrations.js";
import { auditOperation, openWithKey } from "./database.js";

/** What a backup produced. */
export interface BackupResult {
  file: string;
  bytes: number;
  schemaVersion: number;
}

/**
 * Write a consistent, encrypted copy of an open database to `file`, which must not exist.
 *
 * SQLite's online backup API refuses to copy an encrypted database into a new file ("incompatible
 * source and target"); VACUUM INTO does the same job here: it reads one snapshot inside a read
 * transaction, so a running bot can go on writing, and SQLite3MultipleCiphers writes the copy
 * encrypted with the source's cipher and key. The copy has no free pages, so nothing deleted
 * travels with it. It is written under a temporary name and linked into place, so `file` either
 * appears whole or not at all, and is never overwritten.
 */
export function backupDatabase(db: Db, file: string, key: string, now: number): BackupResult {
  if (existsSync(file)) throw new FatalError("BACKUP_EXISTS", `${file} already exists; choose a new file name (a backup never overwrites a file)`);
  if (!existsSync(dirname(file))) throw new FatalError("USAGE", `the folder ${dirname(file)} does not exist`);
  const partial = join(dirname(file), `.porchlight-backup-${randomBytes(6).toString("hex")}.partial`);
  try {
    db.prepare("VACUUM INTO ?").run(partial);
    chmodSync(partial, 0o600);
    // Prove the copy opens with the key and is whole before it takes the name asked for.
    const copy = openWithKey(partial, key, () => new FatalError("DB_UNREADABLE", "the backup copy does not open with the database key"));
    let version: number;
    try {
      const check = copy.pragma("quick_check", { simple: true });
      if (check !== "ok") throw new FatalError("DB_UNREADABLE", `the backup copy failed its integrity check (${String(check)})`);
      version = schemaVersion(copy);
    } finally {
      copy.close();
    }
    linkSync(partial, file);
    auditOperation(db, "ops.backup", now);
    return { file, bytes: statSync(file).size, schemaVersion: version };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") {
      throw new FatalError("BACKUP_EXISTS", `${file} already exists; choose a new file name (a backup never overwrites a file)`);
    }
    throw err;
  } finally {
    if (existsSync(partial)) unlinkSync(partial);
  }
}
