import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { tempDir } from "../support/app.js";
import { blocks, runCli } from "../support/cli.js";

const HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

const OPEN = `
/network create Eastside Watch
/network tz America/Chicago
/canvass new "Elm raid" "Elm & 5th" deadline=72h
`;

const BLOCKS_CSV = `id,label,polygon
B1,"Maple Rd 100-200","-87.600 41.800; -87.590 41.800; -87.590 41.810; -87.600 41.810"
B2,"Cedar Ln 1-99","-87.590 41.800; -87.580 41.800; -87.580 41.810; -87.590 41.810"
B3,"Oak Ave 300-400","-87.600 41.810; -87.590 41.810; -87.590 41.820; -87.600 41.820"
`;

const BAD_CSV = `id,label
B1,Maple
,Cedar
`;

const WORK = `
:as Ana
/claim 1 B1
:as Ben
/claim 1 B1
/tomar 1 B2
:as Ana
/report 1 B1 doors=12 answered=5 cameras=3 footage=two
/report 1 B1 doors=12 answered=5 cameras=3 footage=2 blue house has a doorbell cam
:as Ben
/report 1 B3 doors=1 answered=1 cameras=0 footage=0
:clock +7h
:as Ana
:dm
/footage 1 B1 ${HASH} "Ring doorbell" time=05:50-06:30 contact="Mrs Lopez 555-0100"
:in main
/footage 1 B1 not-a-hash
:as me
/canvass status 1
/custody 1
/canvass close 1
`;

describe("footage canvass end to end through the console chat and the command line", { timeout: 90_000 }, () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it("opens, imports blocks, claims, expires a stale claim, reports, records footage, shows status, closes and exports", async () => {
    const tmp = tempDir("porchlight-canvass-e2e-");
    cleanup = tmp.cleanup;
    const db = join(tmp.dir, "p.db");
    const opened = await runCli(["console", "--db", db], { input: OPEN });
    expect(opened.code).toBe(0);
    expect(blocks(opened.stdout).map((b) => b.text)).toContainEqual(expect.stringMatching(/^Canvass #1 “Elm raid” is open\./));

    // A file with a bad row is refused by line and column, and nothing is imported.
    writeFileSync(join(tmp.dir, "bad.csv"), BAD_CSV);
    const bad = await runCli(["canvass", "import", "1", join(tmp.dir, "bad.csv"), "--db", db]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("bad.csv: Line 3, column id: the block id is missing");
    expect(bad.stderr).toContain("Nothing was imported.");
    writeFileSync(join(tmp.dir, "blocks.csv"), BLOCKS_CSV);
    const imported = await runCli(["canvass", "import", "1", join(tmp.dir, "blocks.csv"), "--db", db]);
    expect(imported.stderr).toBe("");
    expect(imported.stdout.trim()).toBe("Canvass #1: imported 3 blocks.");

    const run = await runCli(["console", "--db", db], { input: WORK });
    expect(run.code).toBe(0);
    const out = blocks(run.stdout);
    const main = out.filter((b) => b.to === "console:main").map((b) => b.text);
    const dm = (who: string) => out.filter((b) => b.to === `dm:${who}`).map((b) => b.text);

    expect(main.filter((m) => m.startsWith("Block B1 of canvass #1 is yours until"))).toHaveLength(1);
    expect(main).toContain("Block B1 of canvass #1 is already claimed. /canvass status 1 shows the open ones.");
    expect(dm("ana")[0]).toContain("Streets: Maple Rd 100-200\nScene: Elm & 5th");
    expect(main).toContain("footage=two is not a count: use a whole number from 0 to 10000.");
    expect(main).toContain("Thank you! Block B1 of canvass #1 reported: 12 doors, 5 answered, 3 cameras, 2 footage secured.");
    expect(main).toContain("You don't hold block B3 of canvass #1, so you can't report it. Claim it first with /claim 1 B3.");
    // Ben's claim on B2 ran out after 6 hours: he and the lead were told; the block is open again.
    // Ben took it with the Spanish word (/tomar): what reaches him privately is in Spanish.
    expect(dm("ben").filter((m) => m.startsWith("Se venció tu tiempo en la cuadra B2 de la búsqueda #1"))).toHaveLength(1);
    expect(dm("me")).toContain("Canvass #1: Ben's claim on block B2 ran out without a report; the block is back in the pool.");
    expect(dm("ana")).toContainEqual(expect.stringMatching(/^Footage F1 recorded for block B1 of canvass #1: file 9f86d081…b0f00a08/));
    expect(main).toContain("“not-a-hash” is not a SHA-256 hash: it must be 64 hexadecimal characters (0-9, a-f), and this has 10.");

    const status = main.find((m) => m.startsWith("Canvass #1 “Elm raid”: 3 blocks"))!;
    expect(status).toContain("(open 2, claimed 0, reported 1, done 0)");
    expect(status).toContain("Doors knocked: 12 (5 answered) · Cameras found: 3 · Footage secured: 2 · Custody entries: 1");
    const picture = /\[image: (\S+)\] Map of canvass #1 blocks coloured by state/.exec(status);
    expect(picture).not.toBeNull();
    expect(readFileSync(picture![1]!).subarray(1, 4).toString("ascii")).toBe("PNG");
    expect(dm("me").find((m) => m.startsWith("Chain of custody, canvass #1"))).toContain(`sha256 ${HASH} · received by Ana`);
    expect(main.find((m) => m.startsWith("Canvass #1 “Elm raid” is closed."))).toContain("Custody entries: 1");

    // Need-to-know: the group (not encrypted) never saw a label, a contact, a note or who holds what.
    const group = main.join("\n");
    for (const secret of ["Maple Rd", "Cedar Ln", "Oak Ave", "Elm & 5th", "Mrs Lopez", "blue house", "(Ana)", "(Ben)"]) {
      expect(group).not.toContain(secret);
    }

    const exported = await runCli(["export", "canvass", "1", "--out", tmp.dir, "--db", db]);
    expect(exported.stderr).toBe("");
    const csvFile = join(tmp.dir, "canvass-1-1-custody.csv");
    expect(exported.stdout).toContain(`Wrote the custody record of canvass #1 (1 entry) to ${csvFile}`);
    const csv = readFileSync(csvFile, "utf8").split("\r\n");
    expect(csv[0]).toBe("entry,block,sha256,received_by,received_at_utc,camera,time_range,contact");
    expect(csv[1]).toMatch(new RegExp(`^F1,B1,${HASH},Ana,\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z,Ring doorbell,05:50-06:30,Mrs Lopez 555-0100$`));
    const json = JSON.parse(readFileSync(join(tmp.dir, "canvass-1-1-custody.json"), "utf8")) as { canvass: { title: string }; custody: { sha256: string }[] };
    expect(json.canvass.title).toBe("Elm raid");
    expect(json.custody.map((c) => c.sha256)).toEqual([HASH]);
    expect(existsSync(join(tmp.dir, "canvass-9-9-custody.csv"))).toBe(false);
    const unknown = await runCli(["export", "canvass", "9", "--out", tmp.dir, "--db", db]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe("porchlight: There is no canvass 9.");
  });
});
