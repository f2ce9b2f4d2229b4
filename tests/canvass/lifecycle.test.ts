import { afterEach, describe, expect, it } from "vitest";
import { CustodyStore } from "../../src/canvass/custody.js";
import { forgetPerson } from "../../src/canvass/forget.js";
import { sql } from "../../src/store/statements.js";
import { last, startTestApp, type TestApp } from "../support/app.js";
import { HASH, HOUR, canvassNetwork, canvassStore } from "./support.js";

/** Move the test clock and run the scheduled jobs, then wait for deliveries. */
async function advance(t: TestApp, ms: number): Promise<void> {
  t.clock.advance(ms);
  t.app.scheduler.runOnce();
  await t.app.delivery.flush(5000);
}

describe("footage canvass over time", () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it("expires a stale claim once: the block returns to the pool and claimant and lead are told", async () => {
    t = await canvassNetwork();
    await t.say("main", "Ana", "/claim 1 B2");
    await advance(t, 5 * HOUR);
    expect(canvassStore(t).block(1, "B2")!.state).toBe("claimed");
    await advance(t, HOUR);
    expect(canvassStore(t).block(1, "B2")!.state).toBe("open");
    expect(t.inbox("Ana").filter((m) => m.startsWith("Your claim on block B2 of canvass #1 ran out"))).toHaveLength(1);
    expect(t.inbox("Lena")).toContain("Canvass #1: Ana's claim on block B2 ran out without a report; the block is back in the pool.");
    await advance(t, HOUR);
    expect(t.inbox("Ana").filter((m) => m.includes("ran out"))).toHaveLength(1);
    await t.say("main", "Ben", "/claim 1 B2");
    expect(last(t.group("main"))).toMatch(/^Block B2 of canvass #1 is yours/);
  });

  it("reminds claimants before the deadline and tells the lead about unclaimed blocks, once each", async () => {
    t = await canvassNetwork();
    // Deadline at T0 + 72h. At 48h the 24 h warning is due; claim B1 just before the 6 h mark.
    await advance(t, 48 * HOUR);
    expect(t.inbox("Lena").filter((m) => m.startsWith("Canvass #1: 3 blocks are still unclaimed with 1d left"))).toHaveLength(1);
    await advance(t, 17 * HOUR);
    await t.say("main", "Ana", "/claim 1 B1");
    await advance(t, HOUR);
    expect(t.inbox("Ana").filter((m) => m.startsWith("Reminder: footage on block B1 of canvass #1 may be overwritten in 6h"))).toHaveLength(1);
    expect(t.inbox("Lena").filter((m) => m.includes("2 blocks are still unclaimed with 6h left"))).toHaveLength(1);
    await advance(t, HOUR);
    expect(t.inbox("Ana").filter((m) => m.startsWith("Reminder:"))).toHaveLength(1);
    expect(t.inbox("Lena").filter((m) => m.includes("still unclaimed"))).toHaveLength(2);
  });

  it("keeps reminders across a restart without sending them twice", async () => {
    const first = await canvassNetwork();
    await advance(first, 48 * HOUR);
    const dir = first.dir;
    const clock = first.clock;
    await first.stop();
    t = await startTestApp({ dir, clock });
    await advance(t, HOUR);
    expect(t.inbox("Lena").filter((m) => m.includes("still unclaimed"))).toEqual([]);
    expect(canvassStore(t).byNum(1, 1)!.title).toBe("Elm raid");
  });

  it("status: ids and a picture in a plain group; labels and holders for a lead in private", async () => {
    t = await canvassNetwork();
    await t.say("main", "Ana", "/claim 1 B1");
    await t.say("main", "Ana", "/report 1 B1 doors=8 answered=3 cameras=2 footage=1");
    await t.say("main", "Ben", "/claim 1 B2");
    await t.say("main", "Ben", "/canvass status 1");
    const sent = t.adapter.sent.filter((s) => s.to === "memory:main");
    const status = sent[sent.length - 1]!.msg;
    expect(status.text).toContain("Canvass #1 “Elm raid”: 3 blocks (open 1, claimed 1, reported 1, done 0).");
    expect(status.text).toContain("Doors knocked: 8 (3 answered) · Cameras found: 2 · Footage secured: 1");
    expect(status.text).toContain("open: B3\nclaimed: B2\nreported: B1");
    expect(status.text).not.toMatch(/Maple|Cedar|Oak|Ana|Ben/);
    expect(status.buttons?.map((b) => b.label)).toEqual(["Claim B3"]);
    const png = Buffer.from(status.image!.png, "base64");
    expect(png.subarray(1, 4).toString("ascii")).toBe("PNG");
    expect(status.image!.alt).toBe("Map of canvass #1 blocks coloured by state: open 1, claimed 1, reported 1, done 0.");
    await t.dm("Lena", "/canvass status 1");
    const lead = last(t.inbox("Lena"));
    expect(lead).toContain("B1 Maple Rd 100-200: reported · 8 doors, 3 answered, 2 cameras, 1 footage secured");
    expect(lead).toContain("B2 Cedar Ln 1-99: claimed (Ben)");
    await t.dm("Ben", "/canvass status 1");
    expect(last(t.inbox("Ben"))).toContain("B2 Cedar Ln 1-99: claimed (you)");
    expect(last(t.inbox("Ben"))).not.toContain("Ana");
  });

  it("a lead assigns over a claim; the earlier holder and the assignee are told privately", async () => {
    t = await canvassNetwork();
    await t.say("main", "Ana", "/claim 1 B3");
    // By the platform's id for him: a bare display name would only ask the lead to confirm.
    await t.say("main", "Lena", "/assign 1 B3 ben");
    // The group sees the block and its state, not who got it; the lead hears privately.
    expect(last(t.group("main"))).toBe(
      "Block B3 of canvass #1 is assigned. The person who has it got the details privately, and so did you.",
    );
    expect(t.group("main").join("\n")).not.toContain("Ben");
    expect(last(t.inbox("Lena"))).toBe(
      "Block B3 of canvass #1 is now assigned to Ben (the earlier claim was ended); I've sent them the details privately.",
    );
    expect(last(t.inbox("Ana"))).toBe("A lead has given block B3 of canvass #1 to someone else. You don't need to knock there.");
    expect(last(t.inbox("Ben"))).toContain("Block B3 of canvass #1 “Elm raid” is yours until");
    expect(last(t.inbox("Ben"))).toContain("Streets: Oak Ave 300-400");
    await t.say("main", "Ana", "/assign 1 B1 Ana");
    expect(last(t.group("main"))).toBe("Only a network lead can do that. An admin can give the role with /role grant.");
    const audit = sql(t.app.store.db, "SELECT action FROM audit WHERE action LIKE 'canvass.%'").all() as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(["canvass.assign"]);
  });

  it("close posts the summary; after the retention, details go and the custody record stays", async () => {
    t = await canvassNetwork();
    await t.say("main", "Ana", "/claim 1 B1");
    await t.say("main", "Ana", "/report 1 B1 doors=8 answered=3 cameras=2 footage=1 ask the blue house again");
    await t.dm("Ana", `/footage 1 B1 ${HASH} contact="Mrs Lopez"`);
    await t.say("main", "Ben", "/claim 1 B2");
    await t.say("main", "Lena", "/canvass close 1");
    expect(last(t.group("main"))).toBe(
      "Canvass #1 “Elm raid” is closed. 3 blocks (open 2, claimed 0, reported 1, done 0).\nDoors knocked: 8 (3 answered) · Cameras found: 2 · Footage secured: 1 · Custody entries: 1\nThe custody record is kept for the legal team; other details are deleted after 30 days.",
    );
    expect(last(t.inbox("Ben"))).toBe("Canvass #1 has been closed by a lead; you no longer need to knock on block B2. Thank you!");
    await t.say("main", "Ana", "/claim 1 B3");
    expect(last(t.group("main"))).toBe("Canvass #1 is closed.");
    await advance(t, 31 * 24 * HOUR);
    const store = canvassStore(t);
    expect(store.byNum(1, 1)!.place).toBeNull();
    expect(store.blocks(1).map((b) => b.label)).toEqual([null, null, null]);
    expect(store.block(1, "B1")!.report).toMatchObject({ doors: 8, note: null, personId: null });
    const [entry] = new CustodyStore(t.app.store.db).entries(1);
    expect(entry).toMatchObject({ sha256: HASH, receivedByName: "Ana", contact: "Mrs Lopez", blockCode: "B1" });
  });

  it("forgetPerson drops claims, anonymises reports and custody, and keeps the numbers", async () => {
    t = await canvassNetwork();
    await t.say("main", "Ana", "/claim 1 B1");
    await t.say("main", "Ana", "/report 1 B1 doors=5 answered=2 cameras=1 footage=0 my neighbour");
    await t.say("main", "Ana", "/claim 1 B2");
    await t.dm("Ana", `/footage 1 B1 ${HASH}`);
    const ana = t.app.services.people.find("memory", "ana")!;
    const result = t.app.store.db.transaction(() => forgetPerson(t.app.store.db, ana.id))();
    expect(result).toEqual({ claims: 2, reports: 1, custody: 1 });
    const store = canvassStore(t);
    expect(store.block(1, "B2")!.state).toBe("open");
    expect(store.block(1, "B1")!.report).toMatchObject({ doors: 5, answered: 2, personId: null, note: null });
    expect(new CustodyStore(t.app.store.db).entries(1)[0]).toMatchObject({ sha256: HASH, receivedBy: null, receivedByName: null });
    await t.dm("Lena", "/custody 1");
    expect(last(t.inbox("Lena"))).toContain("received by (a member who asked to be forgotten)");
  });
});
