import { randomBytes } from "node:crypto";
import { appendFileSync, chmodSync, existsSync, linkSync, statSync, unlinkSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { FatalError } from "../errors.js";
import { readGeneration } from "../store/generation.js";
import { slotFileBeside, withState, writeSlot } from "../store/keyslot.js";
import { schemaVersion } from "../store/migrations.js";
import type { Store } from "../store/open.js";
import { auditOperation, openWithKey } from "./database.js";

/** The list of backup key slots made from a database, for a wipe to find them. */
export function backupListOf(dbPath: string): string {
  return `${slotFileBeside(dbPath)}.backups`;
}

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
 *
 * The copy is under the same data key. Beside it goes its own key slot (`FILE.keyslot`, the same
 * wrapped data key, useless without the operator's key), so the backup can be restored on another
 * machine; the slot's path is listed beside the database (`.keyslot.backups`) so that a wipe
 * destroys it too.
 */
export function backupDatabase(store: Store, file: string, now: number): BackupResult {
  const { db } = store;
  const custody = store.custody;
  if (!custody) throw new FatalError("USAGE", "an in-memory database has no backup");
  const key = custody.sqlKey;
  if (existsSync(file)) throw new FatalError("BACKUP_EXISTS", `${file} already exists; choose a new file name (a backup never overwrites a file)`);
  if (!existsSync(dirname(file))) throw new FatalError("USAGE", `the folder ${dirname(file)} does not exist`);
  const partial = join(dirname(file), `.porchlight-backup-${randomBytes(6).toString("hex")}.partial`);
  try {
    db.prepare("VACUUM INTO ?").run(partial);
    chmodSync(partial, 0o600);
    // Prove the copy opens with the key and is whole before it takes the name asked for.
    const copy = openWithKey(partial, key, () => new FatalError("DB_UNREADABLE", "the backup copy does not open with the data key"));
    let version: number;
    let generation: number;
    try {
      const check = copy.pragma("quick_check", { simple: true });
      if (check !== "ok") throw new FatalError("DB_UNREADABLE", `the backup copy failed its integrity check (${String(check)})`);
      version = schemaVersion(copy);
      generation = readGeneration(copy);
    } finally {
      copy.close();
    }
    // The backup's own slot: the same wrapped data key, and the copy's generation, so that opening
    // the backup directly is checked like any database.
    writeSlot(slotFileBeside(file), withState(custody.slot(), custody.dek, { generation, clean: true }));
    appendFileSync(backupListOf(store.path), `${resolve(slotFileBeside(file))}\n`, { mode: 0o600 });
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
