import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/open.js";
import { tempDir } from "../support/app.js";
import { runCli } from "../support/cli.js";

/** A database in `dir` with its key in the key file beside it, as a first start leaves it. */
function seed(dir: string): string {
  const path = join(dir, "porchlight.db");
  const store = openStore({ path, env: {}, beside: "create" });
  store.db.prepare("INSERT INTO networks (name, tz, created_at) VALUES ('Eastside', 'UTC', 0)").run();
  store.close();
  return path;
}

describe("porchlight backup, restore and rekey from the command line", { timeout: 90_000 }, () => {
  const temps: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of temps.splice(0)) cleanup();
  });

  it("backs up, refuses to overwrite, re-keys, and refuses a backup made under the old key", async () => {
    const { dir, cleanup } = tempDir();
    temps.push(cleanup);
    const db = seed(dir);
    const keyFile = `${db}.key`;
    const oldKey = readFileSync(keyFile, "utf8").trim();
    const backup = join(dir, "backup-1.db");

    const made = await runCli(["backup", backup, "--db", db]);
    expect(made.stderr).toBe("");
    expect(made.stdout).toContain(`backup written: ${backup}`);
    expect(made.code).toBe(0);

    const again = await runCli(["backup", backup, "--db", db]);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(`porchlight: ${backup} already exists; choose a new file name (a backup never overwrites a file)\n`);

    const rekeyed = await runCli(["rekey", "--db", db]);
    expect(rekeyed.stdout).toContain(`re-keyed; the new key is in ${keyFile}`);
    expect(rekeyed.code).toBe(0);
    const newKey = readFileSync(keyFile, "utf8").trim();
    expect(newKey).not.toBe(oldKey);
    const store = openStore({ path: db, key: newKey, migrate: false });
    expect(store.db.prepare("SELECT name FROM networks").get()).toEqual({ name: "Eastside" });
    store.close();

    const refused = await runCli(["restore", backup, "--db", db]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("does not open with the database key: it is not a Porchlight backup, or it was made under another key");
    expect(refused.stderr).toContain("nothing was changed");
  });

  it("asks for the new key as a file when the key comes from the environment, and restores with a given key", async () => {
    const { dir, cleanup } = tempDir();
    temps.push(cleanup);
    const db = seed(dir);
    const oldKey = readFileSync(`${db}.key`, "utf8").trim();
    const env = { PORCHLIGHT_DB_KEY: oldKey };
    const noFile = await runCli(["rekey", "--db", db], { env });
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toContain("give the new one as a file: porchlight keygen --out new.key, then porchlight rekey new.key");

    const backup = join(dir, "b.db");
    expect((await runCli(["backup", backup, "--db", db], { env })).code).toBe(0);
    const restored = await runCli(["restore", backup, "--db", db], { env });
    expect(restored.stderr).toBe("");
    expect(restored.stdout).toContain(`restored ${backup} as ${db}`);
    expect(restored.stdout).toContain("the database it replaced is kept, encrypted, as");

    const newKeyFile = join(dir, "new.key");
    writeFileSync(newKeyFile, "a-brand-new-key\n");
    const rekeyed = await runCli(["rekey", newKeyFile, "--db", db], { env });
    expect(rekeyed.stdout).toContain(`now point PORCHLIGHT_DB_KEY_FILE at ${newKeyFile}`);
    const store = openStore({ path: db, key: "a-brand-new-key", migrate: false });
    expect(store.db.prepare("SELECT name FROM networks").get()).toEqual({ name: "Eastside" });
    store.close();
  });
});
