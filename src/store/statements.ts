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
