import type { Migration } from "../store/migrations.js";

/** The shifts job's schema: shifts and their sign-ups. Never edit a shipped step: add one. */
export const SHIFT_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    release: 1,
    description: "shifts and sign-ups",
    sql: `      CREATE TABLE shifts (
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
`,
  },
  {
    version: 2,
    release: 6,
    description: "need-to-know: a shift's public label",
    sql: `
      ALTER TABLE shifts ADD COLUMN public_place TEXT;
    `,
  },
  {
    version: 3,
    description: "which-date questions: the line a lead typed, kept until a button answers (buttons carry only its number)",
    sql: `
      CREATE TABLE shift_questions (
        id INTEGER PRIMARY KEY,
        network_id INTEGER NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
        person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
        line TEXT NOT NULL,
        typed TEXT NOT NULL,
        options TEXT NOT NULL,
        asked_at INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 4,
    description: "on-call duty: a shift may be a duty shift for a role",
    sql: `
      ALTER TABLE shifts ADD COLUMN role TEXT CHECK (role IN ('lead', 'verifier', 'admin'));
      CREATE INDEX shifts_duty ON shifts(network_id, role, starts_at) WHERE role IS NOT NULL;
    `,
  },
];

/** Tables the shifts job expects. */
export const SHIFT_TABLES = ["shifts", "signups", "shift_questions"] as const;
