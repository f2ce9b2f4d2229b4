import { copyFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3-multiple-ciphers";
import { afterEach, describe, expect, it } from "vitest";
import { AdapterError } from "../../src/core/port.js";
import { peekCustody } from "../../src/store/custody.js";
import { applyKey } from "../../src/store/open.js";
import { TEST_KEY, tempDir } from "../support/app.js";
import { type LoggedApp, type Member, startLoggedApp } from "./harness.js";

const LENA: Member = { id: "u-5150-lena", name: "Lena Marisol Ortega" };
const ANA: Member = { id: "u-7781-ana", name: "Anabel Quintero" };
const CRUZ: Member = { id: "u-9034-cruz", name: "Cruz Villanueva" };
const ADDRESS = "1234 Elm Street apt 5";
const NOTE = "bring the blue folder for Mrs Okafor";

/** Everything personal the story below types or is: none of it may show up in logs or raw files. */
const SECRETS = [LENA.id, ANA.id, CRUZ.id, LENA.name, ANA.name, CRUZ.name, "Anabel", "Quintero", ADDRESS, "Elm Street", NOTE, "Okafor"];

/** A whole network story: create, roles, shifts at an address, sign-ups, a held DM, a failed send, a forget-me. */
async function story(t: LoggedApp): Promise<void> {
  await t.say("main", LENA, "/network create Eastside Watch");
  await t.say("main", LENA, `/role grant ${LENA.id} lead`);
  await t.say("main", LENA, `/shift new sat 10am 2h "${ADDRESS}" 1 ${NOTE}`);
  await t.say("main", ANA, "/signup 1");
  t.adapter.unreachable.add(CRUZ.id);
  await t.say("main", CRUZ, "/signup 1");
  await t.say("main", LENA, "/roster 1");
  t.adapter.failNextSend(new AdapterError("TRANSIENT", "connection reset"));
  await t.say("main", ANA, `/nonsense ${ANA.name} lives at ${ADDRESS}`);
  await t.say("main", LENA, `/role grant "${ANA.name}" lead`);
  await t.dm(ANA, "/privacy");
  await t.dm(ANA, "/forgetme");
  const code = /\/forgetme ([A-Z0-9]{6})/.exec(t.inbox(ANA).at(-1) ?? "")![1]!;
  await t.dm(ANA, `/forgetme ${code}`);
  await t.dm(LENA, "/audit 20");
  t.clock.advance(2 * 3_600_000);
  t.app.scheduler.runOnce();
  await t.app.delivery.flush(5000);
}

describe("what a seized server or its logs give away", () => {
  let t: LoggedApp;
  afterEach(async () => t?.close());

  it("logs of a full run hold no user id, name, address or message text", async () => {
    t = await startLoggedApp();
    await story(t);
    const log = t.logText();
    // The run did log (so the search below means something), at debug level, including a compaction.
    expect(log.split("\n").length).toBeGreaterThan(3);
    expect(log).toContain("database compacted");
    for (const secret of SECRETS) expect(log, `log contains "${secret}"`).not.toContain(secret);
  });

  it("a copied database file and its log show none of the data and do not open without the key", async () => {
    t = await startLoggedApp();
    await story(t);
    await t.say("main", LENA, `/shift new sun 10am 2h "${ADDRESS}" 3 ${NOTE}`);
    const loot = tempDir("porchlight-thief-");
    const stolen = join(loot.dir, "stolen.db");
    // Copied as a thief would: the files as they lie on disk, while the bot runs.
    copyFileSync(t.dbPath, stolen);
    if (existsSync(`${t.dbPath}-wal`)) copyFileSync(`${t.dbPath}-wal`, `${stolen}-wal`);
    const bytes = Buffer.concat([readFileSync(stolen), existsSync(`${stolen}-wal`) ? readFileSync(`${stolen}-wal`) : Buffer.alloc(0)]);
    const text = bytes.toString("latin1");
    for (const secret of SECRETS) expect(text, `raw bytes contain "${secret}"`).not.toContain(secret);
    expect(text.includes(Buffer.from(ADDRESS, "utf16le").toString("latin1"))).toBe(false);

    const bare = new Database(stolen);
    expect(() => bare.prepare("SELECT * FROM persons").all()).toThrow(/not a database/);
    bare.close();
    const guessed = new Database(stolen);
    applyKey(guessed, "password123");
    expect(() => guessed.prepare("SELECT * FROM persons").all()).toThrow(/not a database/);
    guessed.close();
    // The operator's key alone opens nothing: the file is under the data key in the key slot.
    const operatorKeyOnly = new Database(stolen);
    applyKey(operatorKeyOnly, TEST_KEY);
    expect(() => operatorKeyOnly.prepare("SELECT * FROM persons").all()).toThrow(/not a database/);
    operatorKeyOnly.close();
    // With the key and the slot the data is there: the search above looked at real content.
    const keyed = new Database(stolen);
    applyKey(keyed, peekCustody(t.dbPath, { secret: TEST_KEY, kind: "key", source: "given" }).sqlKey);
    expect(keyed.prepare("SELECT place FROM shifts WHERE num = 2").get()).toEqual({ place: ADDRESS });
    keyed.close();
    loot.cleanup();
  });
});
