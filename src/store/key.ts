import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { FatalError } from "../errors.js";

type Env = Record<string, string | undefined>;

/** Where the database key came from, for messages (never the key itself). */
export type KeySource = "env" | "env-file" | "key-file" | "new-key-file";

/** The resolved database key. */
export interface DatabaseKey {
  key: string;
  source: KeySource;
  /** The key file's path for `key-file` and `new-key-file`. */
  file?: string;
}

/** The key file that sits beside a database when no key is given in the environment. */
export function keyFileBeside(dbPath: string): string {
  return `${dbPath}.key`;
}

/**
 * Where `resolveDatabaseKey` would take the key from, without reading or writing anything: for
 * `doctor`, which must not create a key file. `file` is the key file for the file-based sources.
 */
export function keySourceFor(dbPath: string, env: Env = process.env): { source: KeySource; file?: string } {
  if (env.PORCHLIGHT_DB_KEY) return { source: "env" };
  if (env.PORCHLIGHT_DB_KEY_FILE) return { source: "env-file", file: env.PORCHLIGHT_DB_KEY_FILE };
  const beside = keyFileBeside(dbPath);
  return existsSync(beside) ? { source: "key-file", file: beside } : { source: "new-key-file", file: beside };
}

/**
 * Find the database key: PORCHLIGHT_DB_KEY, else PORCHLIGHT_DB_KEY_FILE, else the key file beside the
 * database. Only when the database does not exist yet and there is no key at all is a new random key
 * file written (mode 0600). An existing database without a key is an error, never a fresh start.
 */
export function resolveDatabaseKey(dbPath: string, env: Env = process.env): DatabaseKey {
  const found = keySourceFor(dbPath, env);
  if (found.source === "env") return { key: env.PORCHLIGHT_DB_KEY!, source: "env" };
  if (found.source === "env-file") return { key: readKeyFile(found.file!, "PORCHLIGHT_DB_KEY_FILE"), source: "env-file", file: found.file! };
  if (found.source === "key-file") return { key: readKeyFile(found.file!, "key file"), source: "key-file", file: found.file! };
  const beside = found.file!;
  if (databaseExists(dbPath)) {
    throw new FatalError(
      "DB_KEY_MISSING",
      `database ${dbPath} exists but no key was given: set PORCHLIGHT_DB_KEY or PORCHLIGHT_DB_KEY_FILE (expected ${beside})`,
    );
  }
  mkdirSync(dirname(beside), { recursive: true, mode: 0o700 });
  const key = randomBytes(32).toString("hex");
  // 'wx' refuses to overwrite a key file that appeared in the meantime.
  writeFileSync(beside, `${key}\n`, { mode: 0o600, flag: "wx" });
  return { key, source: "new-key-file", file: beside };
}

/** A database file with content; an empty file left by a failed first start counts as absent. */
export function databaseExists(dbPath: string): boolean {
  return existsSync(dbPath) && statSync(dbPath).size > 0;
}

function readKeyFile(path: string, what: string): string {
  let key: string;
  try {
    key = readFileSync(path, "utf8").trim();
  } catch (err) {
    throw new FatalError("DB_KEY_MISSING", `cannot read the database ${what} ${path} (${(err as NodeJS.ErrnoException).code ?? "error"})`);
  }
  if (!key) throw new FatalError("DB_KEY_MISSING", `the database ${what} ${path} is empty`);
  return key;
}
