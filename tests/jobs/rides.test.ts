import { afterEach, describe, expect, it } from "vitest";
import { registerConfigSections } from "../../src/config/schema.js";
import { configOf } from "../../src/core/assemble.js";
import { JOBS } from "../../src/main.js";
import { last, startTestApp, type TestApp } from "../support/app.js";
import { ridesJob } from "../support/jobs/rides/index.js";

/**
 * A job that lives only in the test tree, registered with one line: its command answers in both
 * languages, its STRICT table is made, its task runs, and /privacy and /forgetme see its records.
 */
describe("a job added from outside src/ (rides)", () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  const start = () => startTestApp({ jobs: [...JOBS, ridesJob] });

  it("runs its command in English and Spanish and stores the offer in its own STRICT table", async () => {
    t = await start();
    await t.say("main", "Ana", "/network create Eastside");
    await t.say("main", "Ana", "/ride offer Eastside church");
    expect(last(t.group("main"))).toBe("Ride #1 offered from Eastside church. Thank you!");
    await t.say("main", "Ana", "/lang es");
    await t.say("main", "Ana", "/viaje ofrecer Parque Central");
    expect(last(t.group("main"))).toBe("Viaje #2 ofrecido desde Parque Central. ¡Gracias!");
    const { db } = t.app.store;
    expect(db.prepare("SELECT num, origin FROM ride_offers ORDER BY num").all()).toEqual([
      { num: 1, origin: "Eastside church" },
      { num: 2, origin: "Parque Central" },
    ]);
    expect(db.prepare("SELECT strict FROM pragma_table_list WHERE name = 'ride_offers'").get()).toEqual({ strict: 1 });
    expect(db.prepare("SELECT version FROM schema_modules WHERE module = 'rides'").get()).toEqual({ version: 1 });
    await t.say("main", "Ana", "/ayuda");
    expect(t.group("main").join("\n")).toContain("/viaje ofrecer DESDE…");
  });

  it("reports the offers in /privacy, forgets them with /forgetme, and purges them on schedule", async () => {
    t = await start();
    await t.say("main", "Ana", "/network create Eastside");
    await t.say("main", "Ben", "/ride offer Eastside church");
    await t.dm("Ben", "/privacy");
    expect(last(t.inbox("Ben"))).toContain("• 1 ride offer: deleted a day after it was made.");
    await t.dm("Ben", "/forgetme");
    const code = /\b([A-Z2-9]{6})\b/.exec(last(t.inbox("Ben")))?.[1];
    expect(code).toBeDefined();
    await t.dm("Ben", `/forgetme ${code}`);
    expect(last(t.inbox("Ben"))).toContain("• 1 ride offer");
    expect(t.app.store.db.prepare("SELECT count(*) AS n FROM ride_offers").get()).toEqual({ n: 0 });

    await t.say("main", "Ana", "/ride offer Library");
    t.clock.advance(2 * 24 * 60 * 60 * 1000);
    t.app.scheduler.runOnce();
    expect(t.app.store.db.prepare("SELECT count(*) AS n FROM ride_offers").get()).toEqual({ n: 0 });
  });

  it("reads its own configuration section and retention period, and names its audit action, from its folder alone", async () => {
    // What listing it in JOBS does for the configuration file.
    registerConfigSections(configOf([ridesJob]));
    t = await startTestApp({ jobs: [...JOBS, ridesJob], config: { rides: { perNetwork: 1 }, retention: { ridesDays: 3 } } });
    await t.say("main", "Ana", "/network create Eastside");
    await t.say("main", "Ana", "/ride offer Eastside church");
    await t.say("main", "Ben", "/ride offer Library");
    expect(last(t.group("main"))).toBe("This network has 1 ride offer already, as many as it may have. Nothing was changed.");
    expect(t.app.store.db.prepare("SELECT count(*) AS n FROM ride_offers").get()).toEqual({ n: 1 });
    await t.dm("Ana", "/privacy");
    expect(last(t.inbox("Ana"))).toContain("• ride offers: 3 days after they are made");
    await t.dm("Ana", "/audit");
    expect(last(t.inbox("Ana"))).toContain("· Ana · offered a ride · ride #1");
    t.clock.advance(2 * 24 * 60 * 60 * 1000);
    t.app.scheduler.runOnce();
    expect(t.app.store.db.prepare("SELECT count(*) AS n FROM ride_offers").get()).toEqual({ n: 1 });
    t.clock.advance(2 * 24 * 60 * 60 * 1000);
    t.app.scheduler.runOnce();
    expect(t.app.store.db.prepare("SELECT count(*) AS n FROM ride_offers").get()).toEqual({ n: 0 });
  });

  it("is not there when it is not listed", async () => {
    t = await startTestApp();
    await t.say("main", "Ana", "/network create Eastside");
    await t.say("main", "Ana", "/ride offer Eastside church");
    expect(last(t.group("main"))).toBe("I don't know /ride. Send /help to see what I can do.");
  });
});
