import { randomBytes } from "node:crypto";
import { existsSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { type LoadOptions, loadConfig, readSecret } from "../config/load.js";
import { FatalError } from "../errors.js";
import { type DatabaseKey, databaseExists, keyFileBeside, resolveDatabaseKey } from "../store/key.js";
import { openStore } from "../store/open.js";
import { backupDatabase } from "./backup.js";
import { rekeyDatabase } from "./rekey.js";
import { restoreDatabase } from "./restore.js";

/** The options every CLI command takes. */
export type OpsOptions = Pick<LoadOptions, "file" | "dbPath" | "env">;

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** The database key from the usual places; unlike a start, never makes a new one. */
function existingKey(path: string, env: Record<string, string | undefined>): DatabaseKey {
  if (!env.PORCHLIGHT_DB_KEY && !env.PORCHLIGHT_DB_KEY_FILE && !existsSync(keyFileBeside(path))) {
    throw new FatalError("DB_KEY_MISSING", `no database key: set PORCHLIGHT_DB_KEY or PORCHLIGHT_DB_KEY_FILE, or put the key in ${keyFileBeside(path)}`);
  }
  return resolveDatabaseKey(path, env);
}

function requireDatabase(path: string): void {
  if (!databaseExists(path)) throw new FatalError("USAGE", `there is no database at ${path}`);
}

function requireFile(file: string | undefined, usage: string): string {
  if (!file) throw new FatalError("USAGE", `usage: ${usage}`);
  return resolve(file);
}

/** `porchlight backup FILE`: an encrypted, consistent copy of the database, safe while the bot runs. */
export async function runBackup(opts: OpsOptions, file: string | undefined): Promise<number> {
  const target = requireFile(file, "porchlight backup FILE");
  const env = opts.env ?? process.env;
  const config = loadConfig(opts);
  const path = config.database.path;
  requireDatabase(path);
  const key = existingKey(path, env);
  const store = openStore({ path, key: key.key, migrate: false });
  try {
    const result = backupDatabase(store.db, target, key.key, Date.now());
    out(`backup written: ${result.file} (${result.bytes} bytes, schema ${result.schemaVersion})`);
    out("it is encrypted with the database key: keep that key safe, away from the backup, or the backup cannot be read");
  } finally {
    store.close();
  }
  return 0;
}

/** `porchlight restore FILE`: bring a backup back; the bot must be stopped. */
export async function runRestore(opts: OpsOptions, file: string | undefined): Promise<number> {
  const from = requireFile(file, "porchlight restore FILE");
  const env = opts.env ?? process.env;
  const path = loadConfig(opts).database.path;
  const key = existingKey(path, env);
  const result = restoreDatabase({ path, key: key.key, from, now: Date.now() });
  out(`restored ${from} as ${path} (schema ${result.schemaVersion}); the next start applies any pending migrations`);
  if (result.replacedKeptAs) out(`the database it replaced is kept, encrypted, as ${result.replacedKeptAs}: delete it once you are satisfied`);
  return 0;
}

/** Write a key file atomically (mode 0600): a temporary file renamed over the old one. */
function replaceKeyFile(file: string, key: string): void {
  const next = `${file}.new`;
  writeFileSync(next, `${key}\n`, { mode: 0o600, flag: "w" });
  renameSync(next, file);
}

/**
 * `porchlight rekey [NEW_KEY_FILE]`: change the database key in place; the bot must be stopped.
 * With NEW_KEY_FILE, the key is read from it. Without it, a new random key replaces the key file
 * beside the database (only when that is where the key came from).
 */
export async function runRekey(opts: OpsOptions, newKeyFile: string | undefined): Promise<number> {
  const env = opts.env ?? process.env;
  const path = loadConfig(opts).database.path;
  requireDatabase(path);
  const current = existingKey(path, env);
  const besideFile = current.source === "key-file" ? current.file! : null;
  if (!newKeyFile && !besideFile) {
    throw new FatalError(
      "USAGE",
      "the key comes from the environment, so give the new one as a file: porchlight keygen --out new.key, then porchlight rekey new.key",
    );
  }
  const newKey = newKeyFile ? readSecret(resolve(newKeyFile), "new key file") : randomBytes(32).toString("hex");
  if (!newKeyFile && besideFile) {
    // Written before the database changes, so a crash in between leaves the new key on disk.
    writeFileSync(`${besideFile}.new`, `${newKey}\n`, { mode: 0o600, flag: "w" });
  }
  try {
    rekeyDatabase({ path, key: current.key, newKey, now: Date.now() });
  } catch (err) {
    // The database still has its old key: the prepared new key file is of no use.
    if (!newKeyFile && besideFile && existsSync(`${besideFile}.new`)) unlinkSync(`${besideFile}.new`);
    throw err;
  }
  if (besideFile) {
    if (newKeyFile) replaceKeyFile(besideFile, newKey);
    else renameSync(`${besideFile}.new`, besideFile);
    out(`database ${path} re-keyed; the new key is in ${besideFile}`);
  } else {
    out(`database ${path} re-keyed; now point PORCHLIGHT_DB_KEY_FILE at ${resolve(newKeyFile!)} (or set PORCHLIGHT_DB_KEY to it) before starting`);
  }
  out("keep a safe copy of the new key; backups made before still need the old one");
  return 0;
}
