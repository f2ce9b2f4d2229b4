import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { tempDir } from "../support/app.js";
import { blocks, runCli } from "../support/cli.js";

const ring = (lat: number) => [[[-87.7, lat], [-87.6, lat], [-87.6, lat + 0.1], [-87.7, lat]]];
const ZONES = JSON.stringify({
  type: "FeatureCollection",
  features: [
    { type: "Feature", properties: { name: "North" }, geometry: { type: "Polygon", coordinates: ring(41.9) } },
    { type: "Feature", properties: { name: "South" }, geometry: { type: "Polygon", coordinates: ring(41.7) } },
  ],
});
const BAD_ZONES = JSON.stringify({
  type: "FeatureCollection",
  features: [
    { type: "Feature", properties: { name: "all" }, geometry: { type: "Polygon", coordinates: ring(41.9) } },
    { type: "Feature", properties: {}, geometry: { type: "Point", coordinates: [-87.7, 41.9] } },
  ],
});

const OPEN = "/network create Eastside Watch\n/network invite\n/network invite\n";

/** The rest of the story, once the zones are imported: chats linked, subscribers, a report in North. */
const story = (north: string, south: string) => `
:in norte
/network link ${north}
/zona enlazar north
:in sur
/network link ${south}
/zone link South
/zone link Nowhere
:in main
/zone list
:as Ana
/network info
:as Ben
/network info
:as me
/role grant ana verifier
/role grant ben verifier
:as Cruz
/network info
:dm
/alerts on North
:as Dora
:in main
/network info
:dm
/avisos activar Sur
/avisos activar South
:as Cruz
:in main
/alert vans and agents where="1420 Elm St"
:press 1
:as Ana
/confirm 1
:as Ben
/confirm 1
`;

describe("zones on the console, imported from GeoJSON", { timeout: 90_000 }, () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it("imports zones, links chats, asks a report's zone, and sends the alert to that zone and its subscriber only", async () => {
    const tmp = tempDir("porchlight-zones-e2e-");
    cleanup = tmp.cleanup;
    const db = join(tmp.dir, "p.db");
    const opened = await runCli(["console", "--db", db], { input: OPEN });
    expect(opened.code).toBe(0);
    const [north, south] = [...opened.stdout.matchAll(/\/network link (\S+)/g)].map((m) => m[1]!);

    writeFileSync(join(tmp.dir, "bad.geojson"), BAD_ZONES);
    const bad = await runCli(["zones", "import", "1", join(tmp.dir, "bad.geojson"), "--db", db]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("bad.geojson: Feature 1, field properties.name: not a zone name");
    expect(bad.stderr).toContain("bad.geojson: Feature 2, field geometry.type: the geometry must be a Polygon");
    expect(bad.stderr).toContain("Nothing was imported.");
    writeFileSync(join(tmp.dir, "zones.geojson"), ZONES);
    const imported = await runCli(["zones", "import", "1", join(tmp.dir, "zones.geojson"), "--db", db]);
    expect(imported.stderr).toBe("");
    expect(imported.stdout.trim()).toBe("Eastside Watch: imported 2 zones.");

    const run = await runCli(["console", "--db", db], { input: story(north!, south!) });
    expect(run.code).toBe(0);
    const out = blocks(run.stdout);
    const to = (chat: string) => out.filter((b) => b.to === chat).map((b) => b.text);
    expect(to("console:norte")).toContain("This chat now gets the alerts of zone North, and those for the whole network. Alerts of other zones don't come here.");
    expect(to("console:sur")).toContain("Eastside Watch has no zone called “Nowhere”. Its zones: North, South. Nothing was changed.");
    expect(to("console:main")).toContain("2 zones:\n  North: 1 chat\n  South: 1 chat\n  whole network (every zone): 1 chat");
    expect(to("dm:dora")).toContain("Eastside Watch no tiene ninguna zona que se llame “Sur”. Sus zonas: North, South. No se cambió nada.");
    expect(to("console:main")).toContainEqual(expect.stringMatching(/^Which zone is report #1 in\?/));
    expect(to("console:main")).toContain(
      "Report #1 is in zone North. If it's confirmed, the alert goes to that zone's chats and to the chats for the whole network.",
    );
    const isAlert = (text: string) => text.startsWith("🚨 VERIFIED ALERT #1");
    expect(to("console:main").filter(isAlert)).toHaveLength(1);
    expect(to("console:norte").filter(isAlert)).toHaveLength(1);
    expect(to("console:sur").filter(isAlert)).toEqual([]);
    const [copy] = to("dm:cruz").filter(isAlert);
    expect(copy).toBe(to("console:norte").find(isAlert));
    expect(to("dm:dora").some((text) => text.includes("ALERTA VERIFICADA") || isAlert(text))).toBe(false);
  });
});
