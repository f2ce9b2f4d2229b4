import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database, { type Database as Db } from "better-sqlite3-multiple-ciphers";
import { FatalError } from "../errors.js";
import { type DatabaseKey, resolveDatabaseKey } from "./key.js";
import { assertNotNewer, migrate } from "./migrations.js";

type Env = Record<string, string | undefined>;

/** Options for opening the store. */
export interface OpenOptions {
  path: string;
  env?: Env;
  /** Apply pending migrations (start does; `doctor` does not). Default true. */
  migrate?: boolean;
  /** Called once when a new key file was written, so the caller can warn loudly. */
  onNewKeyFile?: (file: string) => void;
  /** Use this key instead of resolving one (backup, rekey, tests). */
  key?: string;
}

/** The open, encrypted database. */
export interface Store {
  readonly db: Db;
  readonly path: string;
  readonly keySource: DatabaseKey["source"] | "given";
  close(): void;
}

/** Quote a value for a PRAGMA string literal. */
function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Apply the cipher settings and key to a freshly opened connection. SQLCipher v4 format, so the file
 * can also be opened with standard SQLCipher tools given the key.
 */
export function applyKey(db: Db, key: string): void {
  db.pragma("cipher = 'sqlcipher'");
  db.pragma("legacy = 4");
  db.pragma(`key = ${sqlString(key)}`);
}

/**
 * Open (or create) the encrypted database. A wrong key fails with DB_KEY_WRONG before anything is
 * written, so an existing database is never replaced by an empty one.
 */
export function openStore(opts: OpenOptions): Store {
  const memory = opts.path === ":memory:";
  const resolved: DatabaseKey | undefined = opts.key ? undefined : resolveDatabaseKey(opts.path, opts.env);
  if (resolved?.source === "new-key-file") opts.onNewKeyFile?.(resolved.file!);
  if (!memory) mkdirSync(dirname(opts.path), { recursive: true, mode: 0o700 });
  let db: Db;
  try {
    db = new Database(opts.path);
  } catch (err) {
    throw new FatalError("DB_UNREADABLE", `cannot open database ${opts.path}: ${(err as Error).message}`);
  }
  try {
    applyKey(db, opts.key ?? resolved!.key);
    // The first read proves the key: with a wrong one SQLite answers "file is not a database".
    db.prepare("SELECT count(*) FROM sqlite_master").get();
  } catch (err) {
    db.close();
    const code = (err as { code?: string }).code;
    if (code === "SQLITE_NOTADB") {
      throw new FatalError("DB_KEY_WRONG", `cannot open database ${opts.path}: the key is wrong, or the file is not a Porchlight database`);
    }
    throw new FatalError("DB_UNREADABLE", `cannot open database ${opts.path}: ${(err as Error).message}`);
  }
  if (!memory) db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  // Overwrite deleted content instead of leaving it in free pages.
  db.pragma("secure_delete = ON");
  try {
    if (opts.migrate === false) assertNotNewer(db, opts.path);
    else migrate(db, opts.path);
  } catch (err) {
    db.close();
    throw err;
  }
  return {
    db,
    path: opts.path,
    keySource: resolved?.source ?? "given",
    close: () => {
      if (db.open) db.close();
    },
  };
}
