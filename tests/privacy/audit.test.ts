import { afterEach, describe, expect, it } from "vitest";
import { last, startTestApp, T0, type TestApp } from "../support/app.js";

const DAY = 24 * 3_600_000;

async function network(): Promise<TestApp> {
  const t = await startTestApp();
  await t.say("main", "Lena", "/network create Eastside");
  await t.say("main", "Ana", "/shifts");
  await t.say("main", "Lena", "/role grant ana lead");
  t.clock.advance(60_000);
  await t.say("main", "Lena", "/role revoke ana lead");
  return t;
}

describe("/audit", () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it("shows an admin the latest privileged actions, newest first, by direct message only", async () => {
    t = await network();
    await t.say("main", "Lena", "/audit");
    expect(last(t.group("main"))).toBe("I've sent you the details in a private message.");
    const lines = last(t.inbox("Lena")).split("\n");
    expect(lines[0]).toBe("Latest privileged actions in “Eastside”, newest first (UTC):");
    expect(lines.slice(1)).toEqual([
      "Tue Dec 1, 12:01pm · Lena · took a role away · Ana: lead",
      "Tue Dec 1, 12pm · Lena · gave a role · Ana: lead",
      "Tue Dec 1, 12pm · Lena · created the network · memory:main",
    ]);
    expect(t.group("main").join("\n")).not.toContain("took a role away");
  });

  it("limits to N entries, refuses a bad N, and refuses non-admins", async () => {
    t = await network();
    await t.dm("Lena", "/audit 1");
    expect(last(t.inbox("Lena")).split("\n")).toHaveLength(2);
    await t.dm("Lena", "/audit 0");
    expect(last(t.inbox("Lena"))).toBe("Give how many records to show, from 1 to 50, e.g. /audit 20.");
    await t.say("main", "Ana", "/audit");
    expect(last(t.group("main"))).toBe("Only a network admin can do that. An admin can give the role with /role grant.");
    expect(t.inbox("Ana").join("\n")).not.toContain("gave a role");
  });

  it("drops entries older than the audit retention when the purge runs", async () => {
    t = await network();
    t.clock.set(T0 + 91 * DAY);
    await t.say("main", "Lena", "/network invite");
    t.app.scheduler.runOnce();
    const actions = (t.app.store.db.prepare("SELECT action FROM audit ORDER BY id").all() as { action: string }[]).map((r) => r.action);
    expect(actions).toEqual(["network.invite"]);
    await t.dm("Lena", "/audit"); // the English word: a Spanish one would answer in Spanish
    expect(last(t.inbox("Lena"))).toContain("made an invite code");
    expect(last(t.inbox("Lena"))).not.toContain("gave a role");
  });
});
