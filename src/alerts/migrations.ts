import type { Migration } from "../store/migrations.js";

/** The alerts job's schema. Never edit a shipped step: add one. */
export const ALERT_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    release: 3,
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
    version: 2,
    release: 5,
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
    version: 3,
    release: 6,
    description: "need-to-know: reporters and voters forgotten once an outcome is final",
    sql: `
      UPDATE audit SET actor_id = NULL WHERE action = 'alert.report';
      UPDATE alert_transitions SET actor_id = NULL WHERE state = 'pending';
      UPDATE alerts SET reporter_id = NULL, report_chat = NULL WHERE state <> 'pending';
      UPDATE alert_votes SET voter_id = NULL WHERE alert_id IN (SELECT id FROM alerts WHERE state <> 'pending');
    `,
  },
  {
    version: 4,
    description: "zones: the zone a report is in (and whether verifiers widened it), alerts by private message",
    sql: `
      CREATE TABLE alert_targets (
        alert_id INTEGER PRIMARY KEY REFERENCES alerts(id) ON DELETE CASCADE,
        zone_id INTEGER REFERENCES zones(id) ON DELETE SET NULL,
        wide INTEGER NOT NULL DEFAULT 0 CHECK (wide IN (0, 1))
      ) STRICT;
      CREATE TABLE alert_subscriptions (
        id INTEGER PRIMARY KEY,
        network_id INTEGER NOT NULL,
        person_id INTEGER NOT NULL,
        zone_id INTEGER REFERENCES zones(id) ON DELETE CASCADE,
        dm_chat TEXT,
        created_at INTEGER NOT NULL,
        FOREIGN KEY (network_id, person_id) REFERENCES memberships(network_id, person_id) ON DELETE CASCADE
      ) STRICT;
      CREATE UNIQUE INDEX alert_subscriptions_one ON alert_subscriptions(network_id, person_id, coalesce(zone_id, 0));
      CREATE INDEX alert_subscriptions_person ON alert_subscriptions(person_id);
      CREATE INDEX alert_subscriptions_zone ON alert_subscriptions(zone_id);
    `,
  },
  {
    version: 5,
    description: "rapid response: the rest of SALUTE on a report, paging the verifiers on duty, dispatch, on-scene broadcasts",
    sql: `
      ALTER TABLE alerts ADD COLUMN uniform TEXT;
      ALTER TABLE alerts ADD COLUMN equipment TEXT;
      ALTER TABLE alerts ADD COLUMN seen_at TEXT;
      ALTER TABLE alerts ADD COLUMN plate TEXT;
      CREATE INDEX alerts_plate ON alerts(network_id, plate) WHERE plate IS NOT NULL;
      ALTER TABLE alert_messages ADD COLUMN onscene INTEGER NOT NULL DEFAULT 0;
      CREATE TABLE alert_paging (
        alert_id INTEGER PRIMARY KEY REFERENCES alerts(id) ON DELETE CASCADE,
        mode TEXT NOT NULL CHECK (mode IN ('duty', 'all')),
        escalate_at INTEGER,
        acked_at INTEGER,
        escalated_at INTEGER
      ) STRICT;
      CREATE INDEX alert_paging_due ON alert_paging(escalate_at) WHERE escalate_at IS NOT NULL;
      CREATE TABLE alert_pages (
        alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
        person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
        paged_at INTEGER NOT NULL,
        PRIMARY KEY (alert_id, person_id)
      ) STRICT;
      CREATE TABLE alert_dispatch (
        alert_id INTEGER PRIMARY KEY REFERENCES alerts(id) ON DELETE CASCADE,
        person_id INTEGER REFERENCES persons(id) ON DELETE SET NULL,
        eta_min INTEGER,
        taken_at INTEGER NOT NULL
      ) STRICT;
    `,
  },
];

/** Tables the alerts job expects. */
export const ALERT_TABLES = [
  "alert_settings",
  "alert_verifier_chats",
  "alerts",
  "alert_votes",
  "alert_transitions",
  "alert_signing_keys",
  "alert_messages",
  "alert_deliveries",
  "alert_seals",
  "alert_targets",
  "alert_subscriptions",
  "alert_paging",
  "alert_pages",
  "alert_dispatch",
] as const;
