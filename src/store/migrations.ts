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
  {
    version: 2,
    description: "footage canvasses: blocks, claims, reports, footage custody",
    sql: `
      CREATE TABLE canvasses (
        id INTEGER PRIMARY KEY,
        network_id INTEGER NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
        num INTEGER NOT NULL,
        title TEXT NOT NULL,
        place TEXT,
        incident_at INTEGER,
        deadline_at INTEGER NOT NULL,
        lead_id INTEGER REFERENCES persons(id) ON DELETE SET NULL,
        origin_chat TEXT,
        created_at INTEGER NOT NULL,
        closed_at INTEGER,
        purged_at INTEGER,
        UNIQUE (network_id, num)
      );
      CREATE TABLE canvass_blocks (
        id INTEGER PRIMARY KEY,
        canvass_id INTEGER NOT NULL REFERENCES canvasses(id) ON DELETE CASCADE,
        code TEXT NOT NULL,
        label TEXT,
        polygon TEXT,
        position INTEGER NOT NULL,
        UNIQUE (canvass_id, code)
      );
      CREATE TABLE canvass_claims (
        id INTEGER PRIMARY KEY,
        block_id INTEGER NOT NULL REFERENCES canvass_blocks(id) ON DELETE CASCADE,
        person_id INTEGER REFERENCES persons(id) ON DELETE SET NULL,
        assigned_by INTEGER REFERENCES persons(id) ON DELETE SET NULL,
        via_chat TEXT,
        claimed_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        ended_at INTEGER,
        end_reason TEXT CHECK (end_reason IN ('released', 'expired', 'reported', 'overridden', 'closed'))
      );
      CREATE UNIQUE INDEX canvass_claims_active ON canvass_claims(block_id) WHERE ended_at IS NULL;
      CREATE INDEX canvass_claims_expiry ON canvass_claims(expires_at) WHERE ended_at IS NULL;
      CREATE TABLE canvass_reports (
        id INTEGER PRIMARY KEY,
        block_id INTEGER NOT NULL REFERENCES canvass_blocks(id) ON DELETE CASCADE,
        person_id INTEGER REFERENCES persons(id) ON DELETE SET NULL,
        doors INTEGER NOT NULL CHECK (doors >= 0),
        answered INTEGER NOT NULL CHECK (answered >= 0),
        cameras INTEGER NOT NULL CHECK (cameras >= 0),
        footage INTEGER NOT NULL CHECK (footage >= 0),
        note TEXT,
        reported_at INTEGER NOT NULL,
        superseded_at INTEGER
      );
      CREATE INDEX canvass_reports_block ON canvass_reports(block_id, superseded_at);
      CREATE TABLE canvass_footage (
        id INTEGER PRIMARY KEY,
        canvass_id INTEGER NOT NULL REFERENCES canvasses(id) ON DELETE CASCADE,
        num INTEGER NOT NULL,
        block_code TEXT NOT NULL,
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        received_by INTEGER REFERENCES persons(id) ON DELETE SET NULL,
        received_by_name TEXT,
        received_at INTEGER NOT NULL,
        camera TEXT,
        time_range TEXT,
        contact TEXT,
        UNIQUE (canvass_id, num)
      );
    `,
  },
  {
    version: 3,
    description: "verified alerts: reports, votes, signed broadcasts, deliveries, signing keys",
    sql: `
      CREATE TABLE alert_settings (
        network_id INTEGER PRIMARY KEY REFERENCES networks(id) ON DELETE CASCADE,
        quorum INTEGER NOT NULL CHECK (quorum BETWEEN 1 AND 9)
      );
      CREATE TABLE alert_verifier_chats (
        chat_ref TEXT PRIMARY KEY,
        network_id INTEGER NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
        marked_at INTEGER NOT NULL
      );
      CREATE TABLE alerts (
        id INTEGER PRIMARY KEY,
        network_id INTEGER NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
        num INTEGER NOT NULL,
        group_of INTEGER REFERENCES alerts(id) ON DELETE SET NULL,
        reporter_id INTEGER REFERENCES persons(id) ON DELETE SET NULL,
        report_chat TEXT,
        text TEXT NOT NULL,
        place TEXT,
        place_key TEXT,
        what TEXT,
        size TEXT,
        firsthand INTEGER,
        state TEXT NOT NULL CHECK (state IN ('pending', 'verified', 'rejected', 'expired', 'allclear')),
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        closed_at INTEGER,
        UNIQUE (network_id, num)
      );
      CREATE INDEX alerts_open ON alerts(state, expires_at);
      CREATE INDEX alerts_group ON alerts(group_of);
      CREATE TABLE alert_votes (
        id INTEGER PRIMARY KEY,
        alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
        voter_id INTEGER REFERENCES persons(id) ON DELETE SET NULL,
        vote TEXT NOT NULL CHECK (vote IN ('confirm', 'reject', 'unsure')),
        onscene INTEGER NOT NULL DEFAULT 0,
        note TEXT,
        at INTEGER NOT NULL,
        UNIQUE (alert_id, voter_id)
      );
      CREATE TABLE alert_transitions (
        id INTEGER PRIMARY KEY,
        alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
        state TEXT NOT NULL,
        actor_id INTEGER REFERENCES persons(id) ON DELETE SET NULL,
        at INTEGER NOT NULL
      );
      CREATE TABLE alert_signing_keys (
        id INTEGER PRIMARY KEY,
        network_id INTEGER NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
        public_key TEXT NOT NULL UNIQUE,
        private_key TEXT,
        created_at INTEGER NOT NULL,
        retired_at INTEGER
      );
      CREATE UNIQUE INDEX alert_signing_keys_current ON alert_signing_keys(network_id) WHERE retired_at IS NULL;
      CREATE TABLE alert_messages (
        id INTEGER PRIMARY KEY,
        alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('alert', 'update', 'cancel')),
        network_name TEXT NOT NULL,
        tz TEXT NOT NULL,
        text TEXT NOT NULL,
        area TEXT NOT NULL,
        place TEXT,
        reported_at INTEGER NOT NULL,
        issued_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        key_id INTEGER NOT NULL REFERENCES alert_signing_keys(id),
        signature TEXT NOT NULL,
        code TEXT NOT NULL UNIQUE,
        UNIQUE (alert_id, seq)
      );
      CREATE TABLE alert_deliveries (
        message_id INTEGER NOT NULL REFERENCES alert_messages(id) ON DELETE CASCADE,
        chat_ref TEXT NOT NULL,
        outbox_key TEXT NOT NULL,
        e2ee INTEGER NOT NULL,
        lang TEXT NOT NULL,
        PRIMARY KEY (message_id, chat_ref)
      );
    `,
  },
  {
    version: 4,
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
    version: 5,
    description: "alerts: signed form 2 (salted place commitment, labelled fields, text signatures), seals kept after the purge",
    sql: `
      ALTER TABLE alert_messages ADD COLUMN what TEXT;
      ALTER TABLE alert_messages ADD COLUMN size TEXT;
      ALTER TABLE alert_messages ADD COLUMN place_salt TEXT;
      ALTER TABLE alert_messages ADD COLUMN text_sigs TEXT NOT NULL DEFAULT '{}';
      CREATE TABLE alert_seals (
        id INTEGER PRIMARY KEY,
        network_id INTEGER NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
        origin TEXT NOT NULL,
        alert_num INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('alert', 'update', 'cancel')),
        code TEXT NOT NULL UNIQUE,
        network_name TEXT NOT NULL,
        tz TEXT NOT NULL,
        digest TEXT NOT NULL CHECK (length(digest) = 64),
        signature TEXT NOT NULL,
        key_id INTEGER NOT NULL REFERENCES alert_signing_keys(id),
        issued_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        text_sigs TEXT NOT NULL
      );
      CREATE INDEX alert_seals_origin ON alert_seals(origin, seq);
    `,
  },
  {
    version: 6,
    description: "need-to-know: a shift's public label, the network's choice to name its leads, reporters and voters forgotten once an outcome is final",
    sql: `
      ALTER TABLE shifts ADD COLUMN public_place TEXT;
      ALTER TABLE networks ADD COLUMN leads_visible INTEGER NOT NULL DEFAULT 0;
      UPDATE audit SET actor_id = NULL WHERE action = 'alert.report';
      UPDATE alert_transitions SET actor_id = NULL WHERE state = 'pending';
      UPDATE alerts SET reporter_id = NULL, report_chat = NULL WHERE state <> 'pending';
      UPDATE alert_votes SET voter_id = NULL WHERE alert_id IN (SELECT id FROM alerts WHERE state <> 'pending');
    `,
  },
  {
    version: 7,
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
