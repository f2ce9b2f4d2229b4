import { existsSync, openSync, readSync, closeSync } from "node:fs";
import Database, { type Database as Db } from "better-sqlite3-multiple-ciphers";
import { audit } from "../core/audit.js";
import { FatalError } from "../errors.js";
import { applyKey } from "../store/open.js";

/** The first 16 bytes of every unencrypted SQLite file. */
const PLAIN_SQLITE_HEADER = Buffer.from("SQLite format 3\0", "latin1");

/** Tables every Porchlight database has, whatever its version. */
const PORCHLIGHT_TABLES = ["networks", "chats", "persons", "memberships", "outbox", "audit"];

/** Whether a file starts like an unencrypted SQLite database. */
export function isPlainSqlite(path: string): boolean {
  const fd = openSync(path, "r");
  try {
    const head = Buffer.alloc(16);
    return readSync(fd, head, 0, 16, 0) === 16 && head.equals(PLAIN_SQLITE_HEADER);
  } finally {
    closeSync(fd);
  }
}

/**
 * Open an encrypted database file with a key, for maintenance (no pragmas, no migrations). Throws
 * `wrongKey(path)` when the key does not open it.
 */
export function openWithKey(path: string, key: string, wrongKey: (path: string) => FatalError, opts: { readonly?: boolean } = {}): Db {
  if (!existsSync(path)) throw new FatalError("USAGE", `${path} does not exist`);
  const db = new Database(path, { readonly: opts.readonly ?? false, fileMustExist: true });
  try {
    applyKey(db, key);
    db.prepare("SELECT count(*) FROM sqlite_master").get();
  } catch (err) {
    db.close();
    if ((err as { code?: string }).code === "SQLITE_NOTADB") throw wrongKey(path);
    throw new FatalError("DB_UNREADABLE", `cannot open ${path}: ${(err as Error).message}`);
  }
  return db;
}

/** Whether an open database has the tables every Porchlight database has. */
export function hasPorchlightSchema(db: Db): boolean {
  const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
  const names = new Set(rows.map((r) => r.name));
  return PORCHLIGHT_TABLES.every((t) => names.has(t));
}

/**
 * Take the database for this connection alone: exclusive locking, and out of WAL mode (which also
 * folds the log into the file). Fails with DB_IN_USE while another process, such as the running
 * bot, has it open. Rekeying needs this; so does replacing the file.
 */
export function takeExclusive(db: Db, path: string): void {
  db.pragma("busy_timeout = 0");
  db.pragma("locking_mode = EXCLUSIVE");
  try {
    const mode = db.pragma("journal_mode = DELETE", { simple: true });
    if (mode !== "delete") throw Object.assign(new Error("journal mode unchanged"), { code: "SQLITE_BUSY" });
    // A write takes the exclusive lock, which locking_mode EXCLUSIVE then keeps until close.
    db.exec("BEGIN EXCLUSIVE; COMMIT;");
  } catch (err) {
    const code = (err as { code?: string }).code ?? "";
    if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) {
      throw new FatalError("DB_IN_USE", `database ${path} is in use by another process (is Porchlight running?); stop it first`);
    }
    throw err;
  }
}

/**
 * Record an operator's action (backup, restore, re-key) in the audit log, for every network's
 * admins to see. Skipped on a database older than the audit's current shape: a maintenance command
 * never migrates a database on its own.
 */
export function auditOperation(db: Db, action: "ops.backup" | "ops.restore" | "ops.rekey", now: number): void {
  const columns = db.prepare("SELECT name FROM pragma_table_info('audit')").all() as { name: string }[];
  if (!columns.some((c) => c.name === "subject_person_id")) return;
  audit(db, { networkId: null, actorId: null, action, at: now });
}
