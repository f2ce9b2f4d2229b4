import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3-multiple-ciphers";
import { afterEach, describe, expect, it } from "vitest";
import type { FatalError } from "../../src/errors.js";
import { backupDatabase } from "../../src/ops/backup.js";
import { restoreDatabase } from "../../src/ops/restore.js";
import { slotFileBeside } from "../../src/store/keyslot.js";
import { applyKey, openStore } from "../../src/store/open.js";
import { last, startTestApp, T0, TEST_KEY, type TestApp } from "../support/app.js";
import { useTempFolders } from "../support/folders.js";
import { runCli } from "../support/cli.js";

/**
 * The panic wipe: `porchlight wipe` and the two-admin `/wipe` in chat destroy the key material, so
 * that nothing left on the disk opens: not the database, not its backups, not with the old key.
 */

/** Whether `file` opens as a database with `key` used directly (the way a database before key slots was keyed). */
function opensWith(file: string, key: string): boolean {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    applyKey(db, key);
    db.prepare("SELECT count(*) FROM sqlite_master").get();
    return true;
  } catch {
    return false;
  } finally {
    db.close();
  }
}

/** Every file under `dirs` tried as a database with the old key, and through any key slot left. */
function nothingOpens(dirs: string[]): void {
  for (const dir of dirs) {
    for (const name of readdirSync(dir)) {
      const file = join(dir, name);
      expect(name.endsWith(".keyslot")).toBe(false);
      if (name.endsWith(".wiped")) continue;
      expect(opensWith(file, TEST_KEY), file).toBe(false);
    }
  }
}

function hashes(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((f) => [f, createHash("sha256").update(readFileSync(join(dir, f))).digest("hex")]));
}

describe("porchlight wipe", () => {
  const { folder } = useTempFolders();

  /** A database with data, a backup in another folder, and a copy a restore kept. */
  function seed(): { dir: string; db: string; backups: string } {
    const dir = folder();
    const db = join(dir, "porchlight.db");
    const backups = folder();
    const store = openStore({ path: db, key: TEST_KEY, owner: true });
    store.db.prepare("INSERT INTO networks (name, tz, created_at) VALUES ('Calle Luna Defensa', 'UTC', 1)").run();
    backupDatabase(store, join(backups, "nightly.db"), T0);
    store.close();
    restoreDatabase({ path: db, key: TEST_KEY, from: join(backups, "nightly.db"), now: T0 });
    expect(readdirSync(dir).some((f) => f.includes(".replaced-"))).toBe(true);
    return { dir, db, backups };
  }

  it("asks for the confirmation word and changes nothing without it", async () => {
    const { dir, db } = seed();
    const before = hashes(dir);
    const run = await runCli(["wipe", "--db", db], { input: "wipe please\n" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Type WIPE to go on");
    expect(run.stderr).toContain("porchlight: not confirmed; nothing was changed");
    expect(hashes(dir)).toEqual(before);
  });

  it("destroys the key slots of the database, its backups and kept copies: nothing left opens, not even with the old key", async () => {
    const { dir, db, backups } = seed();
    const run = await runCli(["wipe", "--db", db], { input: "WIPE\n" });
    expect(run.stderr).toContain("Type WIPE to go on");
    expect(run.stdout).toContain("wiped:");
    expect(run.code).toBe(0);
    expect(existsSync(slotFileBeside(db))).toBe(false);
    expect(existsSync(join(backups, "nightly.db.keyslot"))).toBe(false);
    // The backup itself is still there (another folder), and useless.
    expect(existsSync(join(backups, "nightly.db"))).toBe(true);
    nothingOpens([dir, backups]);
    const refused = (() => {
      try {
        restoreDatabase({ path: db, key: TEST_KEY, from: join(backups, "nightly.db"), now: T0 });
      } catch (err) {
        return err as FatalError;
      }
      return null;
    })();
    expect(refused?.code).toBe("NOT_A_BACKUP");
    // A start does not begin afresh unnoticed.
    const again = await runCli(["doctor", "--db", db], { env: { PORCHLIGHT_DB_KEY: TEST_KEY } });
    expect(again.stderr).toContain(`database ${db} was wiped`);
  });

  it("needs no key and no question with --yes", async () => {
    const { dir, db, backups } = seed();
    const run = await runCli(["wipe", "--yes", "--db", db]);
    expect(run.code).toBe(0);
    nothingOpens([dir, backups]);
  });
});

describe("/wipe in chat", () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  async function network(inChatNetworks = [1]): Promise<TestApp> {
    const app = await startTestApp({ config: { wipe: { inChatNetworks } } });
    await app.say("main", "Lena", "/network create Eastside");
    await app.say("main", "Ana", "/help");
    await app.say("main", "Ben", "/help");
    await app.say("main", "Lena", "/role grant ana admin");
    await app.say("main", "Lena", "/network invite");
    const code = /[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(last(app.inbox("Lena")))![0];
    await app.say("second", "Lena", `/network link ${code}`);
    return app;
  }

  const codeIn = (text: string) => /([A-Z2-9]{6})$/.exec(text)?.[1] ?? "";
  const slot = () => slotFileBeside(join(t.dir, "porchlight.db"));

  it("is refused in a network the operator did not allow, so two accounts with a network of their own cannot wipe everyone's data", async () => {
    t = await network([]);
    await t.say("main", "Lena", "/wipe");
    expect(last(t.group("main"))).toBe(
      "This bot cannot be wiped from a chat of this network; ask whoever runs the server to run porchlight wipe (or to allow it for this network with wipe.inChatNetworks). Nothing was changed.",
    );
    await t.say("main", "Ana", "/wipe ABCDEF");
    expect(last(t.group("main"))).toContain("cannot be wiped from a chat of this network");
    expect(existsSync(slot())).toBe(true);
    await t.say("main", "Ana", "/network info");
    expect(last(t.group("main"))).toContain("Eastside");
  });

  it("is refused to the admin who asked, to a member, and after five minutes", async () => {
    t = await network();
    await t.say("main", "Lena", "/wipe");
    const request = last(t.group("main"));
    expect(request).toMatch(/^An admin asked to wipe this bot: all its data on the server, for every network, will be destroyed for good\. A second admin must confirm within 5 minutes with \/wipe [A-Z2-9]{6}$/);
    const code = codeIn(request);
    await t.say("main", "Lena", `/wipe ${code}`);
    expect(last(t.group("main"))).toBe("A second admin must confirm the wipe, not the one who asked. Nothing was changed.");
    await t.say("main", "Ben", `/wipe ${code}`);
    expect(last(t.group("main"))).toContain("admin");
    t.clock.advance(5 * 60_000 + 1000);
    await t.say("main", "Ana", `/wipe ${code}`);
    expect(last(t.group("main"))).toBe("There is no wipe waiting for that code, or it expired (a code lasts 5 minutes). Nothing was changed.");
    expect(existsSync(slot())).toBe(true);
    await t.say("main", "Ana", "/network info");
    expect(last(t.group("main"))).toContain("Eastside");
  });

  it("wipes when a second admin confirms within five minutes, says goodbye in every linked chat, and nothing opens", async () => {
    t = await network();
    await t.say("main", "Lena", "/wipe");
    const code = codeIn(last(t.group("main")));
    t.clock.advance(4 * 60_000);
    await t.say("main", "Ana", `/wipe ${code}`);
    await t.app.wiped;
    const goodbye = "This Porchlight bot was shut down and its data destroyed by its admins. It will not answer any more.";
    expect(last(t.group("main"))).toBe(goodbye);
    expect(last(t.group("second"))).toBe(goodbye);
    expect(existsSync(slot())).toBe(false);
    nothingOpens([t.dir]);
  });

  it("takes the second admin's confirmation from the button on the request", async () => {
    t = await network();
    await t.say("main", "Lena", "/wipe");
    const posted = t.adapter.sent.filter((s) => s.to === "memory:main" && s.msg.buttons?.length).at(-1)!;
    const button = posted.msg.buttons![0]!;
    expect(button.label).toBe("Confirm the wipe");
    const press = (id: string, name: string) =>
      t.adapter.push({ kind: "action", chat: "memory:main", author: { id, displayName: name, isBot: false }, isDirect: false, action: button.action, payload: button.payload, messageId: "m-wipe" });
    await press("lena", "Lena");
    await t.app.delivery.flush(5000);
    expect(last(t.group("main"))).toBe("A second admin must confirm the wipe, not the one who asked. Nothing was changed.");
    await press("ana", "Ana");
    await t.app.wiped;
    expect(existsSync(slot())).toBe(false);
    nothingOpens([t.dir]);
  });

  it("speaks Spanish: /borrartodo, confirmed with /borrar todo", async () => {
    t = await network();
    await t.say("main", "Lena", "/lang es");
    await t.say("main", "Lena", "/borrartodo");
    const request = last(t.group("main"));
    expect(request).toContain("Una persona admin pidió borrar este bot");
    expect(request).not.toContain("Lena");
    expect(request).toContain("Otra persona admin tiene que confirmar en menos de 5 minutos con /borrartodo");
    await t.say("main", "Ana", `/borrar todo ${codeIn(request)}`);
    await t.app.wiped;
    expect(last(t.group("main"))).toBe("Las personas admin apagaron este bot de Porchlight y destruyeron sus datos. Ya no va a responder.");
    expect(existsSync(slot())).toBe(false);
  });
});
