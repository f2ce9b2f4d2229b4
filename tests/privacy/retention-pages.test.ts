import { afterEach, describe, expect, it } from "vitest";
import { last, startTestApp, TEST_KEY, type TestApp } from "../support/app.js";
import { decryptedText, decryptedWalFrames } from "../support/pages.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const HASH = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/** Strings a seized disk must not give away once their retention has passed. */
const TITLE = "Quetzalcoatl Street sweep";
const NOTE = "Halvorsen family saw two vans";
const CONTACT = "Mrs Oyelaran-Whitfield 555-0199";
const CAMERA = "doorbell at 8812 Juniper Terrace";

/** Move the clock, run the scheduled jobs (purges, then the compaction) and wait for deliveries. */
async function advance(t: TestApp, ms: number): Promise<void> {
  t.clock.advance(ms);
  t.app.scheduler.runOnce();
  await t.app.delivery.flush(5000);
}

/** What whoever holds the key and the raw files reads: every decrypted page and log frame. */
function onDisk(t: TestApp): string {
  return decryptedText(`${t.dir}/porchlight.db`, TEST_KEY);
}

async function canvassWithCustody(): Promise<TestApp> {
  const t = await startTestApp();
  await t.say("main", "Lena", "/network create Eastside");
  await t.say("main", "Lena", "/role grant Lena lead");
  await t.say("main", "Ana", "/shifts");
  await t.say("main", "Lena", `/canvass new "${TITLE}" "Elm & 5th" deadline=72h`);
  await t.say("main", "Lena", '/canvass blocks 1 B1 "Maple Rd 100-200"');
  await t.say("main", "Ana", "/claim 1 B1");
  await t.say("main", "Ana", `/report 1 B1 doors=8 answered=3 cameras=2 footage=1 ${NOTE}`);
  await t.dm("Ana", `/footage 1 B1 ${HASH} camera="${CAMERA}" contact="${CONTACT}"`);
  await t.say("main", "Lena", "/canvass close 1");
  return t;
}

describe("retention, read from the decrypted pages and log", () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it("removes canvass titles and notes after 30 days, and the custody record after 180, telling the lead first", async () => {
    t = await canvassWithCustody();
    const before = onDisk(t);
    for (const secret of [TITLE, NOTE, CONTACT, CAMERA]) expect(before, `stored before: ${secret}`).toContain(secret);

    await advance(t, 31 * DAY);
    let disk = onDisk(t);
    expect(disk).not.toContain(TITLE);
    expect(disk).not.toContain(NOTE);
    expect(disk).toContain(CONTACT);
    expect(decryptedWalFrames(`${t.dir}/porchlight.db`, TEST_KEY)).toHaveLength(0);

    // Two weeks before the custody record goes, its lead hears when, and which export keeps a copy.
    await advance(t, 134 * DAY);
    expect(t.inbox("Lena").filter((m) => m.startsWith("The custody record of canvass #1"))).toHaveLength(0);
    await advance(t, 2 * DAY);
    const notice = t.inbox("Lena").filter((m) => m.startsWith("The custody record of canvass #1"));
    expect(notice).toHaveLength(1);
    expect(notice[0]).toContain("180 days after the canvass closed");
    expect(notice[0]).toContain("porchlight export canvass 1/1");
    expect(onDisk(t)).toContain(CONTACT);

    await advance(t, 14 * DAY);
    disk = onDisk(t);
    expect(disk).not.toContain(CONTACT);
    expect(disk).not.toContain(CAMERA);
    expect(disk).not.toContain(HASH);
    expect(decryptedWalFrames(`${t.dir}/porchlight.db`, TEST_KEY)).toHaveLength(0);
    expect(t.inbox("Lena").filter((m) => m.startsWith("The custody record of canvass #1"))).toHaveLength(1);
  });

  it("never deletes a custody record unannounced: after downtime through the notice window it waits two weeks past the notice", async () => {
    t = await canvassWithCustody();
    await advance(t, 200 * DAY);
    expect(t.inbox("Lena").filter((m) => m.startsWith("The custody record of canvass #1"))).toHaveLength(1);
    expect(onDisk(t)).toContain(CONTACT);
    await advance(t, 13 * DAY);
    expect(onDisk(t)).toContain(CONTACT);
    await advance(t, 1 * DAY);
    expect(onDisk(t)).not.toContain(CONTACT);
  });

  it("deletes a held private message after 30 days", async () => {
    t = await startTestApp();
    await t.say("main", "Lena", "/network create Eastside");
    await t.say("main", "Lena", '/shift new tomorrow 10am 2h "4471 Tamarind Court" 3');
    t.adapter.unreachable.add("lena");
    await t.say("main", "Lena", "/roster 1");
    expect((t.app.store.db.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'held'").get() as { n: number }).n).toBe(1);
    await advance(t, 29 * DAY);
    expect((t.app.store.db.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'held'").get() as { n: number }).n).toBe(1);
    await advance(t, 2 * DAY);
    expect((t.app.store.db.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'held'").get() as { n: number }).n).toBe(0);
    // The shift itself is past its own retention too by now; what matters is the roster text is nowhere.
    expect(onDisk(t)).not.toContain("Roster");
  });

  it("lets members who have not used the bot for a year go, but never the network's only admin", async () => {
    t = await startTestApp();
    await t.say("main", "Lena", "/network create Eastside");
    await t.say("main", "Zebedee Okonkwo-Laurent", "/shifts");
    await t.say("main", "Ana", "/shifts");
    expect(onDisk(t)).toContain("Zebedee Okonkwo-Laurent");
    await advance(t, 200 * DAY);
    await t.say("main", "Ana", "/shifts");
    await advance(t, 170 * DAY);
    const names = (t.app.store.db.prepare("SELECT display_name AS n FROM persons ORDER BY id").all() as { n: string }[]).map((r) => r.n);
    expect(names).toEqual(["Lena", "Ana"]);
    expect(onDisk(t)).not.toContain("Zebedee");
    // Lena has not used the bot for 370 days, but she alone can run the network.
    await t.say("main", "Lena", "/network info");
    expect(last(t.group("main"))).toContain("Eastside");
  });

  it("lists every kind of record with its retention in /privacy, in English and Spanish", async () => {
    t = await startTestApp();
    await t.say("main", "Lena", "/network create Eastside");
    await t.dm("Lena", "/privacy");
    const en = last(t.inbox("Lena"));
    expect(en).toContain("How long I keep things, for everyone on this server:");
    expect(en).toContain("• the footage custody record (names, phone numbers, camera addresses): 180 days after the canvass closes");
    expect(en).toContain("• private messages waiting for someone to open a chat with me: 30 days");
    expect(en).toContain("• delivery records (when a message went to which chat, without its text): 7 days");
    expect(en).toContain("• the record of admin actions: 90 days");
    expect(en).toContain("• membership and roles in a network where someone has not used me: 365 days");
    await t.dm("Lena", "/idioma es");
    await t.dm("Lena", "/privacidad");
    const es = last(t.inbox("Lena"));
    expect(es).toContain("Cuánto tiempo guardo las cosas, para todas las personas en este servidor:");
    expect(es).toContain("• títulos, lugares, notas y cuadras tomadas de una búsqueda de videos: 30 días después de que se cierra");
    expect(es).toContain("• la membresía y los roles en una red donde alguien no me ha usado: 365 días");
  });
});
