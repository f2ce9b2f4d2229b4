import { join } from "node:path";
import Database from "better-sqlite3-multiple-ciphers";
import { afterEach, describe, expect, it } from "vitest";
import { schemaOf } from "../../src/core/assemble.js";
import { Networks } from "../../src/core/network/networks.js";
import { Zones } from "../../src/core/network/zones.js";
import { JOBS } from "../../src/main.js";
import { migrate, schemaModules } from "../../src/store/migrations.js";
import { applyKey } from "../../src/store/open.js";
import { TEST_KEY, tempDir } from "../support/app.js";

/** The schema as it was before zones: the core up to its step 4, the alerts job up to its step 3. */
function beforeZones() {
  const before: Record<string, number> = { core: 4, alerts: 3 };
  return schemaModules(schemaOf(JOBS)).map((m) =>
    m.name in before ? { ...m, migrations: m.migrations.filter((s) => s.version <= before[m.name]!), tables: [] } : m,
  );
}

/** The version each schema module is at. */
const versionOf = (db: Database.Database, name: string) =>
  (db.prepare("SELECT version FROM schema_modules WHERE module = ?").get(name) as { version: number } | undefined)?.version;

describe("schema: zones and alerts by private message", () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it("upgrades a database made before zones: its chats are network-wide, the new tables are STRICT and follow memberships", () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const path = join(tmp.dir, "old.db");
    const db = new Database(path);
    applyKey(db, TEST_KEY);
    db.pragma("foreign_keys = ON");
    migrate(db, path, beforeZones());
    expect(versionOf(db, "core")).toBe(4);
    db.exec(`
      INSERT INTO networks (id, name, tz, created_at) VALUES (1, 'Eastside', 'UTC', 0);
      INSERT INTO chats (ref, network_id) VALUES ('memory:main', 1), ('memory:north', 1);
      INSERT INTO persons (id, platform, user_id, display_name) VALUES (1, 'memory', 'ben', 'Ben');
      INSERT INTO memberships (network_id, person_id, joined_at, last_seen) VALUES (1, 1, 0, 0);
    `);
    migrate(db, path, schemaModules(schemaOf(JOBS)));
    expect(versionOf(db, "core")).toBe(5);
    expect(versionOf(db, "alerts")).toBe(5);
    const strict = db.prepare("SELECT name, strict FROM pragma_table_list WHERE name IN ('zones', 'chat_zones', 'alert_targets', 'alert_subscriptions') ORDER BY name").all();
    expect(strict).toEqual([
      { name: "alert_subscriptions", strict: 1 },
      { name: "alert_targets", strict: 1 },
      { name: "chat_zones", strict: 1 },
      { name: "zones", strict: 1 },
    ]);
    const zones = new Zones(db, new Networks(db));
    const north = zones.add(1, "North", null, 0)!;
    // Chats from before zones are network-wide: they get a zone's alerts.
    expect(zones.chatsFor(1, north.id).map((c) => c.ref)).toEqual(["memory:main", "memory:north"]);
    zones.setChatZones("memory:north", [north.id]);
    const south = zones.add(1, "South", null, 0)!;
    expect(zones.chatsFor(1, south.id).map((c) => c.ref)).toEqual(["memory:main"]);
    db.exec(`INSERT INTO alert_subscriptions (network_id, person_id, zone_id, created_at) VALUES (1, 1, ${north.id}, 0)`);
    // A subscription cannot outlive the membership it belongs to.
    db.exec("DELETE FROM memberships WHERE person_id = 1");
    expect(db.prepare("SELECT count(*) AS n FROM alert_subscriptions").get()).toEqual({ n: 0 });
    // Removing a zone makes its chats network-wide again.
    zones.remove(north.id);
    expect(zones.chatsFor(1, south.id).map((c) => c.ref)).toEqual(["memory:main", "memory:north"]);
    db.close();
  });
});
