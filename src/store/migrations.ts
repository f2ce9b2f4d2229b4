import type { Database } from "better-sqlite3-multiple-ciphers";
import { FatalError } from "../errors.js";

/** One upgrade step. `version` is the `user_version` the database has after it. */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

/**
 * The schema, as an ordered list of upgrade steps. Never edit a step that has shipped: add a new one.
 * Times are epoch milliseconds (UTC); time zones apply only when showing them.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "networks, chats, people, roles, invites, shifts, outbox, audit, adapter state",
    sql: `
      CREATE TABLE networks (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        tz TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE chats (
        ref TEXT PRIMARY KEY,
        network_id INTEGER REFERENCES networks(id) ON DELETE SET NULL,
        lang TEXT CHECK (lang IN ('en', 'es')),
        linked_at INTEGER,
        notice_sent INTEGER NOT NULL DEFAULT 0,
        active INTEGER NOT NULL DEFAULT 1
      );
      CREATE INDEX chats_network ON chats(network_id);
      CREATE TABLE persons (
        id INTEGER PRIMARY KEY,
        platform TEXT NOT NULL,
        user_id TEXT NOT NULL,
        display_name TEXT NOT NULL,
        lang TEXT CHECK (lang IN ('en', 'es')),
        lang_hint TEXT CHECK (lang_hint IN ('en', 'es')),
        UNIQUE (platform, user_id)
      );
      CREATE TABLE memberships (
        network_id INTEGER NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
        person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
        joined_at INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        PRIMARY KEY (network_id, person_id)
      );
      CREATE INDEX memberships_person ON memberships(person_id, last_seen);
      CREATE TABLE roles (
        network_id INTEGER NOT NULL,
        person_id INTEGER NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('lead', 'verifier', 'admin')),
        granted_by INTEGER,
        granted_at INTEGER NOT NULL,
        PRIMARY KEY (network_id, person_id, role),
        FOREIGN KEY (network_id, person_id) REFERENCES memberships(network_id, person_id) ON DELETE CASCADE
      );
      CREATE TABLE invites (
        code_hash TEXT PRIMARY KEY,
        network_id INTEGER NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
        created_by INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at INTEGER
      );
      CREATE TABLE shifts (
        id INTEGER PRIMARY KEY,
        network_id INTEGER NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
        num INTEGER NOT NULL,
        starts_at INTEGER NOT NULL,
        duration_min INTEGER NOT NULL CHECK (duration_min > 0),
        place TEXT NOT NULL,
        capacity INTEGER NOT NULL CHECK (capacity > 0),
        note TEXT,
        created_by INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        cancelled_at INTEGER,
        repeat_of INTEGER REFERENCES shifts(id) ON DELETE SET NULL,
        UNIQUE (network_id, num)
      );
      CREATE INDEX shifts_upcoming ON shifts(network_id, starts_at);
      CREATE TABLE signups (
        id INTEGER PRIMARY KEY,
        shift_id INTEGER NOT NULL REFERENCES shifts(id) ON DELETE CASCADE,
        person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
        status TEXT NOT NULL CHECK (status IN ('confirmed', 'waitlisted')),
        signed_at INTEGER NOT NULL,
        via_chat TEXT,
        checked_in_at INTEGER,
        UNIQUE (shift_id, person_id)
      );
      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        platform TEXT NOT NULL,
        target_kind TEXT NOT NULL CHECK (target_kind IN ('chat', 'direct')),
        target TEXT NOT NULL,
        body TEXT,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'held', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        not_before INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        sent_at INTEGER,
        message_id TEXT,
        error TEXT,
        fallback_chat TEXT
      );
      CREATE INDEX outbox_queue ON outbox(platform, status, target, id);
      CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        network_id INTEGER REFERENCES networks(id) ON DELETE CASCADE,
        actor_id INTEGER REFERENCES persons(id) ON DELETE SET NULL,
        action TEXT NOT NULL,
        subject TEXT,
        at INTEGER NOT NULL
      );
      CREATE INDEX audit_network ON audit(network_id, at);
      CREATE TABLE adapter_state (
        platform TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (platform, key)
      );
    `,
  },
];

/** The schema version this build writes. */
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** The database's schema version. */
export function schemaVersion(db: Database): number {
  return db.pragma("user_version", { simple: true }) as number;
}

/** Refuse a database written by a newer Porchlight: this build would misread it. */
export function assertNotNewer(db: Database, path: string): void {
  const version = schemaVersion(db);
  if (version > LATEST_VERSION) {
    throw new FatalError(
      "DB_TOO_NEW",
      `database ${path} has schema version ${version}, newer than this Porchlight understands (${LATEST_VERSION}); upgrade Porchlight`,
    );
  }
}

/**
 * Apply every step above the database's version, all in one transaction: either the database ends
 * at the latest version or it is left exactly as it was. Returns the steps applied.
 */
export function migrate(db: Database, path: string, steps: readonly Migration[] = MIGRATIONS): Migration[] {
  assertNotNewer(db, path);
  const from = schemaVersion(db);
  const pending = steps.filter((m) => m.version > from);
  if (pending.length === 0) return [];
  db.transaction(() => {
    for (const step of pending) {
      db.exec(step.sql);
      db.pragma(`user_version = ${step.version}`);
    }
  }).immediate();
  return pending;
}
