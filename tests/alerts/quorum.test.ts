import { afterEach, describe, expect, it } from "vitest";
import { AlertStore } from "../../src/alerts/store.js";
import { last, startTestApp, type TestApp } from "../support/app.js";
import { alertWorld } from "./world.js";

describe("alerts: a quorum that can be reached", () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it("refuses a quorum above the number of verifiers, in English and Spanish, and changes nothing", async () => {
    t = await alertWorld();
    await t.say("main", "Lena", "/network quorum 9");
    expect(last(t.group("main"))).toBe(
      "The quorum can't be 9: it is more than the verifiers this network has (3), so no report could ever be confirmed. Choose 3 or less, or first give the role to more people with /role grant NAME verifier.",
    );
    await t.say("otro", "Lena", "/red quorum 4");
    expect(last(t.group("otro"))).toBe(
      "El quórum no puede ser 4: es más que los verificadores que tiene esta red (3), así que ningún reporte se podría confirmar. Elige 3 o menos, o primero da el rol a más personas con /rol dar NOMBRE verificación.",
    );
    expect(new AlertStore(t.app.store.db).quorum(1)).toBe(2);
    await t.say("main", "Lena", "/network quorum 3");
    expect(last(t.group("main"))).toBe("From now on 3 different verifiers must confirm a report before it is broadcast.");
    expect(new AlertStore(t.app.store.db).quorum(1)).toBe(3);
  });

  it("warns when the quorum is 1", async () => {
    t = await alertWorld();
    await t.say("main", "Lena", "/network quorum 1");
    expect(last(t.group("main"))).toBe(
      "From now on one verifier's confirmation is enough to broadcast a report.\n⚠️ With a quorum of 1, one verifier alone can send an alert to the whole network: if that account is lost, stolen or infiltrated, so is the network's trust. 2 or more is safer.",
    );
    await t.say("otro", "Lena", "/red quorum 1");
    expect(last(t.group("otro"))).toBe(
      "Desde ahora basta con que alguien del equipo de verificación confirme un reporte para enviarlo.\n⚠️ Con un quórum de 1, una sola persona del equipo de verificación puede mandar una alerta a toda la red: si pierden, roban o infiltran esa cuenta, se pierde la confianza en la red. Es más seguro 2 o más.",
    );
  });

  it("refuses any quorum while the network has no verifiers", async () => {
    t = await startTestApp();
    await t.say("main", "Lena", "/network create Eastside");
    await t.say("main", "Lena", "/network quorum 2");
    expect(last(t.group("main"))).toBe(
      "The quorum can't be 2: this network has no verifiers yet, so no report could be confirmed. First give the role with /role grant NAME verifier.",
    );
  });

  it("tells the verifier chat at once when a verifier's own report cannot reach the quorum", async () => {
    t = await alertWorld({ quorum: 3 });
    await t.say("main", "Vera", '/alert vans where="Elm St"');
    expect(t.group("verif").slice(-2)).toEqual([
      expect.stringMatching(/^🔎 REPORT #1 to verify/),
      "⚠️ Report #1 can't be confirmed as things stand: it was sent by a verifier, whose vote can't count. Verifiers who can vote: 2; confirmations needed: 3. An admin can lower the quorum with /network quorum, or give the verifier role to someone else with /role grant.",
    ]);
    // A member's report with the same quorum is not short: no notice.
    await t.say("main", "Ana", '/alert agents where="Oak Ave"');
    expect(last(t.group("verif"))).toMatch(/^🔎 REPORT #2 to verify/);
  });

  it("sends a verifier's report for votes only to the other verifiers, privately, without a Confirm button for the reporter", async () => {
    t = await startTestApp();
    await t.say("main", "Lena", "/network create Eastside");
    for (const who of ["Vera", "Vic"]) await t.say("main", who, "/network info");
    for (const who of ["Vera", "Vic"]) await t.say("main", "Lena", `/role grant ${who.toLowerCase()} verifier`);
    await t.say("main", "Vera", '/alert vans where="Elm St"');
    const vic = t.adapter.sent.filter((s) => s.to.endsWith("vic") && s.msg.text.startsWith("🔎 REPORT #1"));
    expect(vic).toHaveLength(1);
    expect(vic[0]!.msg.buttons?.map((b) => b.label)).toEqual(["Confirm #1", "Reject #1", "Unsure #1", "I'm going #1"]);
    const vera = t.adapter.sent.filter((s) => s.to.endsWith("vera"));
    // The reporter is asked for missing details (with buttons), never shown a vote button.
    expect(vera.some((s) => s.msg.text.startsWith("🔎 REPORT") || (s.msg.buttons ?? []).some((b) => b.action !== "alert.add"))).toBe(false);
    const notice =
      "⚠️ Report #1 can't be confirmed as things stand: it was sent by a verifier, whose vote can't count. Verifiers who can vote: 1; confirmations needed: 2. An admin can lower the quorum with /network quorum, or give the verifier role to someone else with /role grant.";
    expect(t.inbox("Vera")).toContain(notice);
    expect(t.inbox("Vic")).toContain(notice);
  });
});
