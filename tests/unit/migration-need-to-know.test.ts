import { join } from "node:path";
import Database from "better-sqlite3-multiple-ciphers";
import { afterEach, describe, expect, it } from "vitest";
import { schemaOf } from "../../src/core/assemble.js";
import { JOBS } from "../../src/main.js";
import { LATEST_VERSION, migrate, schemaModules, schemaVersion } from "../../src/store/migrations.js";
import { applyKey } from "../../src/store/open.js";
import { migrateAsRelease01 } from "../fixtures/release-0.1-migrations.js";
import { TEST_KEY, tempDir } from "../support/app.js";

describe("schema step 6: need-to-know", () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it("forgets the reporters and voters of alerts decided before the upgrade, keeps pending ones, and adds the new columns", () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const path = join(tmp.dir, "old.db");
    const db = new Database(path);
    applyKey(db, TEST_KEY);
    // A database release 0.1 left at schema step 4.
    migrateAsRelease01(db, 4);
    expect(schemaVersion(db)).toBe(4);
    db.exec(`
      INSERT INTO networks (id, name, tz, created_at) VALUES (1, 'Eastside', 'UTC', 0);
      INSERT INTO persons (id, platform, user_id, display_name) VALUES (1, 'memory', 'rosa', 'Rosa'), (2, 'memory', 'vera', 'Vera');
      INSERT INTO alerts (id, network_id, num, reporter_id, report_chat, text, state, created_at, expires_at)
        VALUES (1, 1, 1, 1, 'memory:main', 'vans', 'verified', 0, 10), (2, 1, 2, 1, 'memory:main', 'a van', 'pending', 0, 10);
      INSERT INTO alert_votes (alert_id, voter_id, vote, at) VALUES (1, 2, 'confirm', 1), (2, 2, 'confirm', 1);
      INSERT INTO alert_transitions (alert_id, state, actor_id, at) VALUES (1, 'pending', 1, 0), (2, 'pending', 1, 0);
      INSERT INTO audit (network_id, actor_id, action, subject, at) VALUES (1, 1, 'alert.report', 'alert:1', 0), (1, 2, 'role.grant', 'lead', 0);
    `);
    migrate(db, path, schemaModules(schemaOf(JOBS)));
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.prepare("SELECT num, reporter_id, report_chat FROM alerts ORDER BY num").all()).toEqual([
      { num: 1, reporter_id: null, report_chat: null },
      // Still pending: the reporter must stay known, or they could vouch for their own report.
      { num: 2, reporter_id: 1, report_chat: "memory:main" },
    ]);
    expect(db.prepare("SELECT alert_id, voter_id FROM alert_votes ORDER BY alert_id").all()).toEqual([
      { alert_id: 1, voter_id: null },
      { alert_id: 2, voter_id: 2 },
    ]);
    expect(db.prepare("SELECT count(*) AS n FROM alert_transitions WHERE actor_id IS NOT NULL").get()).toEqual({ n: 0 });
    expect(db.prepare("SELECT action, actor_id FROM audit ORDER BY id").all()).toEqual([
      { action: "alert.report", actor_id: null },
      { action: "role.grant", actor_id: 2 },
    ]);
    expect(db.prepare("SELECT leads_visible FROM networks").get()).toEqual({ leads_visible: 0 });
    db.prepare("INSERT INTO shifts (network_id, num, starts_at, duration_min, place, public_place, capacity, created_by, created_at) VALUES (1, 1, 0, 60, 'x', 'Eastside church', 2, 1, 0)").run();
    db.close();
  });
});
