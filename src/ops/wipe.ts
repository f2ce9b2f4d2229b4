import { existsSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { keyFileBeside } from "../store/key.js";
import { assertNotWiped, shredFile, slotFileBeside, tombstoneOf } from "../store/keyslot.js";
import { backupListOf } from "./backup.js";

/**
 * Panic wipe by crypto-shredding. The database, its log, its backups and the copies a restore
 * kept are all under one data key that exists on disk only in key slots; destroying the slots
 * (overwritten, synced, unlinked) makes every copy on this machine unreadable, even to someone who
 * holds the operator's key; the local trial key file goes the same way. Then the database and its
 * log are unlinked, and a tombstone stops a restart from beginning afresh unnoticed. Local file operations only: nothing
 * here waits on the network.
 */

export { assertNotWiped, tombstoneOf };

/** Whether the database at `path` was wiped. */
export function wasWiped(dbPath: string): boolean {
  return existsSync(tombstoneOf(dbPath));
}

/** What a wipe destroyed, for the operator's report. */
export interface WipeResult {
  destroyed: string[];
}

/** Destroy the key material of the database at `dbPath`, then the database itself. */
export function wipeDatabase(dbPath: string, now: number): WipeResult {
  const slot = slotFileBeside(dbPath);
  const list = backupListOf(dbPath);
  const backupSlots = existsSync(list)
    ? readFileSync(list, "utf8")
        .split("\n")
        .map((l) => l.trim())
        .filter(Boolean)
    : [];
  // A slot mid-rewrite or mid-upgrade (`.tmp`, `.pending`) is key material too.
  const dir = dirname(dbPath);
  const strays = existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith(`${basename(slot)}.`)).map((f) => join(dir, f)) : [];
  // The key slots first: once they are gone, nothing else matters.
  const keyMaterial = [slot, ...strays.filter((f) => f !== list), ...backupSlots, keyFileBeside(dbPath)];
  const data = [`${dbPath}-wal`, `${dbPath}-shm`, `${dbPath}-journal`, dbPath, list];
  // The tombstone first: a bot still running must not write its slot back from memory.
  writeFileSync(tombstoneOf(dbPath), `wiped at ${new Date(now).toISOString()}\n`, { mode: 0o600 });
  const destroyed = keyMaterial.filter((f) => shredFile(f));
  // The data files are ciphertext under a key that no longer exists: unlinked, not overwritten, so a
  // bot still running keeps reading its open files long enough to say goodbye, then lets them go.
  for (const f of data) if (removeFile(f)) destroyed.push(f);
  return { destroyed };
}

function removeFile(file: string): boolean {
  try {
    unlinkSync(file);
    return true;
  } catch {
    return false;
  }
}
