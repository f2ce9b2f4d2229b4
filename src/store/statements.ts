import type { Database, Statement } from "better-sqlite3-multiple-ciphers";

const cache = new WeakMap<Database, Map<string, Statement>>();

/**
 * A prepared statement, compiled once per connection. Repositories call this with constant SQL, so
 * the hot path (a sign-up) never re-parses SQL.
 */
export function sql(db: Database, text: string): Statement {
  let perDb = cache.get(db);
  if (!perDb) {
    perDb = new Map();
    cache.set(db, perDb);
  }
  let stmt = perDb.get(text);
  if (!stmt) {
    stmt = db.prepare(text);
    perDb.set(text, stmt);
  }
  return stmt;
}

/** The `n` of a `SELECT count(*) AS n ...` query. */
export function countRows(db: Database, text: string, ...params: unknown[]): number {
  return (sql(db, text).get(...params) as { n: number }).n;
}

/**
 * The next number people type for a new row (`#3`), counted within its scope: a network's shifts,
 * canvasses and alerts, a canvass's footage entries. Called inside the creating transaction.
 */
export function nextNumber(db: Database, table: "shifts" | "canvasses" | "alerts" | "canvass_footage", scope: "network_id" | "canvass_id", scopeId: number): number {
  return (sql(db, `SELECT coalesce(max(num), 0) + 1 AS next FROM ${table} WHERE ${scope} = ?`).get(scopeId) as { next: number }).next;
}
