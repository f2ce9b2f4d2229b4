/**
 * Typed errors. Every error Porchlight raises on purpose carries a stable code; the code decides how
 * it is shown (a one-line CLI message, a translated chat reply) and tests assert on it.
 */

/** Codes for errors that stop the program or a CLI command. */
export type FatalCode =
  | "CONFIG_INVALID"
  | "CONFIG_UNREADABLE"
  | "SECRET_UNREADABLE"
  | "DB_KEY_WRONG"
  | "DB_KEY_MISSING"
  | "DB_TOO_NEW"
  /** A table the core or a job expects is missing after migrating. */
  | "DB_SCHEMA_INCOMPLETE"
  | "DB_UNREADABLE"
  | "PLATFORM_UNAUTHORIZED"
  | "PLATFORM_UNREACHABLE"
  /** Another process (the running bot) has the database open. */
  | "DB_IN_USE"
  /** A backup's target file already exists. */
  | "BACKUP_EXISTS"
  /** A file given to restore is not a Porchlight database, or does not open with the key. */
  | "NOT_A_BACKUP"
  /** The local trial's key file lies beside the database and `start` will not use it. */
  | "DB_KEY_BESIDE"
  /** The key slot beside the database is not readable, or its generation record was altered. */
  | "DB_KEYSLOT_DAMAGED"
  /** The database's WAL is missing after a run that did not stop cleanly. */
  | "DB_WAL_MISSING"
  /** The database fails PRAGMA quick_check. */
  | "DB_DAMAGED"
  /** The database is older than the generation recorded beside its key. */
  | "DB_ROLLED_BACK"
  /** The database was wiped: its key material is gone. */
  | "DB_WIPED"
  | "USAGE";

/** An error that ends the program with a clear one-line message and a non-zero exit. */
export class FatalError extends Error {
  override readonly name = "FatalError";
  constructor(
    readonly code: FatalCode,
    message: string,
  ) {
    super(message);
  }
}

/** What of an error may be logged: its kind and code. */
export interface SafeError {
  name: string;
  code?: string;
}

/**
 * The one way to log an error: its name and code, never its message or stack, which may echo what
 * someone typed (a place, a note, a name) or a secret. `log.warn({ err: safeError(err) }, "…")`.
 */
export function safeError(err: unknown): SafeError {
  if (!(err instanceof Error) && (typeof err !== "object" || err === null)) return { name: typeof err };
  const { name, code } = err as { name?: unknown; code?: unknown };
  return {
    name: typeof name === "string" ? name : "Error",
    ...(typeof code === "string" || typeof code === "number" ? { code: String(code) } : {}),
  };
}
