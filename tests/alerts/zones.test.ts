import { afterEach, describe, expect, it } from "vitest";
import { last, type TestApp } from "../support/app.js";
import { alertWorld, codeIn } from "./world.js";

/**
 * Eastside with two zones: `north` is linked to North, `south` to Sur; `main`, `otro` and `verif`
 * stay network-wide. Ben gets North's alerts privately, Cruz Sur's, Dora every zone's.
 */
async function zonedWorld(): Promise<TestApp> {
  const t = await alertWorld();
  for (const chat of ["north", "south"]) {
    await t.say("main", "Lena", "/network invite");
    const code = /\/network link (\S+)/.exec(last(t.inbox("Lena")))![1]!;
    await t.say(chat, "Lena", `/network link ${code}`);
  }
  await t.say("main", "Lena", "/zone add North");
  await t.say("otro", "Lena", "/zona agregar Sur");
  await t.say("north", "Lena", "/zone link North");
  await t.say("south", "Lena", "/zona enlazar sur");
  for (const who of ["Ben", "Cruz", "Dora"]) await t.say("main", who, "/network info");
  await t.dm("Ben", "/alerts on north");
  await t.dm("Cruz", "/avisos activar Sur");
  await t.dm("Dora", "/alerts on");
  return t;
}

const alertsIn = (texts: string[], num: number) => texts.filter((x) => x.startsWith(`🚨 VERIFIED ALERT #${num}`) || x.startsWith(`🚨 ALERTA VERIFICADA #${num}`));

describe("zones: alerts aimed at a zone's chats and its subscribers", () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it("defines zones, links chats, and shows them in /zone list and /network info", async () => {
    t = await zonedWorld();
    expect(t.group("main")).toContain(
      "Zone North added (the network has 1 zone). In a chat for that zone, a lead sends /zone link North; chats not linked to a zone get every alert.",
    );
    expect(t.group("otro")).toContain(
      "Listo, se agregó la zona Sur (la red tiene 2 zonas). En un chat de esa zona, alguien de coordinación envía /zona enlazar Sur; los chats sin zona reciben todas las alertas.",
    );
    expect(last(t.group("north"))).toBe("This chat now gets the alerts of zone North, and those for the whole network. Alerts of other zones don't come here.");
    await t.say("main", "Lena", "/zone list");
    expect(last(t.group("main"))).toBe("2 zones:\n  North: 1 chat\n  Sur: 1 chat\n  whole network (every zone): 3 chats");
    await t.say("main", "Ana", "/network info");
    expect(last(t.group("main"))).toContain("\n2 zones:\n  North: 1 chat\n  Sur: 1 chat\n  whole network (every zone): 3 chats");
  });

  it("refuses bad zones in both languages and changes nothing", async () => {
    t = await zonedWorld();
    await t.say("main", "Ana", "/zone add Westside");
    expect(last(t.group("main"))).toBe("Only a network lead can do that. An admin can give the role with /role grant.");
    await t.say("main", "Lena", "/zone add all");
    expect(last(t.group("main"))).toBe("“all” means every zone, so it can't be a zone's name. Pick another. Nothing was changed.");
    await t.say("otro", "Lena", "/zona agregar NORTH");
    expect(last(t.group("otro"))).toBe("Ya hay una zona que se llama North. No se cambió nada.");
    await t.say("north", "Lena", "/zone link Nowhere");
    expect(last(t.group("north"))).toBe("Eastside has no zone called “Nowhere”. Its zones: North, Sur. Nothing was changed.");
    await t.say("otro", "Lena", "/zona enlazar Nada");
    expect(last(t.group("otro"))).toBe("Eastside no tiene ninguna zona que se llame “Nada”. Sus zonas: North, Sur. No se cambió nada.");
    await t.say("main", "Ana", '/alert vans where="1420 Elm St" zone=Westside');
    expect(last(t.group("main"))).toBe("Eastside has no zone called “Westside”. Its zones: North, Sur. Nothing was changed.");
    await t.say("otro", "Ana", "/alerta camionetas zona=Oeste");
    expect(last(t.group("otro"))).toBe("Eastside no tiene ninguna zona que se llame “Oeste”. Sus zonas: North, Sur. No se cambió nada.");
    await t.dm("Ben", "/alerts on Westside");
    expect(last(t.inbox("Ben"))).toBe("Eastside has no zone called “Westside”. Its zones: North, Sur. Nothing was changed.");
    await t.dm("Cruz", "/avisos activar Oeste");
    expect(last(t.inbox("Cruz"))).toBe("Eastside no tiene ninguna zona que se llame “Oeste”. Sus zonas: North, Sur. No se cambió nada.");
    // Nothing was reported: verifiers got no card for the refused reports.
    expect(t.group("verif").some((x) => x.includes("Report #"))).toBe(false);
    await t.say("main", "Lena", "/zone list");
    expect(last(t.group("main"))).toBe("2 zones:\n  North: 1 chat\n  Sur: 1 chat\n  whole network (every zone): 3 chats");
  });

  it("sends a zone's alert to its chats, the network-wide ones and its subscribers, never to another zone", async () => {
    t = await zonedWorld();
    await t.say("main", "Ana", '/alert vans and agents where="1420 Elm St" zone=north');
    expect(last(t.group("verif"))).toContain("Zone: North");
    await t.say("verif", "Vera", "/confirm 1");
    await t.say("verif", "Vic", "/confirm 1");
    expect(t.group("verif").find((x) => x.startsWith("Report #1 is confirmed"))).toContain(
      "Alert #1 is going out to 4 chats.\nIt goes to the chats of zone North, the chats for the whole network and the members who get that zone's alerts privately.",
    );
    for (const chat of ["main", "north", "verif"]) expect(alertsIn(t.group(chat), 1)).toHaveLength(1);
    expect(alertsIn(t.group("otro"), 1)).toHaveLength(1);
    expect(alertsIn(t.group("south"), 1)).toEqual([]);
    expect(alertsIn(t.inbox("Cruz"), 1)).toEqual([]);
    const [ben] = alertsIn(t.inbox("Ben"), 1);
    const [dora] = alertsIn(t.inbox("Dora"), 1);
    // The private copy is the plain chat's text, word for word: same code, street only.
    expect(ben).toBe(last(alertsIn(t.group("main"), 1)));
    expect(dora).toBe(ben);
    expect(ben).not.toContain("1420");
    expect(codeIn(ben!)).toBe(codeIn(last(alertsIn(t.group("north"), 1))));
    // On each platform the groups' copies leave before the private ones.
    const sends = t.adapter.sent.map((x, i) => ({ i, to: x.to, alert: alertsIn([x.msg.text], 1).length > 0 })).filter((x) => x.alert);
    const lastGroup = Math.max(...sends.filter((x) => !x.to.startsWith("dm:")).map((x) => x.i));
    const firstPrivate = Math.min(...sends.filter((x) => x.to.startsWith("dm:")).map((x) => x.i));
    expect(lastGroup).toBeLessThan(firstPrivate);
    // /verify of the private copy, pasted back whole.
    await t.dm("Ben", `/verify ${ben}`);
    expect(last(t.inbox("Ben"))).toMatch(/^✅ Genuine, word for word: this is alert #1 of Eastside/);
    // The all-clear reaches the same people, and not the other zone.
    await t.say("verif", "Vera", "/allclear 1");
    expect(t.inbox("Ben").filter((x) => x.startsWith("✅ ALL CLEAR · alert #1"))).toHaveLength(1);
    expect(t.group("south").some((x) => x.includes("ALL CLEAR"))).toBe(false);
    expect(t.inbox("Cruz").some((x) => x.includes("ALL CLEAR"))).toBe(false);
  });

  it("shows the exact place in a private copy only where that private chat is end-to-end encrypted", async () => {
    t = await zonedWorld();
    t.adapter.encrypted.add("@ben");
    await t.say("main", "Ana", '/alert vans and agents where="1420 Elm St" zone=North');
    await t.say("verif", "Vera", "/confirm 1");
    await t.say("verif", "Vic", "/confirm 1");
    const [ben] = alertsIn(t.inbox("Ben"), 1);
    const [dora] = alertsIn(t.inbox("Dora"), 1);
    expect(ben).toContain("\nWhere: 1420 Elm St\n");
    expect(dora).toContain("\nWhere: Elm St\n");
    expect(codeIn(ben!)).toBe(codeIn(dora!));
    await t.dm("Ben", `/verify ${ben}`);
    expect(last(t.inbox("Ben"))).toMatch(/^✅ Genuine, word for word: this is alert #1 of Eastside/);
  });

  it("widens a zoned alert from the card's button, and never reads a note's first word as widening", async () => {
    t = await zonedWorld();
    await t.say("main", "Ana", "/alert vans zone=North where=Oak");
    const card = t.adapter.sent.filter((s) => s.to === "memory:verif").at(-1)!;
    expect(card.msg.buttons?.map((b) => b.label)).toEqual(["Confirm #1", "Confirm #1, whole network", "Reject #1", "Unsure #1", "I'm going #1"]);
    await t.adapter.push({ kind: "action", chat: "memory:verif", author: { id: "vera", displayName: "Vera", isBot: false }, isDirect: false, ...button(card, "Confirm #1, whole network") });
    await t.app.delivery.flush(5000);
    await t.say("verif", "Vic", "/confirm 1 red van seen");
    expect(alertsIn(t.group("south"), 1)).toHaveLength(1);
    await t.say("main", "Ben", "/alert more vans zone=North");
    await t.say("verif", "Vera", "/confirm 2 red van seen");
    await t.say("verif", "Vic", "/confirmar 2 todas se fueron al norte");
    expect(alertsIn(t.group("north"), 2)).toHaveLength(1);
    expect(alertsIn(t.group("south"), 2)).toEqual([]);
  });

  it("keeps a chat's zones when the chat moves to a new id (a Telegram group becoming a supergroup)", async () => {
    t = await zonedWorld();
    await t.adapter.push({ kind: "membership", chat: "memory:north", change: "migrated", newChat: "memory:north2" });
    await t.say("main", "Ana", "/alert vans zone=Sur");
    await t.say("verif", "Vera", "/confirm 1");
    await t.say("verif", "Vic", "/confirm 1");
    expect(alertsIn(t.group("south"), 1)).toHaveLength(1);
    expect(alertsIn(t.group("north2"), 1)).toEqual([]);
    await t.say("main", "Ana", "/alert agents zone=North");
    await t.say("verif", "Vera", "/confirm 2");
    await t.say("verif", "Vic", "/confirm 2");
    expect(alertsIn(t.group("north2"), 2)).toHaveLength(1);
  });

  it("asks a report's zone with buttons, and a verifier can widen it to the whole network", async () => {
    t = await zonedWorld();
    await t.say("south", "Ana", "/alert agents at the market where=Oak");
    const question = t.adapter.sent.filter((s) => s.to === "memory:south").at(-1)!;
    expect(question.msg.text).toContain("Which zone is report #1 in?");
    expect(question.msg.buttons?.map((b) => b.label)).toEqual(["North", "Sur"]);
    expect(t.group("verif").some((x) => x.includes("Zone: not given yet"))).toBe(true);
    // Someone else may not answer for the reporter.
    await t.adapter.push({ kind: "action", chat: "memory:south", author: { id: "ben", displayName: "Ben", isBot: false }, isDirect: false, ...button(question, "Sur") });
    await t.app.delivery.flush(5000);
    expect(last(t.group("south"))).toBe("Only the person who sent report #1, or a verifier, can say which zone it's in. Nothing was changed.");
    await t.adapter.push({ kind: "action", chat: "memory:south", author: { id: "ana", displayName: "Ana", isBot: false }, isDirect: false, ...button(question, "Sur") });
    await t.app.delivery.flush(5000);
    expect(last(t.group("south"))).toContain("Report #1 is in zone Sur.");
    expect(last(t.group("verif"))).toBe("Report #1 is in zone Sur. To send alert #1 to the whole network instead: /confirm 1 wide");
    await t.say("verif", "Vera", "/confirm 1 wide");
    await t.say("verif", "Vic", "/confirmar 1");
    expect(t.group("verif").find((x) => x.startsWith("Report #1 is confirmed"))).toContain("Alert #1 is going out to 5 chats.\nIt goes to every chat of the network, whatever its zone");
    for (const chat of ["main", "north", "south", "otro", "verif"]) expect(alertsIn(t.group(chat), 1)).toHaveLength(1);
    for (const who of ["Ben", "Cruz", "Dora"]) expect(alertsIn(t.inbox(who), 1)).toHaveLength(1);
    expect(alertsIn(t.inbox("Cruz"), 1)[0]).toMatch(/^🚨 ALERTA VERIFICADA #1/);
    await t.say("verif", "Vera", "/zone report 1 North");
    expect(last(t.group("verif"))).toBe("Report #1 is already confirmed, so its zone can't change now.");
  });

  it("names another network's zone only privately, and refuses a subscription in a group privately", async () => {
    t = await zonedWorld();
    await t.say("west", "Ben", "/network create Westside");
    await t.say("west", "Ben", "/zone add Hills");
    await t.say("west", "Lena", "/network info");
    await t.say("main", "Ben", "/alerts on Hills");
    expect(last(t.group("main"))).toBe("I've sent you the details in a private message.");
    expect(t.inbox("Ben")).toContain("“Hills” is a zone of Westside, not of Eastside (the network here). Send this from a Westside chat instead. Nothing was changed.");
    await t.say("north", "Lena", "/zone link Hills");
    expect(last(t.group("north"))).toBe("Eastside has no zone called “Hills”. Its zones: North, Sur. Nothing was changed.");
    // Ben's subscription to North is as it was.
    await t.say("main", "Ana", "/alert vans zone=North");
    await t.say("verif", "Vera", "/confirm 1");
    await t.say("verif", "Vic", "/confirm 1");
    expect(alertsIn(t.inbox("Ben"), 1)).toHaveLength(1);
  });

  it("keeps subscriptions private, shows them in /privacy and deletes them with /alerts off and /forgetme", async () => {
    t = await zonedWorld();
    // Subscribing in a group: the answer goes privately, the group learns nothing of the zones.
    await t.say("main", "Ana", "/alerts on Sur");
    expect(last(t.group("main"))).toBe("I've sent you the details in a private message.");
    expect(last(t.inbox("Ana"))).toContain("verified alerts of zone Sur of Eastside");
    await t.dm("Ben", "/privacy");
    expect(last(t.inbox("Ben"))).toContain("1 subscription to alerts by private message");
    await t.dm("Cruz", "/avisos desactivar");
    expect(last(t.inbox("Cruz"))).toBe("Listo, ya no te llegarán en privado las alertas de Eastside. Los chats las siguen recibiendo.");
    await t.dm("Cruz", "/avisos desactivar");
    expect(last(t.inbox("Cruz"))).toBe("No estabas recibiendo en privado las alertas de Eastside, así que no cambió nada.");
    await t.dm("Ben", "/forgetme");
    const code = /\/forgetme ([A-Z0-9]{6})/.exec(last(t.inbox("Ben")))![1]!;
    await t.dm("Ben", `/forgetme ${code}`);
    const rows = t.app.store.db.prepare("SELECT p.user_id FROM alert_subscriptions s JOIN persons p ON p.id = s.person_id ORDER BY 1").all();
    expect(rows).toEqual([{ user_id: "ana" }, { user_id: "dora" }]);
    await t.say("main", "Ana", '/alert vans where="Elm St" zone=Sur');
    await t.say("verif", "Vera", "/confirm 1");
    await t.say("verif", "Vic", "/confirm 1");
    expect(alertsIn(t.inbox("Ana"), 1)).toHaveLength(1);
    expect(alertsIn(t.inbox("Ben"), 1)).toEqual([]);
    expect(alertsIn(t.inbox("Cruz"), 1)).toEqual([]);
  });
});

function button(sent: { msg: { buttons?: { label: string; action: string; payload: string }[] } }, label: string): { action: string; payload: string } {
  const b = sent.msg.buttons!.find((x) => x.label === label)!;
  return { action: b.action, payload: b.payload };
}

describe("zones: similar reports of one zone grouped for the verifiers", () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it("groups reports of the same zone within 30 minutes as corroboration, never across zones or later", async () => {
    t = await zonedWorld();
    await t.say("main", "Ana", '/alert vans and agents where="Elm St" zone=North');
    t.clock.advance(5 * 60_000);
    await t.say("otro", "Ben", '/alerta agentes donde="Pine Ave" zona=North');
    expect(last(t.group("otro"))).toContain("Parece lo mismo que el reporte #1 (mismo lugar, zona o vehículo)");
    expect(last(t.group("verif"))).toContain("2 reports of this, from 2 people (same place, zone or vehicle as report #1). Corroboration, not confirmation");
    // Another zone, same street: its own report.
    await t.say("main", "Cruz", '/alert agents where="Elm St" zone=Sur');
    expect(last(t.group("main"))).not.toContain("same thing as report");
    expect(last(t.group("verif"))).not.toContain("reports of this");
    // 31 minutes after the first: a new report, not corroboration of an old one.
    t.clock.advance(26 * 60_000);
    await t.say("main", "Dora", "/alert agents again zone=North");
    expect(last(t.group("main"))).not.toContain("same thing as report");
    const groups = t.app.store.db.prepare("SELECT num, group_of FROM alerts ORDER BY num").all();
    expect(groups).toEqual([
      { num: 1, group_of: null },
      { num: 2, group_of: 1 },
      { num: 3, group_of: null },
      { num: 4, group_of: null },
    ]);
    // Two reports confirm nothing by themselves; a verifier votes once, for the group.
    expect(t.group("main").some((m) => m.includes("VERIFIED ALERT #1"))).toBe(false);
    await t.say("verif", "Vera", "/confirm 2");
    await t.say("verif", "Vera", "/confirm 1");
    expect(last(t.group("verif"))).toBe("You already voted on report #1. Each verifier has one vote.");
  });
});

describe("zones: an alert's expiry reaches whoever got it privately", () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it("tells each subscriber who got the private copy, once, in their language, and nobody else", async () => {
    t = await zonedWorld();
    await t.dm("Cruz", "/avisos activar");
    await t.say("main", "Ana", "/alert vans zone=North where=Oak");
    await t.say("verif", "Vera", "/confirm 1");
    await t.say("verif", "Vic", "/confirm 1");
    for (const who of ["Ben", "Cruz", "Dora"]) expect(t.inbox(who).filter((x) => /#1\b/.test(x) && x.includes("ALERT"))).toHaveLength(1);
    // Subscribed after the alert went out: never sent it, so never told it ended.
    await t.dm("Ana", "/alerts on North");
    t.clock.advance(4 * 3_600_000 + 1000);
    t.app.scheduler.runOnce();
    t.app.scheduler.runOnce();
    await t.app.delivery.flush(5000);
    const expired = (who: string) => t.inbox(who).filter((x) => x.startsWith("⌛"));
    expect(expired("Ben")).toEqual(["⌛ Alert #1 of Eastside has expired: it is no longer current."]);
    expect(expired("Dora")).toEqual(["⌛ Alert #1 of Eastside has expired: it is no longer current."]);
    expect(expired("Cruz")).toEqual(["⌛ La alerta #1 de Eastside venció: ya no está vigente."]);
    expect(expired("Ana")).toEqual([]);
    // Not a copy of the alert: the counts of private copies stay the copies'.
    const keys = t.app.store.db.prepare("SELECT count(*) AS n FROM outbox WHERE key LIKE 'alert-dm:%'").get();
    expect(keys).toEqual({ n: 3 });
  });
});
