import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3-multiple-ciphers";
import { afterEach, describe, expect, it } from "vitest";
import { FatalError } from "../../src/errors.js";
import { keyFileBeside } from "../../src/store/key.js";
import { schemaOf } from "../../src/core/assemble.js";
import { JOBS } from "../../src/main.js";
import { LATEST_VERSION, migrate, schemaModules, schemaVersion } from "../../src/store/migrations.js";

/** The whole schema: the core's module and every job's. */
const SCHEMA = schemaModules(schemaOf(JOBS));
/** Every step of every module, as `module:version`. */
const ALL_STEPS = SCHEMA.flatMap((m) => m.migrations.map((s) => `${m.name}:${s.version}`));
import { openStore } from "../../src/store/open.js";
import { tempDir } from "../support/app.js";

function fatalCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof FatalError) return err.code;
    throw err;
  }
  return undefined;
}

describe("encrypted store", () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it("writes a new 0600 key file beside a new database, and reuses it on the next start", () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const path = join(tmp.dir, "data", "p.db");
    let warned = "";
    const store = openStore({ path, env: {}, beside: "create", onNewKeyFile: (f) => (warned = f) });
    store.db.prepare("INSERT INTO networks (name, tz, created_at) VALUES ('Eastside', 'UTC', 1)").run();
    store.close();
    expect(warned).toBe(keyFileBeside(path));
    expect(statSync(warned).mode & 0o777).toBe(0o600);
    expect(readFileSync(warned, "utf8").trim()).toMatch(/^[0-9a-f]{64}$/);
    const again = openStore({ path, env: {}, onNewKeyFile: () => expect.unreachable("a second key file") });
    expect(again.db.prepare("SELECT name FROM networks").get()).toEqual({ name: "Eastside" });
    again.close();
  });

  it("is unreadable without the key: the file holds no plain text", () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const path = join(tmp.dir, "p.db");
    const store = openStore({ path, key: "k1-0123456789abcdef" });
    store.db.prepare("INSERT INTO networks (name, tz, created_at) VALUES ('Calle Luna Defensa', 'UTC', 1)").run();
    store.db.pragma("wal_checkpoint(TRUNCATE)");
    store.close();
    const bytes = readFileSync(path);
    expect(bytes.includes(Buffer.from("Calle Luna Defensa"))).toBe(false);
    expect(bytes.subarray(0, 15).toString()).not.toBe("SQLite format 3");
    const plain = new Database(path);
    expect(() => plain.prepare("SELECT * FROM networks").all()).toThrow(/not a database/);
    plain.close();
  });

  it("refuses a wrong key with a clear error and leaves the database as it was", () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const path = join(tmp.dir, "p.db");
    openStore({ path, key: "right-key-0123456789" }).close();
    const before = readFileSync(path);
    expect(fatalCode(() => openStore({ path, key: "wrong-key-0123456789" }))).toBe("DB_KEY_WRONG");
    expect(readFileSync(path).equals(before)).toBe(true);
    const store = openStore({ path, key: "right-key-0123456789" });
    expect(schemaVersion(store.db)).toBe(LATEST_VERSION);
    store.close();
  });

  it("refuses an existing database when no key is given, instead of starting a new one", () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const path = join(tmp.dir, "p.db");
    openStore({ path, env: { PORCHLIGHT_DB_KEY: "env-key-0123456789" } }).close();
    expect(fatalCode(() => openStore({ path, env: {} }))).toBe("DB_KEY_MISSING");
    expect(existsSync(keyFileBeside(path))).toBe(false);
  });

  it("reads the key from PORCHLIGHT_DB_KEY_FILE", () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const path = join(tmp.dir, "p.db");
    const keyFile = join(tmp.dir, "secret");
    writeFileSync(keyFile, "file-key-0123456789\n");
    openStore({ path, env: { PORCHLIGHT_DB_KEY_FILE: keyFile } }).close();
    expect(fatalCode(() => openStore({ path, key: "file-key-0123456789" }).close())).toBeUndefined();
  });

  it("runs with WAL, foreign keys and synchronous=FULL", () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const store = openStore({ path: join(tmp.dir, "p.db"), key: "k-0123456789abcdef" });
    expect(store.db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(store.db.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(store.db.pragma("synchronous", { simple: true })).toBe(2);
    store.close();
  });

  it("migrates from empty to latest, and refuses a database from a newer version", () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const path = join(tmp.dir, "p.db");
    const store = openStore({ path, key: "k-0123456789abcdef", migrate: false });
    expect(schemaVersion(store.db)).toBe(0);
    expect(migrate(store.db, path, SCHEMA).map((m) => `${m.module}:${m.version}`)).toEqual(ALL_STEPS);
    expect(migrate(store.db, path, SCHEMA)).toEqual([]);
    store.db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    store.close();
    expect(fatalCode(() => openStore({ path, key: "k-0123456789abcdef" }))).toBe("DB_TOO_NEW");
  });

  it("applies migration steps in one transaction: a failing step leaves the database untouched", () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const path = join(tmp.dir, "p.db");
    const store = openStore({ path, key: "k-0123456789abcdef", migrate: false });
    const broken = [...SCHEMA, { name: "broken", tables: [], migrations: [{ version: 1, description: "broken", sql: "CREATE TABLE x (a); SELECT nonsense FROM nowhere;" }] }];
    expect(() => migrate(store.db, path, broken)).toThrow();
    expect(schemaVersion(store.db)).toBe(0);
    expect(store.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get()).toEqual({ n: 0 });
    store.close();
  });
});
