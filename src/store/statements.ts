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

/** A numbered table, as a job declares it (see `NumberingSpec` in src/core/job.ts). */
export interface Numbering {
  table: string;
  /** The column numbers are counted within, e.g. `network_id`. */
  scope: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * The next number people type for a new row (`#3`), counted within its scope: a network's shifts,
 * a canvass's footage entries. The job that owns the table names it. Called inside the creating
 * transaction.
 */
export function nextNumber(db: Database, numbering: Numbering, scopeId: number): number {
  if (!IDENTIFIER.test(numbering.table) || !IDENTIFIER.test(numbering.scope)) throw new Error(`not a table or column name: ${numbering.table}.${numbering.scope}`);
  return (sql(db, `SELECT coalesce(max(num), 0) + 1 AS next FROM ${numbering.table} WHERE ${numbering.scope} = ?`).get(scopeId) as { next: number }).next;
}
