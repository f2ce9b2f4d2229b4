import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { tempDir } from "../support/app.js";
import { blocks, runCli } from "../support/cli.js";

/**
 * The whole rota story of a network with zones, on the console: a verifier duty shift tonight, a
 * report from the North chat at 3 a.m. paged only to the verifier on duty, no answer, escalation,
 * dispatch, the on-scene confirmation, and the alert aimed at zone North: its chat and the chats of
 * the whole network get it, the South chat does not; the North subscriber gets a private copy, the
 * South subscriber none. Need-to-know is read per chat and per person. Fixed clocks throughout.
 */

const NOON = Date.parse("2026-12-01T12:00:00-08:00");
const THREE_AM = Date.parse("2026-12-02T03:00:00-08:00");

const SETUP = `
/network create Eastside Watch
/network tz America/Los_Angeles
/zone add North
/zone add South
:as Vera
/network info
:as Vic
/network info
:as Ana
/network info
:as Cruz
/network info
:dm
/alerts on North
:as Dora
:in main
/network info
:dm
/avisos activar South
:as me
:in main
/role grant me lead
/role grant Vera verifier
:dm
:press 1
:in main
/role grant Vic verifier
:dm
:press 1
:in main
/shift new 2026-12-01 22:00 12h "Hotline phone" 1 role=verifier
:as Vera
/signup 1
:as me
/network invite
/network invite
/network invite
`;

const LINK = ([verif, north, south]: string[]) => `
:in verif
:e2ee on
/network link ${verif}
/network verifiers
:in norte
/network link ${north}
/zone link North
:in sur
/network link ${south}
/zone link South
:as me
:dm
/network info
:in main
/network info
:as Cruz
:dm
/network info
`;

/** Every chat and every person switched to Spanish, for the Spanish night. */
const SPANISH = [
  ...["main", "verif", "norte", "sur"].map((chat) => `:as me\n:in ${chat}\n/idioma es`),
  ...["me", "Vera", "Vic", "Ana", "Cruz", "Dora"].map((who) => `:as ${who}\n:dm\n/idioma es`),
].join("\n");

/** The night, in English or (the same steps) in Spanish. */
const NIGHT = (es: boolean) => `${es ? SPANISH : ""}
:in verif
:e2ee on
:in norte
:as Ana
${es ? '/alerta 2 camionetas, agentes tocando puertas donde="1420 Elm St, apt 3"' : '/alert 2 vans, agents knocking where="1420 Elm St, apt 3"'}
:press 1
:clock +2m
:clock +1m
:clock +1m
:as Vic
:dm
${es ? "/voy 1 10" : "/going 1 10"}
:as Vera
:dm
${es ? "/confirmar 1" : "/confirm 1"}
:as Vic
${es ? "/confirmar 1" : "/confirm 1"}
${es ? "/alerta estado 1" : "/alert status 1"}
${es ? "" : "/alert update 1 agents left towards Main St\n/allclear 1"}
`;

async function story(es: boolean) {
  const tmp = tempDir("porchlight-rota-console-");
  const db = join(tmp.dir, "p.db");
  const setup = await runCli(["console", "--db", db], { input: SETUP, now: NOON });
  expect(setup.code).toBe(0);
  const codes = [...setup.stdout.matchAll(/\/network link (\S+)/g)].map((m) => m[1]!);
  expect(codes).toHaveLength(3);
  const linked = await runCli(["console", "--db", db], { input: LINK(codes), now: NOON + 600_000 });
  expect(linked.code).toBe(0);
  const night = await runCli(["console", "--db", db], { input: NIGHT(es), now: THREE_AM });
  expect(night.code).toBe(0);
  const out = blocks(night.stdout);
  const to = (who: string) => out.filter((b) => b.to === who).map((b) => b.text);
  const firstAt = (who: string, prefix: string) => out.findIndex((b) => b.to === who && b.text.startsWith(prefix));
  return { tmp, out, to, firstAt, linked: blocks(linked.stdout) };
}

describe("the whole rota story on the console, with zones and private copies", { timeout: 180_000 }, () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it("pages, escalates, dispatches, confirms on the scene and sends the alert to zone North only", async () => {
    const { tmp, out, to, firstAt, linked } = await story(false);
    cleanup = tmp.cleanup;
    // /network info names the chats of each zone to a lead, privately; counts in the group and to a member.
    const info = (who: string) => linked.filter((b) => b.to === who && b.text.startsWith("Network “Eastside Watch”")).map((b) => b.text);
    expect(info("dm:me")[0]).toContain("2 zones:\n  North: norte\n  South: sur\n  whole network (every zone): main, verif\n");
    expect(info("console:main")[0]).toContain("2 zones:\n  North: 1 chat\n  South: 1 chat\n  whole network (every zone): 2 chats\n");
    expect(info("dm:cruz")[0]).toContain("2 zones:\n  North: 1 chat\n  South: 1 chat\n  whole network (every zone): 2 chats\n");
    for (const who of ["console:main", "dm:cruz"]) expect(info(who)[0]).not.toMatch(/\bnorte\b|\bsur\b|\bverif\b/);
    // The reporter: acknowledged at once, asked the zone in the chat and the details privately.
    expect(to("console:norte")[0]).toBe(
      "Report #1 received. 1 verifier on duty is checking it now; nothing goes out to the network until 2 verifiers confirm it. You will hear back privately, whatever they decide.",
    );
    expect(to("console:norte")).toContain("Report #1 is in zone North. If it's confirmed, the alert goes to that zone's chats and to the chats for the whole network.");
    expect(to("dm:ana")[0]).toMatch(/^If you safely can, add how many/);
    // Paged to Vera alone; after three minutes to Vic and the verifiers' chat, with the zone.
    const paged = firstAt("dm:vera", "🔎 REPORT #1");
    expect(paged).toBeGreaterThanOrEqual(0);
    for (const who of ["console:verif", "dm:vic"]) {
      const at = firstAt(who, "🔎 REPORT #1");
      expect(at).toBeGreaterThan(paged);
      expect(out[at]!.text).toContain("\nZone: North\n");
      expect(out[at]!.text).toContain("⏫ Nobody on duty answered within 3 minutes: this now goes to every verifier.");
    }
    // The verifiers' chat hears nothing of the report (not even its zone) before the escalation;
    // Vera, paged, hears the zone privately.
    expect(to("console:verif").find((m) => m.includes("#1"))).toMatch(/^🔎 REPORT #1/);
    expect(to("dm:vera")).toContain("Report #1 is in zone North. To send alert #1 to the whole network instead: /confirm 1 wide");
    expect(to("dm:me").filter((m) => m.startsWith("⚠️ Duty rota gap: report #1"))).toHaveLength(1);
    // Dispatch and the on-scene confirmation.
    expect(to("console:verif")).toContain("🚶 Report #1 is taken: a verifier is going to see (about 10 min).");
    expect(to("dm:vera")).toContain("🚶 Report #1 is taken: Vic is going to see (about 10 min).");
    const isAlert = (m: string) => m.startsWith("🚨 VERIFIED ALERT #1");
    const plain = to("console:norte").find(isAlert);
    expect(plain).toContain("\nWhere: Elm St\n");
    expect(plain).toContain("\nChecked on the scene by a verifier.\n");
    // Zone North: its chat, the whole-network chats and its subscriber; South neither.
    expect(to("console:main").filter(isAlert)).toEqual([plain]);
    expect(to("console:sur").filter(isAlert)).toEqual([]);
    expect(to("dm:cruz").filter(isAlert)).toEqual([plain]);
    expect(to("dm:dora").some((m) => m.includes("#1"))).toBe(false);
    expect(to("console:verif").find(isAlert)).toContain("Where: 1420 Elm St, apt 3");
    expect(to("dm:ana")).toContain("Your report #1 was confirmed by verifiers and has gone out to the network as alert #1. You are not named in it. Thank you.");
    // /alert status counts the private copies, never naming who.
    const status = to("dm:vic").find((m) => m.startsWith("Alert 1.1.0-"))!;
    expect(status).toContain("  private copies to subscribers: 1 of 1 delivered, 0 waiting, 0 failed");
    expect(status).not.toMatch(/Cruz|cruz/);
    // The update and the all-clear follow the same path: zone North's chats and its subscriber only.
    for (const head of ["🚨 UPDATE to verified alert #1", "✅ ALL CLEAR · alert #1"]) {
      const said = (who: string) => to(who).filter((m) => m.startsWith(head));
      for (const who of ["console:main", "console:norte", "dm:cruz"]) expect(said(who), `${head} in ${who}`).toHaveLength(1);
      for (const who of ["console:sur", "dm:dora"]) expect(said(who), `${head} in ${who}`).toEqual([]);
    }
    // Need-to-know per chat and per person: the reporter's name nowhere but her own private chat;
    // the exact place only where verifiers read it encrypted; the verifier's name only to verifiers.
    for (const chat of ["console:main", "console:norte", "console:sur", "console:verif", "dm:vera", "dm:vic", "dm:me", "dm:cruz", "dm:dora"]) {
      expect(to(chat).join("\n")).not.toMatch(/\bAna\b/);
    }
    for (const chat of ["console:main", "console:norte", "console:sur", "dm:cruz", "dm:dora", "dm:me"]) expect(to(chat).join("\n")).not.toContain("1420");
    for (const chat of ["console:main", "console:norte", "console:sur", "console:verif", "dm:cruz", "dm:dora", "dm:ana"]) {
      expect(to(chat).join("\n")).not.toMatch(/\bVic\b|\bVera\b/);
    }
  });

  it("plays the same night in Spanish", async () => {
    const { tmp, out, to, firstAt } = await story(true);
    cleanup = tmp.cleanup;
    expect(to("console:norte").some((m) => m.startsWith("Reporte #1 recibido."))).toBe(true);
    const paged = firstAt("dm:vera", "🔎 REPORTE #1");
    expect(paged).toBeGreaterThanOrEqual(0);
    const vic = firstAt("dm:vic", "🔎 REPORTE #1");
    expect(vic).toBeGreaterThan(paged);
    expect(out[vic]!.text).toContain("\nZona: North\n");
    const isAlert = (m: string) => m.startsWith("🚨 ALERTA VERIFICADA #1");
    const plain = to("console:norte").find(isAlert);
    expect(plain).toBeDefined();
    expect(plain).not.toContain("1420");
    expect(to("console:sur").filter(isAlert)).toEqual([]);
    expect(to("dm:cruz").filter(isAlert)).toHaveLength(1);
    expect(to("dm:dora").some((m) => m.includes("#1"))).toBe(false);
    for (const chat of ["console:main", "console:norte", "console:sur", "console:verif", "dm:vera", "dm:vic", "dm:cruz"]) {
      expect(to(chat).join("\n")).not.toMatch(/\bAna\b/);
    }
  });
});
