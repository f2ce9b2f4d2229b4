import { afterEach, describe, expect, it } from "vitest";
import { last, type TestApp } from "../support/app.js";
import { canvassNetwork, HASH } from "./support.js";

function count(t: TestApp, sql: string): number {
  return (t.app.store.db.prepare(sql).get() as { n: number }).n;
}

describe("forget-me in a canvass", () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it("frees the person's blocks, keeps report numbers without them, and keeps custody without their name", async () => {
    t = await canvassNetwork();
    await t.say("main", "Ana", "/claim 1 B1");
    await t.say("main", "Ana", "/report 1 B1 doors=12 answered=5 cameras=2 footage=1 gate code 4411");
    await t.say("main", "Ana", `/footage 1 B1 ${HASH} doorbell 18:00-18:30 neighbour at 102`);
    await t.say("main", "Ana", "/claim 1 B2");

    await t.dm("Ana", "/forgetme");
    const ask = last(t.inbox("Ana"));
    expect(ask).toContain("2 canvass blocks you hold or held");
    expect(ask).toContain("1 canvass report with your name and note");
    const code = /\/forgetme ([A-Z0-9]{6})/.exec(ask)![1];
    await t.dm("Ana", `/forgetme ${code}`);

    expect(count(t, "SELECT count(*) AS n FROM canvass_claims")).toBe(0);
    expect(count(t, "SELECT count(*) AS n FROM canvass_reports WHERE person_id IS NOT NULL OR note IS NOT NULL")).toBe(0);
    expect(count(t, "SELECT count(*) AS n FROM canvass_reports WHERE doors = 12")).toBe(1);
    expect(count(t, "SELECT count(*) AS n FROM canvass_footage WHERE sha256 IS NOT NULL AND received_by IS NULL AND received_by_name IS NULL")).toBe(1);
    // B2 is back in the pool: Ben can claim it.
    await t.say("main", "Ben", "/claim 1 B2");
    expect(count(t, "SELECT count(*) AS n FROM canvass_claims")).toBe(1);
  });
});
