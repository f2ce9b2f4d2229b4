import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load.js";
import { RETENTION_DEFAULTS } from "../../src/config/schema.js";
import { FatalError } from "../../src/errors.js";
import { compactIfDue, compactionDue, lastCompaction, markCompactionDue } from "../../src/store/compact.js";
import { startTestApp, T0, type TestApp, tempDir } from "../support/app.js";

const DAY = 24 * 3_600_000;

function configError(yaml: string): string {
  const { dir, cleanup } = tempDir();
  try {
    const file = join(dir, "porchlight.yaml");
    writeFileSync(file, yaml);
    loadConfig({ file, env: {} });
  } catch (err) {
    expect(err).toBeInstanceOf(FatalError);
    return (err as FatalError).message;
  } finally {
    cleanup();
  }
  throw new Error("the configuration was accepted");
}

describe("retention settings", () => {
  it("refuses zero or negative days with a message naming the setting", () => {
    expect(configError("retention:\n  auditDays: 0\n")).toMatch(
      /retention\.auditDays: must be 1 day or more \(0 or negative days is not a retention period\)$/,
    );
    expect(configError("retention:\n  shiftsDays: -5\n")).toMatch(/retention\.shiftsDays: must be 1 day or more/);
    expect(configError("retention:\n  canvassDays: 1.5\n")).toMatch(/retention\.canvassDays: a whole number of days, 1 or more/);
  });

  it("accepts whole days and keeps the defaults for the rest", () => {
    const { dir, cleanup } = tempDir();
    const file = join(dir, "porchlight.yaml");
    writeFileSync(file, "retention:\n  auditDays: 7\n");
    expect(loadConfig({ file, env: {} }).retention).toEqual({ ...RETENTION_DEFAULTS, auditDays: 7 });
    cleanup();
  });
});

describe("purge and compaction", () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it("deletes ended shifts past their retention and compacts the file afterwards", async () => {
    t = await startTestApp();
    const { db } = t.app.store;
    await t.say("main", "Lena", "/network create Eastside");
    await t.say("main", "Lena", "/role grant Lena lead");
    for (let i = 0; i < 40; i++) await t.say("main", "Lena", `/shift new tomorrow 10am 2h "Place number ${i} with a long name to fill pages" 5 ${"note ".repeat(60)}`);
    t.app.scheduler.runOnce();
    const before = lastCompaction(db);

    t.clock.set(T0 + 32 * DAY);
    t.app.scheduler.runOnce();
    expect((db.prepare("SELECT count(*) AS n FROM shifts").get() as { n: number }).n).toBe(0);
    expect(lastCompaction(db)).toBe(T0 + 32 * DAY);
    expect(lastCompaction(db)).not.toBe(before);
    expect(db.pragma("freelist_count", { simple: true })).toBe(0);
    expect(compactionDue(db)).toBe(false);
  });

  it("does nothing when nothing was deleted, and waits an hour between compactions", async () => {
    t = await startTestApp();
    const { db } = t.app.store;
    db.exec("VACUUM");
    expect(compactIfDue(db, T0)).toBe(false);
    expect(lastCompaction(db)).toBeNull();

    markCompactionDue(db);
    expect(compactIfDue(db, T0)).toBe(true);
    markCompactionDue(db);
    expect(compactIfDue(db, T0 + 30 * 60_000)).toBe(false);
    expect(compactionDue(db)).toBe(true);
    expect(compactIfDue(db, T0 + 61 * 60_000)).toBe(true);
    expect(compactionDue(db)).toBe(false);
  });
});
