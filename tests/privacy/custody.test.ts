import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import Database from "better-sqlite3-multiple-ciphers";
import { describe, expect, it } from "vitest";
import { FatalError } from "../../src/errors.js";
import { backupDatabase } from "../../src/ops/backup.js";
import { openWithKey } from "../../src/ops/database.js";
import { restoreDatabase } from "../../src/ops/restore.js";
import { findOperatorKey, keyFileBeside } from "../../src/store/key.js";
import { slotFileBeside } from "../../src/store/keyslot.js";
import { migrate } from "../../src/store/migrations.js";
import { applyKey, openStore } from "../../src/store/open.js";
import { TEST_KEY } from "../support/app.js";
import { useTempFolders } from "../support/folders.js";
import { runCli } from "../support/cli.js";

/**
 * Key custody: where the operator's key comes from, the key slot that holds the data key, the
 * upgrade of databases keyed the old way, and what `start` and `doctor` say about it.
 */

function fatal(fn: () => unknown): FatalError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(FatalError);
    return err as FatalError;
  }
  throw new Error("no error was thrown");
}

function names(path: string, opts: Parameters<typeof openStore>[0] = { path }): string[] {
  const store = openStore({ ...opts, path });
  try {
    return (store.db.prepare("SELECT name FROM networks ORDER BY id").all() as { name: string }[]).map((r) => r.name);
  } finally {
    store.close();
  }
}

/** A database as Porchlight made it before key slots: SQLCipher keyed directly by the operator's key. */
function legacyDatabase(path: string, key: string): void {
  const db = new Database(path);
  applyKey(db, key);
  db.pragma("journal_mode = WAL");
  migrate(db, path);
  db.prepare("INSERT INTO networks (name, tz, created_at) VALUES ('Eastside', 'UTC', 1)").run();
  db.prepare("INSERT INTO networks (name, tz, created_at) VALUES ('Calle Luna', 'UTC', 2)").run();
  db.close();
}

describe("key custody", () => {
  const { folder, onCleanup } = useTempFolders();

  it("keeps the data key only wrapped in the key slot: the operator key alone does not open the file", () => {
    const path = join(folder(), "p.db");
    const store = openStore({ path, key: TEST_KEY });
    store.db.prepare("INSERT INTO networks (name, tz, created_at) VALUES ('Eastside', 'UTC', 1)").run();
    store.close();
    const slot = readFileSync(slotFileBeside(path), "utf8");
    expect(statSync(slotFileBeside(path)).mode & 0o777).toBe(0o600);
    expect(slot).not.toContain(TEST_KEY);
    expect(JSON.parse(slot)).toMatchObject({ porchlight: "keyslot", v: 1, kdf: { alg: "scrypt" } });
    expect(fatal(() => openWithKey(path, TEST_KEY, () => new FatalError("DB_KEY_WRONG", "no"))).code).toBe("DB_KEY_WRONG");
    expect(names(path, { path, key: TEST_KEY })).toEqual(["Eastside"]);
    expect(fatal(() => openStore({ path, key: "another-key-0123456789" })).code).toBe("DB_KEY_WRONG");
  });

  it("upgrades a database keyed the old way to a key slot, without loss", () => {
    const path = join(folder(), "p.db");
    legacyDatabase(path, TEST_KEY);
    expect(existsSync(slotFileBeside(path))).toBe(false);
    const store = openStore({ path, key: TEST_KEY, owner: true });
    expect(store.custody?.upgraded).toBe(true);
    store.close();
    expect(existsSync(slotFileBeside(path))).toBe(true);
    expect(names(path, { path, key: TEST_KEY })).toEqual(["Eastside", "Calle Luna"]);
    // The old key no longer opens the file by itself: only through the slot.
    expect(fatal(() => openWithKey(path, TEST_KEY, () => new FatalError("DB_KEY_WRONG", "no"))).code).toBe("DB_KEY_WRONG");
    const again = openStore({ path, key: TEST_KEY });
    expect(again.custody?.upgraded).toBe(false);
    again.close();
  });

  it("refuses to upgrade an old database with the wrong key, changing nothing", () => {
    const path = join(folder(), "p.db");
    legacyDatabase(path, TEST_KEY);
    const before = readFileSync(path);
    expect(fatal(() => openStore({ path, key: "wrong-key-0123456789" })).code).toBe("DB_KEY_WRONG");
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(existsSync(slotFileBeside(path))).toBe(false);
  });

  it("restores a backup on a new machine from the backup and its key slot, with the operator key", () => {
    const old = join(folder(), "p.db");
    const store = openStore({ path: old, key: TEST_KEY, owner: true });
    store.db.prepare("INSERT INTO networks (name, tz, created_at) VALUES ('Eastside', 'UTC', 1)").run();
    const backups = folder();
    backupDatabase(store, join(backups, "b.db"), 1);
    store.close();
    const fresh = join(folder(), "new", "p.db");
    mkdirSync(dirname(fresh));
    restoreDatabase({ path: fresh, key: TEST_KEY, from: join(backups, "b.db"), now: 1 });
    expect(names(fresh, { path: fresh, key: TEST_KEY })).toEqual(["Eastside"]);
  });

  it("restores a backup made before key slots under the database's data key", () => {
    const legacy = join(folder(), "legacy-backup.db");
    legacyDatabase(legacy, TEST_KEY);
    const path = join(folder(), "p.db");
    openStore({ path, key: TEST_KEY }).close();
    restoreDatabase({ path, key: TEST_KEY, from: legacy, now: 1 });
    expect(names(path, { path, key: TEST_KEY })).toEqual(["Eastside", "Calle Luna"]);
    expect(fatal(() => openWithKey(path, TEST_KEY, () => new FatalError("DB_KEY_WRONG", "no"))).code).toBe("DB_KEY_WRONG");
  });

  it("takes a passphrase from PORCHLIGHT_DB_PASSPHRASE or PORCHLIGHT_DB_PASSPHRASE_FILE, stretched with scrypt", () => {
    const dir = folder();
    const path = join(dir, "p.db");
    openStore({ path, env: { PORCHLIGHT_DB_PASSPHRASE: "correct horse battery staple" } }).close();
    const slot = JSON.parse(readFileSync(slotFileBeside(path), "utf8"));
    expect(slot.kdf.N).toBeGreaterThanOrEqual(2 ** 17);
    const file = join(dir, "passphrase");
    writeFileSync(file, "correct horse battery staple\n");
    expect(names(path, { path, env: { PORCHLIGHT_DB_PASSPHRASE_FILE: file } })).toEqual([]);
    expect(fatal(() => openStore({ path, env: { PORCHLIGHT_DB_PASSPHRASE: "wrong horse" } })).code).toBe("DB_KEY_WRONG");
  });

  it("finds the key in a systemd credential and a Docker secret", () => {
    const dir = folder();
    const path = join(dir, "p.db");
    const creds = mkdtempSync(join(dir, "creds-"));
    writeFileSync(join(creds, "porchlight-db-key"), "from-systemd\n");
    expect(findOperatorKey(path, { CREDENTIALS_DIRECTORY: creds }, "refuse")).toMatchObject({ secret: "from-systemd", source: "credentials" });
    const secrets = mkdtempSync(join(dir, "secrets-"));
    writeFileSync(join(secrets, "porchlight_db_key"), "from-docker\n");
    expect(findOperatorKey(path, {}, "refuse", { dockerSecrets: secrets })).toMatchObject({ secret: "from-docker", source: "docker-secret" });
    expect(findOperatorKey(path, {}, "refuse", { dockerSecrets: join(dir, "none") })).toBeNull();
  });

  it("start refuses without a key, naming the ways to give one, and creates nothing", async () => {
    const dir = folder();
    const config = join(dir, "porchlight.yaml");
    writeFileSync(config, `database:\n  path: ${join(dir, "data", "p.db")}\ntelegram:\n  token: "123:abc"\n  apiRoot: http://127.0.0.1:9\n`);
    const run = await runCli(["start", "--config", config]);
    expect(run.code).toBe(2);
    const line = run.stderr.split("\n").filter((l) => l.startsWith("porchlight:"));
    expect(line).toHaveLength(1);
    expect(line[0]).toContain("no database key for");
    expect(line[0]).toContain("PORCHLIGHT_DB_KEY_FILE");
    expect(line[0]).toContain("systemd credential porchlight-db-key");
    expect(line[0]).toContain("/run/secrets/porchlight_db_key");
    expect(line[0]).toContain("PORCHLIGHT_DB_PASSPHRASE");
    expect(readdirSync(dir)).toEqual(["porchlight.yaml"]);
  });

  it("start refuses the local trial's key file beside the database", async () => {
    const dir = folder();
    const path = join(dir, "p.db");
    openStore({ path, env: {}, beside: "create" }).close();
    const config = join(dir, "porchlight.yaml");
    writeFileSync(config, `database:\n  path: ${path}\ntelegram:\n  token: "123:abc"\n  apiRoot: http://127.0.0.1:9\n`);
    const before = readFileSync(path);
    const run = await runCli(["start", "--config", config]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`the database key lies beside the database in ${keyFileBeside(path)}: whoever takes this disk can read everything`);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it("doctor says where the key comes from, and warns when the key file is on the database's disk", async () => {
    const dir = folder();
    const db = join(dir, "p.db");
    openStore({ path: db, key: TEST_KEY }).close();
    const fromEnv = await runCli(["doctor", "--db", db], { env: { PORCHLIGHT_DB_KEY: TEST_KEY } });
    expect(fromEnv.stdout).toContain("ok: database key from the PORCHLIGHT_DB_KEY environment variable");
    expect(fromEnv.code).toBe(0);

    const sameDisk = join(dir, "db.key");
    writeFileSync(sameDisk, `${TEST_KEY}\n`);
    const beside = await runCli(["doctor", "--db", db], { env: { PORCHLIGHT_DB_KEY_FILE: sameDisk } });
    expect(beside.stderr).toContain(`warning: database key from the key file ${sameDisk} (PORCHLIGHT_DB_KEY_FILE), which is on the same disk as the database: whoever takes the disk can read everything`);
    // A warning, not a failure: a health check or ExecStartPre=doctor goes on.
    expect(beside.code).toBe(0);

    // Another filesystem, when the machine has one (tmpfs): no warning.
    if (existsSync("/dev/shm") && statSync("/dev/shm").dev !== statSync(dir).dev) {
      const other = mkdtempSync("/dev/shm/porchlight-key-");
      onCleanup(() => rmSync(other, { recursive: true, force: true }));
      const keyFile = join(other, "db.key");
      writeFileSync(keyFile, `${TEST_KEY}\n`);
      const apart = await runCli(["doctor", "--db", db], { env: { PORCHLIGHT_DB_KEY_FILE: keyFile } });
      expect(apart.stdout).toContain(`ok: database key from the key file ${keyFile} (PORCHLIGHT_DB_KEY_FILE)`);
      expect(apart.code).toBe(0);
    }
  });
});
