import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { FatalError } from "../errors.js";

type Env = Record<string, string | undefined>;

/**
 * Where the operator's key came from, for messages (never the key itself). `key-file` and
 * `new-key-file` are the local trial's key file beside the database; `given` is a key handed over
 * in code (tests, maintenance).
 */
export type KeySource =
  | "env"
  | "env-file"
  | "credentials"
  | "docker-secret"
  | "passphrase-env"
  | "passphrase-file"
  | "passphrase-prompt"
  | "key-file"
  | "new-key-file"
  | "given";

/**
 * The operator's key: it unwraps the database's data key (src/store/keyslot.ts). A `key` is random
 * (porchlight keygen); a `passphrase` is typed by a person and is stretched with a stronger KDF.
 */
export interface OperatorKey {
  secret: string;
  kind: "key" | "passphrase";
  source: KeySource;
  /** The file the key was read from, for the file-based sources. */
  file?: string;
}

/** What to do about the local trial's key file beside the database. */
export type BesideKeyPolicy = "create" | "use" | "refuse";

/** Where a key resolver looks; the defaults are the real places. */
export interface KeyPlaces {
  /** Docker secrets folder, /run/secrets by default. */
  dockerSecrets?: string;
}

/** The systemd credential name (LoadCredential=porchlight-db-key:/path) and Docker secret name. */
export const CREDENTIAL_NAME = "porchlight-db-key";
export const DOCKER_SECRET_NAME = "porchlight_db_key";

/** The key file that sits beside a database in the local trial (the console chat). */
export function keyFileBeside(dbPath: string): string {
  return `${dbPath}.key`;
}

/** A database file with content; an empty file left by a failed first start counts as absent. */
export function databaseExists(dbPath: string): boolean {
  return existsSync(dbPath) && statSync(dbPath).size > 0;
}

/** Every way an operator can give the key, for error messages. */
export const KEY_WAYS =
  "give the key from a file on another disk (PORCHLIGHT_DB_KEY_FILE, a systemd credential " +
  `${CREDENTIAL_NAME}, or the Docker secret /run/secrets/${DOCKER_SECRET_NAME}), in PORCHLIGHT_DB_KEY, or as a passphrase ` +
  "(PORCHLIGHT_DB_PASSPHRASE, PORCHLIGHT_DB_PASSPHRASE_FILE, or typed at start in a terminal); see docs/deploy.md";

/**
 * Where the key would come from, without reading a secret or writing anything (for `doctor` and
 * for error messages). Null when no source is there; the beside key file counts only when it exists.
 */
export function keySourceFor(dbPath: string, env: Env = process.env, places: KeyPlaces = {}): { source: KeySource; file?: string } | null {
  if (env.PORCHLIGHT_DB_KEY) return { source: "env" };
  if (env.PORCHLIGHT_DB_KEY_FILE) return { source: "env-file", file: env.PORCHLIGHT_DB_KEY_FILE };
  if (env.CREDENTIALS_DIRECTORY) {
    const file = join(env.CREDENTIALS_DIRECTORY, CREDENTIAL_NAME);
    if (existsSync(file)) return { source: "credentials", file };
  }
  const docker = join(places.dockerSecrets ?? "/run/secrets", DOCKER_SECRET_NAME);
  if (existsSync(docker)) return { source: "docker-secret", file: docker };
  if (env.PORCHLIGHT_DB_PASSPHRASE) return { source: "passphrase-env" };
  if (env.PORCHLIGHT_DB_PASSPHRASE_FILE) return { source: "passphrase-file", file: env.PORCHLIGHT_DB_PASSPHRASE_FILE };
  const beside = keyFileBeside(dbPath);
  return existsSync(beside) ? { source: "key-file", file: beside } : null;
}

/** A plain description of a key source, for the start log and `doctor`. */
export function describeKeySource(source: KeySource, file?: string): string {
  switch (source) {
    case "env":
      return "the PORCHLIGHT_DB_KEY environment variable";
    case "env-file":
      return `the key file ${file} (PORCHLIGHT_DB_KEY_FILE)`;
    case "credentials":
      return `the systemd credential ${file}`;
    case "docker-secret":
      return `the Docker secret ${file}`;
    case "passphrase-env":
      return "a passphrase in PORCHLIGHT_DB_PASSPHRASE";
    case "passphrase-file":
      return `a passphrase in ${file} (PORCHLIGHT_DB_PASSPHRASE_FILE)`;
    case "passphrase-prompt":
      return "a passphrase typed at start";
    case "key-file":
    case "new-key-file":
      return `the local trial key file ${file}, beside the database`;
    case "given":
      return "a key given by the caller";
  }
}

/**
 * Whether a key file lies on the same filesystem as the database folder: then whoever takes that
 * disk has both. Null when it cannot be told (a file that vanished).
 */
export function keyBesideDatabase(keyFile: string, dbPath: string): boolean | null {
  try {
    return statSync(keyFile).dev === statSync(dirname(dbPath)).dev;
  } catch {
    return null;
  }
}

/**
 * Find the operator's key: PORCHLIGHT_DB_KEY, PORCHLIGHT_DB_KEY_FILE, the systemd credential, the
 * Docker secret, PORCHLIGHT_DB_PASSPHRASE(_FILE), then (per `beside`) the local trial's key file
 * beside the database. Returns null when there is none, so the caller can prompt at a terminal or
 * refuse. With `beside: "create"` and no database yet, a new random key file is written (0600).
 */
export function findOperatorKey(dbPath: string, env: Env = process.env, beside: BesideKeyPolicy = "use", places: KeyPlaces = {}): OperatorKey | null {
  const found = keySourceFor(dbPath, env, places);
  if (found) {
    const { source, file } = found;
    switch (source) {
      case "env":
        return { secret: env.PORCHLIGHT_DB_KEY!, kind: "key", source };
      case "passphrase-env":
        return { secret: env.PORCHLIGHT_DB_PASSPHRASE!, kind: "passphrase", source };
      case "passphrase-file":
        return { secret: readKeyFile(file!, "passphrase file"), kind: "passphrase", source, file: file! };
      case "key-file":
        if (beside === "refuse") {
          throw new FatalError(
            "DB_KEY_BESIDE",
            `the database key lies beside the database in ${file}: whoever takes this disk can read everything. ` +
              `Move it to another disk and point PORCHLIGHT_DB_KEY_FILE at it (or keep it there knowingly with PORCHLIGHT_DB_KEY_FILE=${file}); ${KEY_WAYS}`,
          );
        }
        return { secret: readKeyFile(file!, "key file"), kind: "key", source, file: file! };
      default:
        return { secret: readKeyFile(file!, "key file"), kind: "key", source, file: file! };
    }
  }
  if (beside !== "create") return null;
  const file = keyFileBeside(dbPath);
  if (databaseExists(dbPath)) {
    throw new FatalError("DB_KEY_MISSING", `database ${dbPath} exists but no key was given: ${KEY_WAYS} (the local trial expects ${file})`);
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString("hex");
  // 'wx' refuses to overwrite a key file that appeared in the meantime.
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
  return { secret, kind: "key", source: "new-key-file", file };
}

/** Like findOperatorKey, but no key is an error that lists the ways to give one. */
export function requireOperatorKey(dbPath: string, env: Env = process.env, beside: BesideKeyPolicy = "use", places: KeyPlaces = {}): OperatorKey {
  const key = findOperatorKey(dbPath, env, beside, places);
  if (key) return key;
  throw new FatalError("DB_KEY_MISSING", `no database key for ${dbPath}: ${KEY_WAYS}`);
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
