import type { Migration } from "../store/migrations.js";

/** The canvass job's schema. Never edit a shipped step: add one. */
export const CANVASS_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    release: 2,
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
];

/** Tables the canvass job expects. */
export const CANVASS_TABLES = ["canvasses", "canvass_blocks", "canvass_claims", "canvass_reports", "canvass_footage"] as const;
