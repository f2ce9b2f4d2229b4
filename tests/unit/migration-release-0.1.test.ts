import { join } from "node:path";
import Database, { type Database as Db } from "better-sqlite3-multiple-ciphers";
import { afterEach, describe, expect, it } from "vitest";
import { schemaOf } from "../../src/core/assemble.js";
import type { FatalError } from "../../src/errors.js";
import { JOBS } from "../../src/main.js";
import { assertSchemaComplete, LATEST_VERSION, migrate, schemaModules, schemaVersion } from "../../src/store/migrations.js";
import { applyKey, openStore } from "../../src/store/open.js";
import { migrateAsRelease01 } from "../fixtures/release-0.1-migrations.js";
import { TEST_KEY, tempDir } from "../support/app.js";

/** The whole schema of this build: the core's module and every job's. */
const SCHEMA = schemaModules(schemaOf(JOBS));

/** Every table and index with its columns, as SQLite describes them: what "the same schema" means. */
function shape(db: Db): Record<string, unknown> {
  const objects = db.prepare("SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name <> 'schema_modules' ORDER BY name").all() as {
    type: string;
    name: string;
  }[];
  const out: Record<string, unknown> = {};
  for (const o of objects) {
    out[`${o.type}:${o.name}`] =
      o.type === "table"
        ? db.prepare(`SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?) ORDER BY cid`).all(o.name)
        : db.prepare("SELECT name FROM pragma_index_info(?) ORDER BY seqno").all(o.name);
  }
  return out;
}

function fatalCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return (err as FatalError).code;
  }
  return undefined;
}

/** A database exactly as release 0.1 made it (schema step 7), with a row in most tables. */
function release01Database(path: string): void {
  const db = new Database(path);
  applyKey(db, TEST_KEY);
  migrateAsRelease01(db);
  db.exec(`
    INSERT INTO networks (id, name, tz, created_at, leads_visible) VALUES (1, 'Eastside', 'America/Chicago', 0, 1);
    INSERT INTO chats (ref, network_id, lang, linked_at) VALUES ('memory:main', 1, 'es', 0);
    INSERT INTO persons (id, platform, user_id, display_name, lang) VALUES (1, 'memory', 'rosa', 'Rosa', 'es'), (2, 'memory', 'vera', 'Vera', NULL);
    INSERT INTO memberships (network_id, person_id, joined_at, last_seen) VALUES (1, 1, 0, 5), (1, 2, 0, 5);
    INSERT INTO roles (network_id, person_id, role, granted_by, granted_at) VALUES (1, 1, 'admin', 1, 0);
    INSERT INTO shifts (id, network_id, num, starts_at, duration_min, place, public_place, capacity, created_by, created_at)
      VALUES (1, 1, 1, 100, 120, '2209 Hollowell St', 'Eastside church', 6, 1, 0);
    INSERT INTO signups (shift_id, person_id, status, signed_at) VALUES (1, 2, 'confirmed', 1);
    INSERT INTO canvasses (id, network_id, num, title, deadline_at, lead_id, created_at) VALUES (1, 1, 1, 'Corner store', 999, 1, 0);
    INSERT INTO canvass_footage (canvass_id, num, block_code, sha256, received_by, received_at) VALUES (1, 1, 'A1', '${"a".repeat(64)}', 1, 2);
    INSERT INTO alerts (id, network_id, num, text, state, created_at, expires_at) VALUES (1, 1, 1, 'vans on 5th', 'verified', 0, 10);
    INSERT INTO audit (network_id, actor_id, action, subject, at) VALUES (1, 1, 'shift.cancel', '#1', 3);
    INSERT INTO seen_events (platform, event_id, seen_at) VALUES ('memory', 'e1', 4);
    INSERT INTO outbox (key, platform, target_kind, target, body, not_before, created_at) VALUES ('k1', 'memory', 'chat', 'memory:main', 'hola', 0, 0);
  `);
  expect(schemaVersion(db)).toBe(7);
  db.close();
}

describe("a database made by release 0.1", () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it("opens with this build and upgrades forward: every row kept, the same tables as a new database, module versions recorded", () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const path = join(tmp.dir, "release-0.1.db");
    release01Database(path);

    const store = openStore({ path, key: TEST_KEY });
    const { db } = store;
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.prepare("SELECT module, version FROM schema_modules ORDER BY module").all()).toEqual([
      { module: "alerts", version: 5 },
      { module: "canvass", version: 1 },
      { module: "core", version: 5 },
      { module: "release-0.1", version: 7 },
      { module: "shifts", version: 4 },
    ]);
    expect(db.prepare("SELECT name, tz, leads_visible FROM networks").all()).toEqual([{ name: "Eastside", tz: "America/Chicago", leads_visible: 1 }]);
    expect(db.prepare("SELECT display_name, lang FROM persons ORDER BY id").all()).toEqual([
      { display_name: "Rosa", lang: "es" },
      { display_name: "Vera", lang: null },
    ]);
    expect(db.prepare("SELECT place, public_place, capacity FROM shifts").get()).toEqual({ place: "2209 Hollowell St", public_place: "Eastside church", capacity: 6 });
    expect(db.prepare("SELECT person_id, status FROM signups").all()).toEqual([{ person_id: 2, status: "confirmed" }]);
    expect(db.prepare("SELECT title FROM canvasses").get()).toEqual({ title: "Corner store" });
    expect(db.prepare("SELECT block_code, received_by FROM canvass_footage").get()).toEqual({ block_code: "A1", received_by: 1 });
    expect(db.prepare("SELECT text, state FROM alerts").get()).toEqual({ text: "vans on 5th", state: "verified" });
    expect(db.prepare("SELECT action, actor_id FROM audit").get()).toEqual({ action: "shift.cancel", actor_id: 1 });
    expect(db.prepare("SELECT count(*) AS n FROM seen_events").get()).toEqual({ n: 1 });
    expect(db.prepare("SELECT body FROM outbox").get()).toEqual({ body: "hola" });
    // Nothing re-ran: a second migrate has nothing to do, and the check finds every table.
    expect(migrate(db, path, SCHEMA)).toEqual([]);
    expect(() => assertSchemaComplete(db, path, SCHEMA)).not.toThrow();

    const fresh = new Database(":memory:");
    migrate(fresh, ":memory:", SCHEMA);
    expect(shape(db)).toEqual(shape(fresh));
    fresh.close();
    store.close();
  });

  it("upgrades one left part-way (schema step 3) by the steps it lacks", () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const path = join(tmp.dir, "step3.db");
    const db = new Database(path);
    applyKey(db, TEST_KEY);
    migrateAsRelease01(db, 3);
    const applied = migrate(db, path, SCHEMA).map((s) => `${s.module}:${s.version}`);
    expect(applied).toEqual(["core:2", "core:3", "core:4", "core:5", "shifts:2", "shifts:3", "shifts:4", "alerts:2", "alerts:3", "alerts:4", "alerts:5"]);
    const fresh = new Database(":memory:");
    migrate(fresh, ":memory:", SCHEMA);
    expect(shape(db)).toEqual(shape(fresh));
    fresh.close();
    db.close();
  });

  it("refuses a database whose job schema is newer than this build knows", () => {
    const db = new Database(":memory:");
    migrate(db, ":memory:", SCHEMA);
    db.prepare("UPDATE schema_modules SET version = 99 WHERE module = 'shifts'").run();
    expect(fatalCode(() => migrate(db, ":memory:", SCHEMA))).toBe("DB_TOO_NEW");
    db.close();
  });

  it("fails the start-up check with a typed error naming each missing table and its module", () => {
    const db = new Database(":memory:");
    migrate(db, ":memory:", SCHEMA);
    db.exec("DROP TABLE signups; DROP TABLE alert_seals;");
    let message = "";
    try {
      assertSchemaComplete(db, ":memory:", SCHEMA);
    } catch (err) {
      expect((err as FatalError).code).toBe("DB_SCHEMA_INCOMPLETE");
      message = (err as Error).message;
    }
    expect(message).toContain("signups (shifts)");
    expect(message).toContain("alert_seals (alerts)");
    db.close();
  });
});
