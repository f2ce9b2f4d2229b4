import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3-multiple-ciphers";
import { afterEach, describe, expect, it } from "vitest";
import { FatalError } from "../../src/errors.js";
import { backupDatabase } from "../../src/ops/backup.js";
import { rekeyDatabase } from "../../src/ops/rekey.js";
import { restoreDatabase } from "../../src/ops/restore.js";
import { openStore } from "../../src/store/open.js";
import { startTestApp, T0, TEST_KEY, type TestApp, tempDir } from "../support/app.js";

function fatal(fn: () => unknown): FatalError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(FatalError);
    return err as FatalError;
  }
  throw new Error("no error was thrown");
}

function places(path: string, key = TEST_KEY): string[] {
  const store = openStore({ path, key, migrate: false });
  try {
    return (store.db.prepare("SELECT place FROM shifts ORDER BY num").all() as { place: string }[]).map((r) => r.place);
  } finally {
    store.close();
  }
}

async function withShift(): Promise<TestApp> {
  const t = await startTestApp();
  await t.say("main", "Lena", "/network create Eastside");
  await t.say("main", "Lena", "/role grant Lena lead");
  await t.say("main", "Lena", '/shift new sat 10am 2h "12 Cedar Lane" 3');
  return t;
}

describe("backup, restore and rekey", () => {
  let t: TestApp;
  const temps: (() => void)[] = [];
  afterEach(async () => {
    await t?.close();
    for (const cleanup of temps.splice(0)) cleanup();
  });
  const folder = () => {
    const d = tempDir("porchlight-backups-");
    temps.push(d.cleanup);
    return d.dir;
  };

  it("backs up a running database into an encrypted copy that round-trips through restore", async () => {
    t = await withShift();
    const dbPath = join(t.dir, "porchlight.db");
    const file = join(folder(), "nightly.db");
    const result = backupDatabase(t.app.store, file, T0);
    expect(result.schemaVersion).toBeGreaterThanOrEqual(4);
    // The running bot goes on: a later shift is not in the backup.
    await t.say("main", "Lena", '/shift new sun 10am 2h "40 Birch Road" 3');
    expect(readFileSync(file).toString("latin1")).not.toContain("Cedar Lane");
    const bare = new Database(file);
    expect(() => bare.prepare("SELECT * FROM shifts").all()).toThrow(/not a database/);
    bare.close();
    expect(places(file)).toEqual(["12 Cedar Lane"]);

    // Restoring while the bot runs is refused and changes nothing.
    expect(fatal(() => restoreDatabase({ path: dbPath, key: TEST_KEY, from: file, now: T0 })).code).toBe("DB_IN_USE");
    await t.stop();
    expect(places(dbPath)).toEqual(["12 Cedar Lane", "40 Birch Road"]);

    const restored = restoreDatabase({ path: dbPath, key: TEST_KEY, from: file, now: T0 });
    expect(places(dbPath)).toEqual(["12 Cedar Lane"]);
    expect(restored.replacedKeptAs).not.toBeNull();
    expect(places(restored.replacedKeptAs!)).toEqual(["12 Cedar Lane", "40 Birch Road"]);
    const store = openStore({ path: dbPath, key: TEST_KEY });
    expect((store.db.prepare("SELECT action FROM audit WHERE network_id IS NULL ORDER BY id").all() as { action: string }[]).map((r) => r.action)).toEqual([
      "ops.restore",
    ]);
    store.close();
  });

  it("never overwrites an existing file with a backup", async () => {
    t = await withShift();
    const file = join(folder(), "taken.db");
    writeFileSync(file, "precious");
    expect(fatal(() => backupDatabase(t.app.store, file, T0)).code).toBe("BACKUP_EXISTS");
    expect(readFileSync(file, "utf8")).toBe("precious");
    expect(readdirSync(folder())).toEqual([]);
  });

  it("refuses to restore what is not a Porchlight backup or needs another key, changing nothing", async () => {
    t = await withShift();
    await t.stop();
    const dbPath = join(t.dir, "porchlight.db");
    const dir = folder();
    const plain = join(dir, "plain.db");
    const plainDb = new Database(plain);
    plainDb.exec("CREATE TABLE notes (x); INSERT INTO notes VALUES ('hello')");
    plainDb.close();
    const junk = join(dir, "junk.db");
    writeFileSync(junk, Buffer.alloc(8192, 7));
    const otherKey = join(dir, "other-key.db");
    const other = openStore({ path: otherKey, key: "some-other-key" });
    other.close();
    const foreign = join(dir, "foreign.db");
    const foreignDb = new Database(foreign);
    foreignDb.pragma("cipher = 'sqlcipher'");
    foreignDb.pragma("legacy = 4");
    foreignDb.pragma(`key = '${TEST_KEY}'`);
    foreignDb.exec("CREATE TABLE recipes (x)");
    foreignDb.close();

    const cases: [string, RegExp][] = [
      [plain, /is an unencrypted SQLite file, not a Porchlight backup; nothing was changed/],
      [junk, /does not open with the database key: it is not a Porchlight backup, or it was made under another key/],
      [otherKey, /does not open with the database key/],
      [foreign, /opens, but is not a Porchlight database/],
    ];
    for (const [from, message] of cases) {
      const err = fatal(() => restoreDatabase({ path: dbPath, key: TEST_KEY, from, now: T0 }));
      expect(err.code).toBe("NOT_A_BACKUP");
      expect(err.message).toMatch(message);
    }
    expect(places(dbPath)).toEqual(["12 Cedar Lane"]);
    expect(readdirSync(t.dir).filter((f) => f.includes("replaced") || f.includes("restoring"))).toEqual([]);
  });

  it("changes the key in place, only while the bot is stopped", async () => {
    t = await withShift();
    const dbPath = join(t.dir, "porchlight.db");
    expect(fatal(() => rekeyDatabase({ path: dbPath, key: TEST_KEY, newKey: "new-key-42", now: T0 })).code).toBe("DB_IN_USE");
    await t.stop();
    expect(fatal(() => rekeyDatabase({ path: dbPath, key: "wrong", newKey: "new-key-42", now: T0 })).code).toBe("DB_KEY_WRONG");
    rekeyDatabase({ path: dbPath, key: TEST_KEY, newKey: "new-key-42", now: T0 });
    expect(fatal(() => openStore({ path: dbPath, key: TEST_KEY })).code).toBe("DB_KEY_WRONG");
    expect(places(dbPath, "new-key-42")).toEqual(["12 Cedar Lane"]);
    expect(existsSync(`${dbPath}-wal`)).toBe(false);
    const store = openStore({ path: dbPath, key: "new-key-42" });
    expect(store.db.pragma("journal_mode", { simple: true })).toBe("wal");
    store.close();
  });
});
