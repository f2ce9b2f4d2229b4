import { afterEach, describe, expect, it } from "vitest";
import { last, type TestApp } from "../support/app.js";
import { HASH, canvassNetwork, canvassStore } from "./support.js";

describe("footage canvass commands", () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it("opens a canvass, showing the scene only where details may show", async () => {
    t = await canvassNetwork({ blocks: false });
    const opened = t.group("main").find((m) => m.startsWith("Canvass #1"))!;
    expect(opened).toContain("Canvass #1 “Elm raid” is open.");
    expect(opened).toContain("Footage deadline: Fri Dec 4, 6am (3d left).");
    expect(opened).not.toContain("Elm & 5th");
    await t.dm("Lena", '/canvass new "Oak raid" "Oak & 2nd" "yesterday 6am" deadline=48h');
    const dm = last(t.inbox("Lena"));
    expect(dm).toContain("Scene: Oak & 2nd");
    expect(dm).toContain("Incident: Mon Nov 30, 6am");
    expect(dm).toContain("Footage deadline: Wed Dec 2, 6am (1d left).");
  });

  it("refuses bad incident times and deadlines, creating nothing", async () => {
    t = await canvassNetwork({ blocks: false });
    await t.say("main", "Lena", '/canvass new X Y "tomorrow 6am"');
    expect(last(t.group("main"))).toBe("“tomorrow 6am” is in the future. Give the time the incident happened.");
    await t.say("main", "Lena", "/canvass new X Y deadline=forever");
    expect(last(t.group("main"))).toBe("“forever” is not a deadline between 1 hour and 30 days. Use e.g. deadline=72h or deadline=3d.");
    await t.say("main", "Lena", '/canvass new X Y "2026-11-20 06:00" deadline=24h');
    expect(last(t.group("main"))).toMatch(/^That deadline \(.*\) has already passed/);
    expect(canvassStore(t).byNum(1, 2)).toBeNull();
  });

  it("adds blocks in chat and refuses bad pairs, duplicates and members who are not leads", async () => {
    t = await canvassNetwork();
    expect(last(t.group("main"))).toBe("Canvass #1: added 3 blocks (B1, B2, B3). Members take one with /claim 1 B1.");
    await t.say("main", "Lena", '/canvass blocks 1 B4 "Pine" B2 "Again"');
    expect(last(t.group("main"))).toBe("Block B2 is already in this canvass (or given twice).");
    // Labels are optional now; a label needs a block id before it.
    await t.say("main", "Lena", '/canvass blocks 1 "Pine" B6');
    expect(last(t.group("main"))).toBe('“Pine” is a label with no block id before it. Write the id first, e.g. B1 "Main St 100-200"; labels are optional.');
    await t.say("main", "Ana", '/canvass blocks 1 B7 "Pine"');
    expect(last(t.group("main"))).toBe("Only a network lead can do that. An admin can give the role with /role grant.");
    await t.say("main", "Lena", '/canvass blocks 9 B7 "Pine"');
    expect(last(t.group("main"))).toBe("There is no canvass #9 in this network.");
    expect(canvassStore(t).blocks(1).map((b) => b.code)).toEqual(["B1", "B2", "B3"]);
  });

  it("claims: one holder per block; details go privately; a second claim is refused", async () => {
    t = await canvassNetwork();
    await t.say("main", "Ana", "/claim 1 b1");
    expect(last(t.group("main"))).toBe(
      "Block B1 of canvass #1 is yours until Tue Dec 1, 12pm. Report with /report 1 B1 doors=N answered=N cameras=N footage=N.",
    );
    expect(t.inbox("Ana")[0]).toContain("Streets: Maple Rd 100-200\nScene: Elm & 5th");
    await t.say("main", "Ben", "/tomar 1 B1");
    expect(last(t.group("main"))).toBe("Block B1 of canvass #1 is already claimed. /canvass status 1 shows the open ones.");
    await t.say("main", "Ben", "/claim 1 B9");
    expect(last(t.group("main"))).toBe("Canvass #1 has no block “B9”. /canvass status 1 lists its blocks.");
    expect(canvassStore(t).block(1, "B1")!.claim?.personId).toBe(t.app.services.people.find("memory", "ana")!.id);
    expect(t.group("main").join("\n")).not.toMatch(/Maple Rd|Elm & 5th|Ana|Ben/);
  });

  it("reports: counts validated by name, only by the holder, corrections kept in history", async () => {
    t = await canvassNetwork();
    await t.say("main", "Ana", "/claim 1 B1");
    await t.say("main", "Ben", "/report 1 B1 doors=10 answered=3 cameras=2 footage=1");
    expect(last(t.group("main"))).toBe("You don't hold block B1 of canvass #1, so you can't report it. Claim it first with /claim 1 B1.");
    await t.say("main", "Ana", "/report 1 B1 doors=ten answered=3 cameras=2 footage=1");
    expect(last(t.group("main"))).toBe("doors=ten is not a count: use a whole number from 0 to 10000.");
    await t.say("main", "Ana", "/report 1 B1 doors=10 answered=3 cameras=2 footage=1 blue house has a doorbell cam");
    expect(last(t.group("main"))).toBe("Thank you! Block B1 of canvass #1 reported: 10 doors, 3 answered, 2 cameras, 1 footage secured.");
    await t.say("main", "Ana", "/informe 1 B1 puertas=12 atendieron=4 camaras=2 videos=2");
    expect(last(t.group("main"))).toBe(
      "Block B1 of canvass #1 corrected: 12 doors, 4 answered, 2 cameras, 2 footage secured. The earlier report is kept in the history.",
    );
    const b1 = canvassStore(t).block(1, "B1")!;
    expect(b1.state).toBe("done");
    expect(b1.report).toMatchObject({ doors: 12, answered: 4, cameras: 2, footage: 2 });
    expect(canvassStore(t).reportHistory(b1.id)).toBe(2);
    expect(t.group("main").join("\n")).not.toContain("blue house");
  });

  it("records footage by hash and refuses a malformed hash", async () => {
    t = await canvassNetwork();
    await t.say("main", "Ana", "/footage 1 B1 abc123");
    expect(last(t.group("main"))).toBe(
      "“abc123” is not a SHA-256 hash: it must be 64 hexadecimal characters (0-9, a-f), and this has 6.",
    );
    await t.dm("Ana", `/footage 1 B1 ${HASH} "Ring doorbell" time=05:50-06:30 contact="Mrs Lopez 555-0100"`);
    expect(last(t.inbox("Ana"))).toBe("Footage F1 recorded for block B1 of canvass #1: file e3b0c442…7852b855, received by you on Tue Dec 1, 6am.");
    await t.say("main", "Lena", "/custody 1");
    expect(last(t.group("main"))).toBe("I've sent you the details in a private message.");
    const custody = last(t.inbox("Lena"));
    expect(custody).toContain(`F1 · block B1 · sha256 ${HASH} · received by Ana on Tue Dec 1, 6am · camera: Ring doorbell · time: 05:50-06:30 · contact: Mrs Lopez 555-0100`);
    await t.say("main", "Ana", "/custody 1");
    expect(last(t.group("main"))).toBe("Only a network lead can do that. An admin can give the role with /role grant.");
  });
});
