import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SigningKeys } from "../../src/alerts/keys.js";
import { TEST_KEY, type TestApp } from "../support/app.js";
import { runCli } from "../support/cli.js";
import { alertWorld } from "./world.js";

const env = { PORCHLIGHT_DB_KEY: TEST_KEY };

describe("alerts on the command line: signing keys, CAP export, offline verification", () => {
  let t: TestApp | undefined;
  let cleanup = () => {};
  afterEach(async () => {
    await t?.stop();
    cleanup();
  });

  it("takes a public key that begins with a dash (one in 64 base64url keys do)", async () => {
    const run = await runCli(["verify", "--key", `-${"A".repeat(42)}`, "no-such-file.xml"], { env });
    // The key was read as the key: what is refused is the missing file, not the option.
    expect(run.stderr.trim()).toBe("porchlight: cannot read no-such-file.xml: ENOENT: no such file or directory, open 'no-such-file.xml'");
    expect(run.code).toBe(2);
  });

  it("exports CAP 1.2 that verifies offline with the public key, and catches a changed alert", async () => {
    t = await alertWorld();
    const dir = t.dir;
    cleanup = () => void t?.close();
    await t.say("main", "Ana", '/alert vans at the church where="1420 Elm St" size=4');
    await t.say("verif", "Vera", "/confirm 1");
    await t.say("verif", "Vic", "/confirm 1");
    await t.say("verif", "Vic", "/alert update 1 agents gone towards Pine");
    const oldKey = new SigningKeys(t.app.store.db).current(1)!.publicKey;
    await t.stop();
    const db = join(dir, "porchlight.db");

    const cap = join(dir, "alerts.xml");
    const exported = await runCli(["export", "alerts", "--cap", cap, "--db", db], { env });
    expect(exported.stderr).toBe("");
    expect(exported.stdout).toContain("wrote 2 alert message(s) as CAP 1.2");
    const xml = readFileSync(cap, "utf8");
    expect(xml).toContain("<msgType>Alert</msgType>");
    expect(xml).toContain("<msgType>Update</msgType>");
    expect(xml).toMatch(/<references>porchlight-network-1@porchlight.invalid,porchlight\.1\.1\.0,/);
    expect(xml).toContain("<language>es-US</language>");
    expect(xml).toContain("<urgency>Immediate</urgency>");
    expect(xml).toContain("<areaDesc>Elm St</areaDesc>");
    expect(xml).not.toContain("1420");
    // The place is bound by a salted commitment only: no unsalted hash of the address to brute-force.
    expect(xml).not.toContain(createHash("sha256").update("1420 Elm St").digest("hex"));
    expect(xml).toMatch(/<valueName>porchlight-place-commitment<\/valueName>\s*<value>[0-9a-f]{64}<\/value>/);
    expect(xml).not.toContain("place-digest");
    // Each field is labelled, in each language.
    expect(xml).toContain("<description>vans at the church\nHow many: 4</description>");
    expect(xml).toContain("<description>vans at the church\nCuántos: 4</description>");

    const ok = await runCli(["verify", "--key", oldKey, cap], { env });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain("genuine: porchlight.1.1.0 (Alert)");
    expect(ok.stdout).toContain("genuine: porchlight.1.1.1 (Update)");

    const tampered = join(dir, "tampered.xml");
    writeFileSync(tampered, xml.replace("<areaDesc>Elm St</areaDesc>", "<areaDesc>Oak Ave</areaDesc>"));
    const bad = await runCli(["verify", "--key", oldKey, tampered], { env });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("NOT genuine: porchlight.1.1.0 (Alert)");
    const recounted = join(dir, "recounted.xml");
    writeFileSync(recounted, xml.replace("How many: 4<", "How many: 40<"));
    const worse = await runCli(["verify", "--key", oldKey, recounted], { env });
    expect(worse.code).toBe(1);
    expect(worse.stdout).toContain("NOT genuine: porchlight.1.1.0 (Alert)");

    const again = await runCli(["keygen", "--network", "1", "--db", db], { env });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("already has a signing key");
    const rotated = await runCli(["keygen", "--network", "1", "--rotate", "--db", db], { env });
    expect(rotated.code).toBe(0);
    const newKey = /public key: {2}(\S+)/.exec(rotated.stdout)![1]!;
    expect(newKey).not.toBe(oldKey);
    const withNew = await runCli(["verify", "--key", newKey, cap], { env });
    expect(withNew.code).toBe(1);
    // The database key command keeps its old behaviour without --network.
    const dbKey = await runCli(["keygen"], { env });
    expect(dbKey.stdout.trim()).toMatch(/^[0-9a-f]{64}$/);
  }, 60_000);
});
