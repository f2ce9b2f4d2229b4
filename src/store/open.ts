import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database, { type Database as Db } from "better-sqlite3-multiple-ciphers";
import { FatalError } from "../errors.js";
import { randomBytes } from "node:crypto";
import { type Custody, unlockCustody } from "./custody.js";
import { checkDatabase, bumpGeneration, readGeneration } from "./generation.js";
import { type BesideKeyPolicy, type KeySource, type OperatorKey, requireOperatorKey } from "./key.js";
import { assertNotWiped, sqlKeyOf, tombstoneOf } from "./keyslot.js";
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
  /** Use this operator key (a random key, not a passphrase) instead of resolving one (maintenance, tests). */
  key?: string;
  /** Use this operator key, already resolved (start, which may have prompted for it). */
  operatorKey?: OperatorKey;
  /** The local trial's key file beside the database: create it (console), use it (default), or refuse (start). */
  beside?: BesideKeyPolicy;
  /**
   * This process runs the bot: it seals commit generations into the key slot and marks a clean
   * stop on close. Maintenance commands that open the database beside a running bot are not owners.
   */
  owner?: boolean;
}

/** The open, encrypted database. */
export interface Store {
  readonly db: Db;
  readonly path: string;
  readonly keySource: KeySource;
  /** The file the operator key was read from, if any. */
  readonly keyFile?: string;
  /** The unlocked key material; null for an in-memory database. */
  readonly custody: Custody | null;
  /**
   * When something was written since the last seal: checkpoint (PASSIVE) so the main file does not
   * lag behind, bump the commit generation and record it beside the key. Owners only; two cheap
   * reads when nothing changed. Throws DB_WIPED once the database was wiped.
   */
  seal(): void;
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

/** The operator key the options name; a `key` string is a random key handed over in code. */
function operatorKeyOf(opts: OpenOptions): OperatorKey {
  if (opts.operatorKey) return opts.operatorKey;
  if (opts.key) return { secret: opts.key, kind: "key", source: "given" };
  const key = requireOperatorKey(opts.path, opts.env ?? process.env, opts.beside ?? "use");
  if (key.source === "new-key-file") opts.onNewKeyFile?.(key.file!);
  return key;
}

/**
 * Open (or create) the encrypted database. The operator key unlocks the key slot beside the
 * database, whose data key opens it; a wrong key fails with DB_KEY_WRONG before anything is
 * written. Before the read-write open, the database is checked (WAL present, quick_check,
 * generation not below the one recorded in the slot): a database that fails is refused with
 * nothing written, so an existing database is never replaced or silently rolled back.
 */
export function openStore(opts: OpenOptions): Store {
  const memory = opts.path === ":memory:";
  if (!memory) assertNotWiped(opts.path);
  const key = operatorKeyOf(opts);
  if (!memory) mkdirSync(dirname(opts.path), { recursive: true, mode: 0o700 });
  const custody = memory ? null : unlockCustody(opts.path, key, applyKey);
  const sqlKey = custody?.sqlKey ?? sqlKeyOf(randomBytes(32));
  const recorded = custody?.state() ?? null;
  const health = memory ? { generation: 0, schemaVersion: 0 } : checkDatabase(opts.path, sqlKey, recorded, applyKey);
  let db: Db;
  try {
    db = new Database(opts.path);
  } catch (err) {
    throw new FatalError("DB_UNREADABLE", `cannot open database ${opts.path}: ${(err as Error).message}`);
  }
  try {
    applyKey(db, sqlKey);
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
  // Fold the log into the main file every ~1 MB as well as at each seal.
  db.pragma("wal_autocheckpoint = 250");
  try {
    if (opts.migrate === false) assertNotNewer(db, opts.path);
    else migrate(db, opts.path);
  } catch (err) {
    db.close();
    throw err;
  }
  const owner = Boolean(opts.owner) && custody !== null;
  let sealed = recorded?.generation ?? 0;
  const changeMark = () => `${db.pragma("data_version", { simple: true })}:${(db.prepare("SELECT total_changes() AS n").get() as { n: number }).n}`;
  let mark = "";
  if (owner) {
    // From here until a clean stop, the WAL may hold commits the main file lacks.
    sealed = Math.max(sealed, health.generation);
    custody.record({ generation: sealed, clean: false });
    mark = changeMark();
  }
  const seal = () => {
    if (!owner || !db.open) return;
    assertNotWiped(opts.path);
    const now = changeMark();
    if (now === mark) return;
    // Fold what came before into the main file, then bump: the bump lands in the log, so a log that
    // is lost or damaged from there on shows as a generation below the slot's.
    db.pragma("wal_checkpoint(PASSIVE)");
    sealed = Math.max(sealed, bumpGeneration(db));
    // The bump is committed (synchronous=FULL) before the slot says so: the slot never runs ahead.
    custody.record({ generation: sealed, clean: false });
    mark = changeMark();
  };
  return {
    db,
    path: opts.path,
    keySource: key.source,
    ...(key.file ? { keyFile: key.file } : {}),
    custody,
    seal,
    close: () => {
      if (!db.open) return;
      if (custody && existsSync(tombstoneOf(opts.path))) {
        // Wiped: nothing is recorded any more, and nothing is folded into a file that is gone.
        db.close();
        return;
      }
      if (owner) {
        sealed = Math.max(sealed, bumpGeneration(db));
        db.pragma("wal_checkpoint(TRUNCATE)");
        db.close();
        custody.record({ generation: sealed, clean: true });
        return;
      }
      const generation = custody && !memory ? readGeneration(db) : 0;
      db.close();
      // The last connection to close folds the log in and deletes it: nothing is left to lose.
      if (custody && !existsSync(`${opts.path}-wal`)) {
        const state = custody.state();
        custody.record({ generation: Math.max(generation, state.generation), clean: true });
      }
    },
  };
}
