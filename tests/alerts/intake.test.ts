import { afterEach, describe, expect, it } from "vitest";
import { AlertStore } from "../../src/alerts/store.js";
import { last, T0, type TestApp } from "../support/app.js";
import { alertWorld, reportNum } from "./world.js";

const REPORT = '/alert 2 unmarked vans, agents knocking where="1420 Elm St, apt 3" what=ICE size=6 firsthand=yes';

describe("alerts: intake and verification", () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it("acknowledges a report with an id and shows it only to the verifier chat", async () => {
    t = await alertWorld();
    const before = { main: t.group("main").length, otro: t.group("otro").length };
    await t.say("main", "Ana", REPORT);
    expect(last(t.group("main"))).toBe(
      "Report #1 received. Verifiers are checking it now; nothing goes out to the network until 2 of them confirm it. I'll tell you privately what they decide.",
    );
    const card = last(t.group("verif"));
    expect(card).toContain("🔎 REPORT #1 to verify");
    // The verifier room is encrypted: the exact place is shown there.
    expect(card).toContain("Where: 1420 Elm St, apt 3");
    expect(card).toContain("Seen firsthand: yes");
    expect(card).not.toContain("Ana");
    // Member chats see nothing but the acknowledgement.
    expect(t.group("main")).toHaveLength(before.main + 1);
    expect(t.group("otro")).toHaveLength(before.otro);
  });

  it("broadcasts on a quorum of distinct verifiers, in each chat's language, coarse where not encrypted", async () => {
    t = await alertWorld();
    await t.say("main", "Ana", REPORT);
    await t.say("verif", "Vera", "/confirm 1 onscene saw them myself");
    expect(last(t.group("verif"))).toBe("Your vote on report #1 is in: 1 of 2 confirmations so far.");
    expect(t.group("main").join("\n")).not.toContain("VERIFIED");
    await t.say("verif", "Vic", "/confirmar 1");
    expect(t.group("verif").some((m) => m.startsWith("Report #1 is confirmed by 2 verifiers. Alert #1 is going out to 3 chats."))).toBe(true);

    const main = last(t.group("main"));
    expect(main).toMatch(/^🚨 VERIFIED ALERT #1 · Eastside\nWhat: 2 unmarked vans, agents knocking\nSeen: ICE\nHow many: 6\nWhere: Elm St\n/);
    expect(main).toMatch(/\n🔏 [1-9A-HJ-NP-Za-km-z]{80,90}$/);
    expect(main).toContain("Valid until: Tue Dec 1, 10am");
    expect(main).toMatch(/Signature: \d+\.1\.0-[A-Z0-9]{10}/);
    expect(main).not.toContain("1420");
    expect(last(t.group("otro"))).toMatch(/^🚨 ALERTA VERIFICADA #1 · Eastside\nQué: .*\nQué se vio: ICE\nCuántos: 6\nDónde: Elm St\n/);
    expect(last(t.group("verif"))).toContain("Where: 1420 Elm St, apt 3");
    for (const chat of ["main", "otro", "verif"]) expect(t.group(chat).join("\n")).not.toContain("Ana");
    // The reporter hears the outcome privately.
    expect(last(t.inbox("Ana"))).toBe(
      "Your report #1 was confirmed by verifiers and has gone out to the network as alert #1. You are not named in it. Thank you.",
    );
    const store = new AlertStore(t.app.store.db);
    const alert = store.byNum(1, 1)!;
    expect(alert.state).toBe("verified");
    expect(store.transitions(alert.id).map((s) => s.state)).toEqual(["pending", "verified"]);
    expect(store.tally(alert.id)).toEqual({ confirm: 2, reject: 0, unsure: 0, onscene: 1 });
  });

  it("counts a button press as a vote", async () => {
    t = await alertWorld({ quorum: 1 });
    await t.say("main", "Ana", REPORT);
    const card = t.adapter.sent.filter((s) => s.to === "memory:verif").at(-1)!;
    expect(card.msg.buttons?.map((b) => b.label)).toEqual(["Confirm #1", "Reject #1", "Unsure #1", "I'm going #1"]);
    await t.adapter.push({ kind: "action", chat: "memory:verif", author: { id: "vic", displayName: "Vic", isBot: false }, isDirect: false, action: "alert.confirm", payload: "1" });
    await t.app.delivery.flush(5000);
    expect(last(t.group("main"))).toContain("VERIFIED ALERT #1");
  });

  it("refuses bad votes with a clear answer and changes nothing", async () => {
    t = await alertWorld();
    await t.say("main", "Vera", "/alert vans on Elm where=Elm");
    await t.say("verif", "Vera", "/confirm 1");
    expect(last(t.group("verif"))).toBe("You sent report #1 yourself, so your vote can't count. Another verifier must check it.");
    await t.say("verif", "Vic", "/confirm 1");
    await t.say("verif", "Vic", "/confirm 1");
    expect(last(t.group("verif"))).toBe("You already voted on report #1. Each verifier has one vote.");
    await t.say("main", "Ana", "/confirm 1");
    expect(last(t.group("main"))).toBe("Only a network verifier can do that. An admin can give the role with /role grant.");
    await t.say("verif", "Val", "/confirm 99");
    expect(last(t.group("verif"))).toBe("There is no report #99 in this network.");
    await t.say("verif", "Val", "/reject 1");
    // Typed, a rejection must say why (the Reject button is the quick "false alarm").
    expect(last(t.group("verif"))).toBe("Say why you reject report #1: /reject 1 REASON. The reason goes to the person who reported it.");
    const store = new AlertStore(t.app.store.db);
    expect(store.tally(store.byNum(1, 1)!.id)).toEqual({ confirm: 1, reject: 0, unsure: 0, onscene: 0 });
    expect(store.byNum(1, 1)!.state).toBe("pending");
    await t.say("verif", "Val", "/unsure 1");
    expect(last(t.group("verif"))).toBe("Noted that you can't tell yet about report #1.");
  });

  it("rejects on a quorum of rejections, tells the reporter why, and closes voting", async () => {
    t = await alertWorld();
    await t.say("main", "Ana", "/alert agents at the school where=Pine");
    await t.say("verif", "Vera", "/reject 1 it was a utility crew");
    await t.say("verif", "Vic", "/rechazar 1 cuadrilla de la luz");
    expect(last(t.group("verif"))).toBe("Report #1 is rejected by 2 verifiers. Nothing was broadcast.");
    expect(last(t.inbox("Ana"))).toBe(
      "Your report #1 was not confirmed by verifiers, so it was not broadcast. Reason given: cuadrilla de la luz. Thank you for reporting.",
    );
    await t.say("verif", "Val", "/confirm 1");
    expect(last(t.group("verif"))).toBe("Report #1 is already rejected; voting on it is closed.");
    expect(t.group("main").join("\n")).not.toContain("VERIFIED");
  });

  it("refuses an empty or oversized report and stores nothing", async () => {
    t = await alertWorld();
    await t.say("main", "Ana", "/alert");
    expect(last(t.group("main"))).toContain("Say what you see");
    await t.say("main", "Ana", `/alert ${"x".repeat(1200)}`);
    expect(last(t.group("main"))).toBe("That report is too long (1200 characters). Keep it under 1000: what, where, how many, and whether you saw it yourself.");
    await t.say("main", "Ana", "/alert vans firsthand=maybe");
    expect(last(t.group("main"))).toBe("firsthand= takes yes or no.");
    expect(new AlertStore(t.app.store.db).byNum(1, 1)).toBeNull();
  });

  it("accepts a report by direct message and answers there", async () => {
    t = await alertWorld();
    await t.dm("Ana", "/alerta camionetas donde=\"Elm y 5th\" testigo=si");
    expect(reportNum(t.inbox("Ana"))).toBe(1);
    expect(last(t.group("verif"))).toContain("Seen firsthand: yes");
  });

  it("groups similar pending reports so one broadcast covers them, telling every reporter", async () => {
    t = await alertWorld();
    await t.say("main", "Ana", '/alert vans parked where="Elm St & 5th"');
    t.clock.advance(10 * 60_000);
    await t.say("otro", "Ben", '/alerta agentes en la esquina donde="elm st and 5th"');
    expect(last(t.group("otro"))).toContain("Reporte #2 recibido. Parece lo mismo que el reporte #1 (mismo lugar, zona o vehículo)");
    expect(last(t.group("verif"))).toContain("2 reports of this, from 2 people (same place, zone or vehicle as report #1). Corroboration, not confirmation: vote once, for the group.");
    await t.say("verif", "Vera", "/confirm 2");
    await t.say("verif", "Vic", "/confirm 1");
    expect(t.group("main").filter((m) => m.includes("VERIFIED ALERT"))).toHaveLength(1);
    expect(last(t.inbox("Ana"))).toContain("as alert #1");
    expect(last(t.inbox("Ben"))).toContain("Tu reporte #2 fue confirmado");
    const store = new AlertStore(t.app.store.db);
    expect(store.byNum(1, 2)!.state).toBe("verified");
  });

  it("expires an unverified report after the pending time and tells the reporter", async () => {
    t = await alertWorld();
    await t.say("main", "Ana", "/alert vans where=Oak");
    t.clock.advance(59 * 60_000);
    t.app.scheduler.runOnce();
    await t.app.delivery.flush(5000);
    expect(new AlertStore(t.app.store.db).byNum(1, 1)!.state).toBe("pending");
    t.clock.advance(2 * 60_000);
    t.app.scheduler.runOnce();
    t.app.scheduler.runOnce();
    await t.app.delivery.flush(5000);
    expect(new AlertStore(t.app.store.db).byNum(1, 1)!.state).toBe("expired");
    expect(t.inbox("Ana").filter((m) => m.includes("could not be verified in time"))).toHaveLength(1);
    await t.say("verif", "Vera", "/confirm 1");
    expect(last(t.group("verif"))).toBe("Report #1 is already expired; voting on it is closed.");
    expect(T0).toBeGreaterThan(0);
  });

  it("refuses a report when the network has no verifiers", async () => {
    t = await alertWorld();
    for (const who of ["Vera", "Vic", "Val"]) await t.say("main", "Lena", `/role revoke ${who.toLowerCase()} verifier`);
    await t.say("main", "Ana", "/alert vans");
    expect(last(t.group("main"))).toContain("This network has no verifiers yet");
  });
});

describe("alerts: forgetting a person", () => {
  it("keeps report texts and vote counts without who sent or cast them", async () => {
    const { forgetPerson } = await import("../../src/alerts/store.js");
    const t = await alertWorld();
    try {
      await t.say("main", "Ana", "/alert vans where=Elm");
      await t.say("verif", "Vera", "/confirm 1");
      const db = t.app.store.db;
      const ana = t.app.services.people.find("memory", "ana")!;
      const vera = t.app.services.people.find("memory", "vera")!;
      expect(db.transaction(() => forgetPerson(db, ana.id))()).toEqual({ reports: 1, votes: 0 });
      expect(db.transaction(() => forgetPerson(db, vera.id))()).toEqual({ reports: 0, votes: 1 });
      const store = new AlertStore(db);
      const report = store.byNum(1, 1)!;
      expect(report.reporterId).toBeNull();
      expect(report.text).toBe("vans");
      expect(store.tally(report.id).confirm).toBe(1);
    } finally {
      await t.close();
    }
  });
});
