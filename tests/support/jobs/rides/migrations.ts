import type { Migration } from "../../../../src/store/migrations.js";

/** The rides job's schema: one STRICT table, numbered from step 1 within the job. */
export const RIDE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "ride offers",
    sql: `
      CREATE TABLE ride_offers (
        id INTEGER PRIMARY KEY,
        network_id INTEGER NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
        num INTEGER NOT NULL,
        person_id INTEGER REFERENCES persons(id) ON DELETE CASCADE,
        origin TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        UNIQUE (network_id, num)
      ) STRICT;
    `,
  },
];
