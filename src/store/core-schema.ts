import type { Migration, SchemaModule } from "./migrations.js";

/**
 * The core's schema: networks, chats, people, memberships, roles, invites, the outbox, the audit,
 * adapter state, privacy confirmations, maintenance state and the platform events already handled.
 * Never edit a step that has shipped: add one. Times are epoch milliseconds (UTC).
 */
export const CORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    release: 1,
    description: "networks, chats, people, roles, invites, outbox, audit, adapter state",
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
  {
    version: 2,
    release: 4,
    description: "privacy: forget-me confirmations, audit entries that name a person by id, maintenance state",
    sql: `
      CREATE TABLE privacy_confirmations (
        person_id INTEGER PRIMARY KEY REFERENCES persons(id) ON DELETE CASCADE,
        code_hash TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      );
      ALTER TABLE audit ADD COLUMN subject_person_id INTEGER REFERENCES persons(id) ON DELETE SET NULL;
      CREATE INDEX audit_at ON audit(at);
      CREATE TABLE maintenance (
        key TEXT PRIMARY KEY,
        value INTEGER NOT NULL
      );
    `,
  },
  {
    version: 3,
    release: 6,
    description: "need-to-know: the network's choice to name its leads",
    sql: `
      ALTER TABLE networks ADD COLUMN leads_visible INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 4,
    release: 7,
    description: "exactly-once: platform events already handled, kept a few days",
    sql: `
      CREATE TABLE seen_events (
        platform TEXT NOT NULL,
        event_id TEXT NOT NULL,
        seen_at INTEGER NOT NULL,
        PRIMARY KEY (platform, event_id)
      ) WITHOUT ROWID;
      CREATE INDEX seen_events_at ON seen_events(seen_at);
    `,
  },
  {
    version: 5,
    description: "zones: parts of a network's area that alerts are aimed at, and the chats linked to each",
    sql: `
      CREATE TABLE zones (
        id INTEGER PRIMARY KEY,
        network_id INTEGER NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL,
        polygon TEXT,
        created_at INTEGER NOT NULL,
        UNIQUE (network_id, name_key)
      ) STRICT;
      CREATE TABLE chat_zones (
        chat_ref TEXT NOT NULL REFERENCES chats(ref) ON DELETE CASCADE ON UPDATE CASCADE,
        zone_id INTEGER NOT NULL REFERENCES zones(id) ON DELETE CASCADE,
        PRIMARY KEY (chat_ref, zone_id)
      ) STRICT;
      CREATE INDEX chat_zones_zone ON chat_zones(zone_id);
    `,
  },
];

/** The core as a schema module: always first, before every job's. */
export const CORE_SCHEMA: SchemaModule = {
  name: "core",
  migrations: CORE_MIGRATIONS,
  tables: ["networks", "chats", "persons", "memberships", "roles", "invites", "outbox", "audit", "adapter_state", "privacy_confirmations", "maintenance", "seen_events", "zones", "chat_zones", "schema_modules"],
};
