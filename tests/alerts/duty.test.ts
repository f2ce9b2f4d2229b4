import { afterEach, describe, expect, it } from "vitest";
import { verifyAlertText } from "../../src/alerts/verification.js";
import { alertDigest, canonicalForm, type SignedAlert } from "../../src/crypto/canonical.js";
import { last, startTestApp, T0, type TestApp } from "../support/app.js";
import { alertWorld } from "./world.js";

/**
 * On-call duty and paging, on the memory adapter: a verifier duty shift tonight, a report at 3 a.m.
 * (America/Chicago) paged only to the verifier on duty, escalation when nobody answers, dispatch,
 * an on-scene confirmation signed into the alert, and who saw what, per chat and per person.
 */

const MIN = 60_000;
/** Tue 1 Dec 2026, 22:00 in Chicago: tonight's duty shift, 12 hours. */
const DUTY = '/shift new 2026-12-01 22:00 12h "Hotline phone" 1 role=verifier';
/** Wed 2 Dec 2026, 03:00 in Chicago. */
const THREE_AM = Date.UTC(2026, 11, 2, 9, 0);
const REPORT = '/alert 2 vans, agents at doors where="1420 Elm St, apt 3" plate="7ABC 123"';

/** The alert world with Lena also a lead, and Vera on tonight's verifier duty shift. */
async function rota(opts: { dir?: string } = {}): Promise<TestApp> {
  const t = opts.dir ? await startTestApp({ dir: opts.dir }) : await alertWorld();
  await t.say("main", "Lena", "/role grant lena lead");
  await t.say("main", "Lena", DUTY);
  await t.say("main", "Vera", "/signup 1");
  return t;
}

/** Messages `who` received privately since `from` (an index into their inbox). */
function since(t: TestApp, who: string, from: number): string[] {
  return t.inbox(who).slice(from);
}

describe("on-call duty built on shifts", () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it("lets only holders of the role sign up for a duty shift, and refuses an unknown role, in both languages", async () => {
    t = await alertWorld();
    await t.say("main", "Lena", "/role grant lena lead");
    await t.say("main", "Lena", '/shift new 2026-12-01 22:00 12h "Hotline" 2 role=janitor');
    expect(last(t.group("main"))).toBe("“janitor” is not a role a duty shift can be for. Write role=verifier, role=lead or role=admin.");
    await t.say("otro", "Lena", '/turno nuevo 2026-12-01 22:00 12h "Teléfono" 2 rol=conserje');
    expect(last(t.group("otro"))).toBe("“conserje” no es un rol para un turno de guardia. Escribe rol=verificación, rol=coordinación o rol=admin.");
    await t.say("otro", "Lena", '/turno nuevo 2026-12-01 22:00 12h "Teléfono" 2 rol=verificadora');
    expect(last(t.group("otro"))).toContain("Turno #1 publicado: guardia de verificación · ");
    expect(last(t.group("otro"))).toContain("Es un turno de guardia: solo los verificadores se pueden apuntar");

    // An infiltrator with a member account tries to put themselves on call: refused, nothing stored.
    await t.say("main", "Ana", "/signup 1");
    expect(last(t.group("main"))).toBe("Shift #1 is a duty shift for verifiers: only they can sign up. If you should have the role, ask an admin.");
    await t.say("otro", "Ben", "/apuntarme 1");
    expect(last(t.group("otro"))).toBe(
      "El turno #1 es una guardia de verificación: solo quienes tienen ese rol se pueden apuntar. Si te toca tenerlo, pídeselo a un admin.",
    );
    await t.say("main", "Vera", "/signup 1");
    expect(last(t.group("main"))).toBe("Your place on shift #1 is confirmed. I've sent you the details privately.");
    const rows = t.app.store.db.prepare("SELECT count(*) AS n FROM signups").get() as { n: number };
    expect(rows.n).toBe(1);
    // The card shows it is a duty shift.
    await t.say("main", "Ana", "/shifts");
    expect(last(t.group("main"))).toContain("#1 verifier duty · Tue Dec 1, 10pm–10am next day · place sent privately to those signed up · 1 of 2 places left");
  });

  it("shows who is on duty: names privately to leads and verifiers, counts to anyone else", async () => {
    t = await rota();
    await t.say("main", "Vic", "/signup 1");
    t.clock.set(THREE_AM);
    const before = t.inbox("Vic").length;
    await t.say("main", "Vic", "/oncall");
    // The group sees counts; the names went to Vic privately.
    expect(last(t.group("main"))).toBe("On duty (America/Chicago):\n1 person is on verifier duty now.\nNo later duty shift is planned.");
    expect(since(t, "Vic", before)).toContain("On duty (America/Chicago):\nVerifiers on duty now: Vera (until Wed Dec 2, 10am).\nNo later duty shift is planned.");
    await t.say("otro", "Ben", "/deturno");
    expect(last(t.group("otro"))).toBe("De turno (America/Chicago):\nAhora hay 1 persona de turno en verificación.\nNo hay más guardias programadas.");
    expect(t.group("main").join("\n") + t.group("otro").join("\n")).not.toContain("Vera");
    await t.dm("Ana", "/oncall");
    expect(last(t.inbox("Ana"))).not.toContain("Vera");
    // A revoked role takes its holder off duty at once.
    await t.say("main", "Lena", "/role revoke vera verifier");
    await t.dm("Lena", "/oncall");
    expect(last(t.inbox("Lena"))).toContain("Nobody is on verifier duty now.");
  });
});

describe("paging the verifiers on duty", () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it("pages the verifier on duty at 3 a.m. by private message, escalates after 3 minutes, across a restart", async () => {
    t = await rota();
    t.clock.set(THREE_AM);
    t.app.scheduler.runOnce();
    const at = { verif: t.group("verif").length, main: t.group("main").length, otro: t.group("otro").length };
    const inbox = { Vera: t.inbox("Vera").length, Vic: t.inbox("Vic").length, Val: t.inbox("Val").length, Lena: t.inbox("Lena").length, Ana: t.inbox("Ana").length };
    await t.say("main", "Ana", REPORT);
    // The reporter hears at once what happens next; the details question goes privately.
    expect(last(t.group("main"))).toBe(
      "Report #1 received. 1 verifier on duty is checking it now; nothing goes out to the network until 2 verifiers confirm it. You will hear back privately, whatever they decide.",
    );
    const asked = since(t, "Ana", inbox.Ana);
    expect(asked).toEqual([
      "If you safely can, add how many, uniform or agency, and when: tap below, or send /alert add 1 size=… uniform=… equipment=… plate=… time=… where=…",
    ]);
    // Only Vera, on duty, is paged: privately, with the four buttons and the exact place.
    const page = since(t, "Vera", inbox.Vera);
    expect(page).toHaveLength(1);
    expect(page[0]).toContain("🔎 REPORT #1 to verify");
    expect(page[0]).toContain("Where: 1420 Elm St, apt 3");
    expect(page[0]).toContain("Plate: 7ABC123");
    const card = t.adapter.sent.filter((s) => s.to === "dm:vera").at(-1)!;
    expect(card.msg.buttons?.map((b) => b.label)).toEqual(["Confirm #1", "Reject #1", "Unsure #1", "I'm going #1"]);
    expect(since(t, "Vic", inbox.Vic)).toEqual([]);
    expect(since(t, "Val", inbox.Val)).toEqual([]);
    expect(t.group("verif")).toHaveLength(at.verif);
    expect(t.group("otro")).toHaveLength(at.otro);

    // Ana taps "3–5": the details reach Vera, and Ana is asked only what is still missing.
    const ask = t.adapter.sent.filter((s) => s.to === "dm:ana").at(-1)!;
    const three = ask.msg.buttons!.find((b) => b.label === "3–5 people")!;
    await t.adapter.push({ kind: "action", chat: "memory:@ana", author: { id: "ana", displayName: "Ana", isBot: false }, isDirect: true, action: three.action, payload: three.payload });
    await t.app.delivery.flush(5000);
    expect(last(t.inbox("Vera"))).toBe("➕ More on report #1 from the person who reported it:\nHow many: 3–5");
    expect(last(t.inbox("Ana"))).toMatch(/^Thanks: added to report #1\. The verifiers checking it see it now\.\nIf you safely can, add uniform or agency and when:/);

    // Nobody answers. The bot restarts in between: the escalation is stored, not a timer.
    t.clock.advance(2 * MIN);
    t.app.scheduler.runOnce();
    await t.app.delivery.flush(5000);
    expect(t.group("verif")).toHaveLength(at.verif);
    const clock = t.clock;
    await t.stop();
    t = await startTestApp({ dir: t.dir, clock, adapter: t.adapter });
    clock.advance(1 * MIN + 1);
    t.app.scheduler.runOnce();
    await t.app.delivery.flush(5000);

    // Every verifier and the verifiers' chat have it now; member chats still see nothing.
    const escalated = last(t.group("verif"));
    expect(escalated).toContain("🔎 REPORT #1 to verify");
    expect(escalated).toContain("How many: 3–5");
    expect(escalated).toContain("⏫ Nobody on duty answered within 3 minutes: this now goes to every verifier.");
    for (const who of ["Vic", "Val"]) expect(since(t, who, inbox[who as "Vic"]).some((m) => m.startsWith("🔎 REPORT #1"))).toBe(true);
    expect(since(t, "Vera", inbox.Vera).filter((m) => m.startsWith("🔎 REPORT #1"))).toHaveLength(1);
    expect(t.group("main").slice(at.main).filter((m) => m.includes("REPORT"))).toEqual([]);
    expect(t.group("otro")).toHaveLength(at.otro);
    // The lead is told once that the rota has a gap.
    const gap = "⚠️ Duty rota gap: report #1 got no answer from the verifiers on duty within 3 minutes, so it went to every verifier. /oncall shows who is on duty; /shifts lists the duty shifts to fill.";
    expect(since(t, "Lena", inbox.Lena).filter((m) => m === gap)).toHaveLength(1);
    t.clock.advance(5 * MIN);
    t.app.scheduler.runOnce();
    await t.app.delivery.flush(5000);
    expect(since(t, "Lena", inbox.Lena).filter((m) => m.startsWith("⚠️ Duty rota gap"))).toHaveLength(1);

    // Vic takes it: the others see it is taken (by name only privately), Vic is told what to do.
    await t.dm("Vic", "/going 1 10");
    expect(last(t.inbox("Vic"))).toBe(
      "Report #1 is yours: the other verifiers see it is taken. They see you expect to be there in about 10 min. Once there, confirm with /confirm 1 (it counts as on the scene) or /reject 1 REASON.",
    );
    expect(last(t.group("verif"))).toBe("🚶 Report #1 is taken: a verifier is going to see (about 10 min).");
    expect(last(t.inbox("Vera"))).toBe("🚶 Report #1 is taken: Vic is going to see (about 10 min).");
    expect(last(t.inbox("Val"))).toBe("🚶 Report #1 is taken: Vic is going to see (about 10 min).");
    await t.dm("Val", "/voy 1");
    expect(last(t.inbox("Val"))).toBe("El reporte #1 ya está tomado: va Vic.");

    // Vic confirms from the scene, Vera confirms too: the signed alert says it was checked there.
    await t.dm("Vic", "/confirm 1");
    await t.dm("Vera", "/confirm 1");
    const alert = last(t.group("main"));
    expect(alert).toMatch(/^🚨 VERIFIED ALERT #1 · Eastside\nWhat: 2 vans, agents at doors\nHow many: 3–5\nWhere: Elm St\n/);
    expect(alert).toContain("\nChecked on the scene by a verifier.\n");
    expect(last(t.group("otro"))).toContain("\nComprobado en el lugar por el equipo de verificación.\n");
    const verdict = verifyAlertText(t.app.store.db, alert, t.clock.now());
    expect(verdict.kind === "found" && verdict.check.kind).toBe("match");
    const tampered = verifyAlertText(t.app.store.db, alert.replace("\nChecked on the scene by a verifier.", ""), t.clock.now());
    expect(tampered.kind === "found" && tampered.check.kind).not.toBe("match");
    // The reporter hears the outcome; nobody in a group or a verifier's inbox learns who reported.
    expect(t.inbox("Ana")).toContain("Your report #1 was confirmed by verifiers and has gone out to the network as alert #1. You are not named in it. Thank you.");
    for (const chat of ["main", "otro", "verif"]) expect(t.group(chat).join("\n")).not.toContain("Ana");
    for (const who of ["Vera", "Vic", "Val", "Lena"]) expect(t.inbox(who).join("\n")).not.toContain("Ana");
    // Who was paged and who went is forgotten with the outcome.
    const left = t.app.store.db.prepare("SELECT (SELECT count(*) FROM alert_pages) AS pages, (SELECT count(*) FROM alert_dispatch WHERE person_id IS NOT NULL) AS taken").get();
    expect(left).toEqual({ pages: 0, taken: 0 });
  });

  it("does not escalate once the verifier on duty answers", async () => {
    t = await rota();
    t.clock.set(THREE_AM);
    await t.say("main", "Ana", REPORT);
    const card = t.adapter.sent.filter((s) => s.to === "dm:vera").at(-1)!;
    const unsure = card.msg.buttons!.find((b) => b.label === "Unsure #1")!;
    await t.adapter.push({ kind: "action", chat: "memory:@vera", author: { id: "vera", displayName: "Vera", isBot: false }, isDirect: true, action: unsure.action, payload: unsure.payload });
    await t.app.delivery.flush(5000);
    const verif = t.group("verif").length;
    t.clock.advance(10 * MIN);
    t.app.scheduler.runOnce();
    await t.app.delivery.flush(5000);
    expect(t.group("verif")).toHaveLength(verif);
    expect(t.inbox("Vic").join("\n")).not.toContain("REPORT #1");
    expect(t.inbox("Lena").join("\n")).not.toContain("Duty rota gap");
  });

  it("sends to all verifiers at once when nobody is on duty, as before", async () => {
    t = await alertWorld();
    await t.say("main", "Ana", REPORT);
    expect(last(t.group("main"))).toMatch(/^Report #1 received\. Verifiers are checking it now;/);
    expect(last(t.group("verif"))).toContain("🔎 REPORT #1 to verify");
    expect(last(t.group("verif"))).not.toContain("⏫");
  });

  it("answers a dispatch typed in the verifiers' chat once there, naming nobody to the others", async () => {
    t = await alertWorld();
    await t.say("main", "Ana", REPORT);
    const before = { verif: t.group("verif").length, vera: t.inbox("Vera").length };
    await t.say("verif", "Vic", "/going 1");
    expect(t.group("verif").slice(before.verif)).toEqual([
      "Report #1 is yours: the other verifiers see it is taken. Once there, confirm with /confirm 1 (it counts as on the scene) or /reject 1 REASON.",
    ]);
    expect(since(t, "Vera", before.vera)).toEqual([]);
    await t.say("verif", "Val", "/going 1");
    expect(last(t.inbox("Val"))).toBe("Report #1 is already taken: Vic is going.");
    expect(last(t.group("verif"))).toBe("I've sent you the details in a private message.");
  });

  it("refuses dispatch to a member and additions to someone else's report, saying nothing about who reported", async () => {
    t = await rota();
    t.clock.set(THREE_AM);
    await t.say("main", "Ana", REPORT);
    await t.say("main", "Ben", "/going 1");
    expect(last(t.group("main"))).toBe("Only a network verifier can do that. An admin can give the role with /role grant.");
    await t.adapter.push({ kind: "action", chat: "memory:@ben", author: { id: "ben", displayName: "Ben", isBot: false }, isDirect: true, action: "alert.going", payload: "1" });
    await t.app.delivery.flush(5000);
    expect(last(t.inbox("Ben"))).toBe("Only a network verifier can do that. An admin can give the role with /role grant.");
    await t.dm("Ben", "/alert add 1 size=40");
    expect(last(t.inbox("Ben"))).toBe("You can only add to a report you sent yourself, while it is being checked. Report #1 is not one of yours.");
    await t.dm("Ben", "/alerta agregar 9 cuantos=40");
    expect(last(t.inbox("Ben"))).toBe("Solo puedes agregar datos a un reporte que mandaste tú, mientras lo revisan. El reporte #9 no es tuyo.");
    const row = t.app.store.db.prepare("SELECT size FROM alerts WHERE num = 1").get() as { size: string | null };
    expect(row.size).toBeNull();
    expect(t.app.store.db.prepare("SELECT count(*) AS n FROM alert_dispatch").get()).toEqual({ n: 0 });
  });

  it("groups reports of the same plate as corroboration, voted on once", async () => {
    t = await alertWorld();
    await t.say("main", "Ana", '/alert white van following people where="Elm St" plate="7ABC 123"');
    t.clock.advance(45 * MIN);
    await t.say("otro", "Ben", '/alerta la misma camioneta donde="Pine Ave" placa=7abc-123');
    await t.dm("Zoe", "/network info");
    await t.say("main", "Zoe", '/alert van again where="Oak St" plate="7 ABC 123"');
    expect(last(t.group("main"))).toContain("It looks like the same thing as report #1 (same place, zone or vehicle)");
    expect(last(t.group("verif"))).toContain("3 reports of this, from 3 people (same place, zone or vehicle as report #1). Corroboration, not confirmation: vote once, for the group.");
    await t.say("verif", "Vera", "/confirm 3");
    await t.say("verif", "Vera", "/confirm 2");
    expect(last(t.group("verif"))).toBe("You already voted on report #2. Each verifier has one vote.");
    expect(t.group("main").some((m) => m.includes("VERIFIED ALERT"))).toBe(false);
    await t.say("verif", "Vic", "/confirm 1");
    expect(t.group("main").filter((m) => m.includes("VERIFIED ALERT"))).toHaveLength(1);
  });

  it("keeps alerts signed before the on-scene field checking as they were", () => {
    const fields: SignedAlert = {
      network: 1,
      alert: 1,
      seq: 0,
      kind: "alert",
      text: "vans",
      what: "",
      size: "",
      area: "Elm St",
      placeCommitment: "",
      reportedAt: T0,
      issuedAt: T0,
      expiresAt: T0 + 4 * 3_600_000,
      ref: "",
    };
    // The field is encoded only when true: every alert signed before it keeps its one digest.
    expect(canonicalForm({ ...fields, onscene: false })).toBe(canonicalForm(fields));
    expect(alertDigest({ ...fields, onscene: true })).not.toBe(alertDigest(fields));
  });
});
