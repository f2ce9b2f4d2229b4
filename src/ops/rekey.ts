import { FatalError } from "../errors.js";
import { auditOperation, openWithKey, takeExclusive } from "./database.js";

/** Quote a value for a PRAGMA string literal. */
function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Change the key of the database at `path` in place, from `key` to `newKey`. The bot must be
 * stopped: SQLite3MultipleCiphers cannot re-key in WAL mode, so the database is taken exclusively
 * out of WAL mode, re-keyed (one transaction: a crash leaves it under the old key or the new one,
 * whole), put back in WAL mode and opened again with the new key to prove it.
 */
export function rekeyDatabase(opts: { path: string; key: string; newKey: string; now: number }): void {
  const { path, key, newKey, now } = opts;
  if (newKey === key) throw new FatalError("USAGE", "the new key is the same as the current one; nothing was changed");
  if (newKey.trim() === "") throw new FatalError("USAGE", "the new key is empty; nothing was changed");
  const wrongKey = (p: string) => new FatalError("DB_KEY_WRONG", `cannot open database ${p}: the key is wrong, or the file is not a Porchlight database`);
  const db = openWithKey(path, key, wrongKey);
  try {
    takeExclusive(db, path);
    auditOperation(db, "ops.rekey", now);
    db.pragma(`rekey = ${sqlString(newKey)}`);
    db.pragma("journal_mode = WAL");
  } finally {
    db.close();
  }
  openWithKey(path, newKey, () => new FatalError("DB_UNREADABLE", `database ${path} does not open with the new key after re-keying`)).close();
}
