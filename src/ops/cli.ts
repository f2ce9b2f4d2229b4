import { randomBytes } from "node:crypto";
import { existsSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { type LoadOptions, loadConfig, readSecret } from "../config/load.js";
import { FatalError } from "../errors.js";
import { databaseExists, type OperatorKey } from "../store/key.js";
import { openStore } from "../store/open.js";
import { operatorKeyOrPrompt } from "../store/prompt.js";
import { backupDatabase } from "./backup.js";
import { rekeyDatabase } from "./rekey.js";
import { restoreDatabase } from "./restore.js";
import { wipeDatabase } from "./wipe.js";

/** The options every CLI command takes. */
export type OpsOptions = Pick<LoadOptions, "file" | "dbPath" | "env">;

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** The operator's key from the usual places (or typed); unlike a console chat, never makes a new one. */
function existingKey(path: string, env: Record<string, string | undefined>): Promise<OperatorKey> {
  return operatorKeyOrPrompt(path, env, "use");
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
  const store = openStore({ path, operatorKey: await existingKey(path, env), migrate: false });
  try {
    const result = backupDatabase(store, target, Date.now());
    out(`backup written: ${result.file} (${result.bytes} bytes, schema ${result.schemaVersion})`);
    out(`its key slot is ${result.file}.keyslot: copy both together; they open only with the operator's key, and \`porchlight wipe\` destroys the slot on this machine`);
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
  const key = await existingKey(path, env);
  const result = restoreDatabase({ path, key, from, now: Date.now() });
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
  const current = await existingKey(path, env);
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
    rekeyDatabase({ path, key: current, newKey, now: Date.now() });
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

/** Read one line from stdin (a terminal or a pipe). */
function readLine(): Promise<string> {
  return new Promise((resolve) => {
    let buf = "";
    const onData = (chunk: Buffer) => {
      buf += chunk.toString("utf8");
      const nl = buf.indexOf("\n");
      if (nl >= 0) finish(buf.slice(0, nl));
    };
    const finish = (line: string) => {
      process.stdin.off("data", onData);
      process.stdin.off("end", onEnd);
      process.stdin.pause();
      resolve(line.trim());
    };
    const onEnd = () => finish(buf);
    process.stdin.on("data", onData);
    process.stdin.once("end", onEnd);
  });
}

/** The word an operator types to confirm a wipe. */
export const WIPE_WORD = "WIPE";

/**
 * `porchlight wipe [--yes]`: destroy the key material so that the database, its log and its
 * backups on this machine cannot be read by anyone, in well under a second; needs no key. A bot
 * still running notices within a second, says goodbye in its chats and exits.
 */
export async function runWipe(opts: OpsOptions & { yes?: boolean }): Promise<number> {
  const path = loadConfig(opts).database.path;
  if (!opts.yes) {
    process.stderr.write(`this destroys ${path} and every backup made of it, for good. Type ${WIPE_WORD} to go on: `);
    const word = await readLine();
    if (word !== WIPE_WORD) throw new FatalError("USAGE", "not confirmed; nothing was changed");
  }
  const result = wipeDatabase(path, Date.now());
  out(`wiped: ${result.destroyed.length} file(s) destroyed (key slots first); the data under ${path} cannot be read any more`);
  return 0;
}
