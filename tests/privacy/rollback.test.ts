import { createHash } from "node:crypto";
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, statSync, truncateSync, unlinkSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FatalError } from "../../src/errors.js";
import { backupDatabase } from "../../src/ops/backup.js";
import { restoreDatabase } from "../../src/ops/restore.js";
import { openStore, type Store } from "../../src/store/open.js";
import { T0, TEST_KEY } from "../support/app.js";
import { useTempFolders } from "../support/folders.js";
import { runCli } from "../support/cli.js";

/**
 * Rollback and loss detection: a database whose write-ahead log was deleted, truncated or
 * bit-flipped, or an old copy put back, or a damaged page, is refused at open with a clear error,
 * and the files are left exactly as they were.
 */

function fatalCode(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(FatalError);
    return { code: (err as FatalError).code, message: (err as FatalError).message };
  }
  throw new Error("no error was thrown");
}

const FILES = ["p.db", "p.db-wal", "p.db.keyslot"];

/** Hashes of the database, its log and its key slot: what a refused open must leave alone. */
function fingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of FILES) {
    const file = join(dir, f);
    out[f] = existsSync(file) ? createHash("sha256").update(readFileSync(file)).digest("hex") : "absent";
  }
  return out;
}

function addNetwork(store: Store, name: string): void {
  store.db.prepare("INSERT INTO networks (name, tz, created_at) VALUES (?, 'UTC', 1)").run(name);
}

function networkNames(path: string): string[] {
  const store = openStore({ path, key: TEST_KEY });
  try {
    return (store.db.prepare("SELECT name FROM networks ORDER BY id").all() as { name: string }[]).map((r) => r.name);
  } finally {
    store.close();
  }
}

describe("rollback and loss detection", () => {
  const { folder } = useTempFolders();

  /**
   * The disk as a crash leaves it: a running bot wrote two networks and sealed after each; the
   * files are copied while it is still open (its log not yet folded in), into a folder of their own.
   */
  function crashImage(): string {
    const live = folder();
    const path = join(live, "p.db");
    const store = openStore({ path, key: TEST_KEY, owner: true });
    addNetwork(store, "Eastside");
    store.seal();
    addNetwork(store, "Westside");
    store.seal();
    const image = folder();
    for (const f of FILES) copyFileSync(join(live, f), join(image, f));
    store.close();
    return image;
  }

  it("opens a crash image whole, with everything written before the last seal", () => {
    const image = crashImage();
    expect(statSync(join(image, "p.db-wal")).size).toBeGreaterThan(0);
    expect(networkNames(join(image, "p.db"))).toEqual(["Eastside", "Westside"]);
  });

  it("refuses a database whose WAL was deleted after a crash, changing nothing", () => {
    const image = crashImage();
    unlinkSync(join(image, "p.db-wal"));
    const before = fingerprint(image);
    const err = fatalCode(() => openStore({ path: join(image, "p.db"), key: TEST_KEY, owner: true }));
    expect(err.code).toBe("DB_WAL_MISSING");
    expect(err.message).toContain("is missing its write-ahead log (-wal)");
    expect(err.message).toContain("Porchlight did not start and changed nothing");
    expect(fingerprint(image)).toEqual(before);
    expect(existsSync(join(image, "p.db-wal"))).toBe(false);
  });

  it("refuses a database whose WAL was truncated, changing nothing", () => {
    const image = crashImage();
    truncateSync(join(image, "p.db-wal"), 32);
    const before = fingerprint(image);
    const err = fatalCode(() => openStore({ path: join(image, "p.db"), key: TEST_KEY, owner: true }));
    expect(err.code).toBe("DB_ROLLED_BACK");
    expect(err.message).toContain("its write-ahead log was lost or damaged, or an old copy was put in its place");
    expect(fingerprint(image)).toEqual(before);
  });

  it("refuses a database whose WAL has one flipped byte (SQLite would silently drop the frames after it)", () => {
    const image = crashImage();
    const wal = join(image, "p.db-wal");
    // A byte inside the first frame's page (32-byte header + 24-byte frame header).
    const at = 32 + 24 + 100;
    const byte = readFileSync(wal)[at]!;
    const fd = openSync(wal, "r+");
    writeSync(fd, Buffer.from([byte ^ 0x01]), 0, 1, at);
    closeSync(fd);
    const before = fingerprint(image);
    expect(fatalCode(() => openStore({ path: join(image, "p.db"), key: TEST_KEY, owner: true })).code).toBe("DB_ROLLED_BACK");
    expect(fingerprint(image)).toEqual(before);
  });

  it("refuses an old copy of the database put back in place, changing nothing", () => {
    const dir = folder();
    const path = join(dir, "p.db");
    const first = openStore({ path, key: TEST_KEY, owner: true });
    addNetwork(first, "Eastside");
    first.close();
    mkdirSync(join(dir, "old"));
    copyFileSync(path, join(dir, "old", "p.db"));
    const second = openStore({ path, key: TEST_KEY, owner: true });
    addNetwork(second, "Westside");
    second.close();
    copyFileSync(join(dir, "old", "p.db"), path);
    const before = fingerprint(dir);
    const err = fatalCode(() => openStore({ path, key: TEST_KEY, owner: true }));
    expect(err.code).toBe("DB_ROLLED_BACK");
    expect(err.message).toMatch(/older than the last state this server saw \(generation \d+, expected at least \d+\)/);
    expect(fingerprint(dir)).toEqual(before);
  });

  it("refuses a database with a damaged page (PRAGMA quick_check), changing nothing", () => {
    const dir = folder();
    const path = join(dir, "p.db");
    const store = openStore({ path, key: TEST_KEY, owner: true });
    for (let i = 0; i < 50; i++) addNetwork(store, `Network ${i} ${"x".repeat(200)}`);
    store.close();
    const fd = openSync(path, "r+");
    writeSync(fd, Buffer.alloc(64, 0xff), 0, 64, 4096 * 3 + 1000);
    closeSync(fd);
    const before = fingerprint(dir);
    const err = fatalCode(() => openStore({ path, key: TEST_KEY, owner: true }));
    expect(err.code).toBe("DB_DAMAGED");
    expect(err.message).toContain("is damaged");
    expect(fingerprint(dir)).toEqual(before);
  });

  it("refuses to start an empty database where its key slot says one held data", () => {
    const image = crashImage();
    for (const f of ["p.db", "p.db-wal"]) unlinkSync(join(image, f));
    const before = fingerprint(image);
    const err = fatalCode(() => openStore({ path: join(image, "p.db"), key: TEST_KEY, owner: true }));
    expect(err.code).toBe("DB_ROLLED_BACK");
    expect(err.message).toMatch(/is missing, but its key slot records that it held data \(generation \d+\)/);
    expect(fingerprint(image)).toEqual(before);
  });

  it("refuses a key slot whose generation record was lowered or taken out, changing nothing", () => {
    const image = crashImage();
    const slotFile = join(image, "p.db.keyslot");
    const slot = JSON.parse(readFileSync(slotFile, "utf8"));
    // Old copies of the database and its log, with the record edited down to match them.
    writeFileSync(slotFile, JSON.stringify({ ...slot, state: { ...slot.state, generation: 0 } }));
    const lowered = fingerprint(image);
    expect(fatalCode(() => openStore({ path: join(image, "p.db"), key: TEST_KEY, owner: true })).code).toBe("DB_KEYSLOT_DAMAGED");
    expect(fingerprint(image)).toEqual(lowered);
    const { state: _state, ...stateless } = slot;
    writeFileSync(slotFile, JSON.stringify(stateless));
    const removed = fingerprint(image);
    const err = fatalCode(() => openStore({ path: join(image, "p.db"), key: TEST_KEY, owner: true }));
    expect(err.code).toBe("DB_KEYSLOT_DAMAGED");
    expect(err.message).toContain("has lost its generation record");
    expect(fingerprint(image)).toEqual(removed);
  });

  it("takes a restored backup as the new last state: a restore is the legitimate way back", () => {
    const dir = folder();
    const path = join(dir, "p.db");
    const store = openStore({ path, key: TEST_KEY, owner: true });
    addNetwork(store, "Eastside");
    store.seal();
    const backup = join(folder(), "b.db");
    backupDatabase(store, backup, T0);
    addNetwork(store, "Westside");
    store.close();
    restoreDatabase({ path, key: TEST_KEY, from: backup, now: T0 });
    expect(networkNames(path)).toEqual(["Eastside"]);
  });

  it("doctor runs the same checks and names the problem", async () => {
    const image = crashImage();
    const db = join(image, "p.db");
    const env = { PORCHLIGHT_DB_KEY: TEST_KEY };
    const healthy = await runCli(["doctor", "--db", db], { env });
    expect(healthy.stdout).toMatch(/ok: integrity check passed, write-ahead log present where expected, generation \d+/);
    truncateSync(join(image, "p.db-wal"), 32);
    const before = fingerprint(image);
    const run = await runCli(["doctor", "--db", db], { env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`problem: database ${db} is older than the last state this server saw`);
    expect(fingerprint(image)).toEqual(before);
  });
});
