import { join } from "node:path";
import { DateTime } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import { tempDir } from "../support/app.js";
import { blocks, runCli } from "../support/cli.js";
import { HOUR, TEST_NOW, typedLocal } from "../support/clock.js";

/**
 * The on-call rota through the console chat, as a network runs it: a verifier duty shift tonight, a
 * report in the small hours paged only to the verifier on duty, no answer, escalation three minutes
 * later to every verifier and the (encrypted) verifiers' chat, dispatch, the on-scene confirmation
 * and the reporter's acknowledgement and outcome. Each run is a separate process on one database.
 */

const ZONE = "America/Los_Angeles";

/** The next 22:00 in the zone at least an hour after the test's start: tonight's duty shift. */
function tonight(): number {
  let at = DateTime.fromMillis(TEST_NOW, { zone: ZONE }).set({ hour: 22, minute: 0, second: 0, millisecond: 0 });
  if (at.toMillis() < TEST_NOW + HOUR) at = at.plus({ days: 1 });
  return at.toMillis();
}

const SETUP = (start: number) => `
/network create Eastside Watch
/network tz ${ZONE}
:as Vera
/network info
:as Vic
/network info
:as Ana
/network info
:as me
/role grant me lead
/role grant Vera verifier
:dm
:press 1
:in main
/role grant Vic verifier
:dm
:press 1
:in main
/shift new ${typedLocal(start, ZONE)} 12h "Hotline phone" 1 role=verifier
:as Ana
/signup 1
:as Vera
/signup 1
:as me
/network invite
`;

const LINK = (code: string) => `
:in verif
:e2ee on
/network link ${code}
/network verifiers
`;

const NIGHT = `
:in verif
:e2ee on
:in main
:as Ana
/alert 2 vans, agents knocking where="1420 Elm St, apt 3"
:clock +2m
:clock +1m
:clock +1m
:as Vic
:dm
/going 1 10
:as Vera
:dm
/confirmar 1
:as Vic
/confirm 1
`;

describe("the on-call rota through the console chat", { timeout: 120_000 }, () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it("pages the verifier on duty, escalates when nobody answers, dispatches and confirms on the scene", async () => {
    const tmp = tempDir("porchlight-duty-console-");
    cleanup = tmp.cleanup;
    const db = join(tmp.dir, "p.db");
    const start = tonight();
    const setup = await runCli(["console", "--db", db], { input: SETUP(start) });
    expect(setup.code).toBe(0);
    const day = blocks(setup.stdout);
    const said = (to: string) => day.filter((b) => b.to === to).map((b) => b.text);
    // The infiltrator is refused; the verifier gets the place.
    expect(said("console:main")).toContain("Shift #1 is a duty shift for verifiers: only they can sign up. If you should have the role, ask an admin.");
    expect(said("dm:vera").some((m) => m.startsWith("You're on shift #1:") && m.includes("Hotline phone"))).toBe(true);
    expect(said("console:main").join("\n")).not.toContain("Hotline phone");
    const code = /\/network link (\S+)/.exec(said("dm:me").join("\n"))?.[1];
    expect(code).toBeDefined();
    expect((await runCli(["console", "--db", db], { input: LINK(code!) })).code).toBe(0);

    // Five hours into the shift: a report.
    const night = await runCli(["console", "--db", db], { input: NIGHT, now: start + 5 * HOUR });
    expect(night.code).toBe(0);
    const out = blocks(night.stdout);
    const to = (who: string) => out.filter((b) => b.to === who).map((b) => b.text);
    const firstAt = (who: string, prefix: string) => out.findIndex((b) => b.to === who && b.text.startsWith(prefix));

    // The reporter, at once: what happens next; then the SALUTE question, privately.
    expect(to("console:main")[0]).toBe(
      "Report #1 received. 1 verifier on duty is checking it now; nothing goes out to the network until 2 verifiers confirm it. You will hear back privately, whatever they decide.",
    );
    expect(to("dm:ana")[0]).toMatch(/^If you safely can, add how many, uniform or agency, vehicles or plate, and when: tap below/);
    // Vera, on duty, is paged first; Vic and the verifiers' chat only after the escalation.
    const paged = firstAt("dm:vera", "🔎 REPORT #1");
    const escalatedChat = firstAt("console:verif", "🔎 REPORT #1");
    const escalatedVic = firstAt("dm:vic", "🔎 REPORT #1");
    expect(paged).toBeGreaterThanOrEqual(0);
    expect(to("dm:vera")[0]).toContain("Where: 1420 Elm St, apt 3");
    expect(escalatedChat).toBeGreaterThan(paged);
    expect(escalatedVic).toBeGreaterThan(paged);
    expect(out[escalatedChat]!.text).toContain("Where: 1420 Elm St, apt 3");
    expect(out[escalatedChat]!.text).toContain("⏫ Nobody on duty answered within 3 minutes: this now goes to every verifier.");
    expect(to("dm:me")).toContain(
      "⚠️ Duty rota gap: report #1 got no answer from the verifiers on duty within 3 minutes, so it went to every verifier. /oncall shows who is on duty; /shifts lists the duty shifts to fill.",
    );
    // Dispatch: Vic takes it; the chat reads "a verifier", Vera hears who.
    expect(to("console:verif")).toContain("🚶 Report #1 is taken: a verifier is going to see (about 10 min).");
    expect(to("dm:vera")).toContain("🚶 Report #1 is taken: Vic is going to see (about 10 min).");
    expect(to("dm:vera")).toContain("Tu voto sobre el reporte #1 quedó registrado: va 1 de 2 confirmaciones.");
    // The alert says it was checked on the scene; the plain chat gets the street only.
    const alert = to("console:main").find((m) => m.startsWith("🚨 VERIFIED ALERT #1"));
    expect(alert).toContain("\nWhere: Elm St\n");
    expect(alert).toContain("\nChecked on the scene by a verifier.\n");
    expect(alert).not.toContain("1420");
    expect(to("console:verif").find((m) => m.startsWith("🚨 VERIFIED ALERT #1"))).toContain("Where: 1420 Elm St, apt 3");
    expect(to("dm:ana")).toContain("Your report #1 was confirmed by verifiers and has gone out to the network as alert #1. You are not named in it. Thank you.");
    // Nobody but Ana's own private chat ties her to the report.
    for (const chat of ["console:main", "console:verif", "dm:vera", "dm:vic", "dm:me"]) expect(to(chat).join("\n")).not.toMatch(/\bAna\b/);
  });
});
