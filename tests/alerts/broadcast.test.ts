import { afterEach, describe, expect, it } from "vitest";
import { SigningKeys } from "../../src/alerts/keys.js";
import { AlertStore } from "../../src/alerts/store.js";
import { AdapterError } from "../../src/core/port.js";
import { last, type TestApp } from "../support/app.js";
import { alertWorld, codeIn } from "./world.js";

/** A world with alert #1 verified and broadcast. */
async function verified(): Promise<TestApp> {
  const t = await alertWorld();
  await t.say("main", "Ana", '/alert vans and agents where="1420 Elm St" size=4');
  await t.say("verif", "Vera", "/confirm 1");
  await t.say("verif", "Vic", "/confirm 1");
  return t;
}

describe("alerts: updates, all-clear, status and signatures", () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it("broadcasts an update referring to the original, marks the original, and extends the expiry", async () => {
    t = await verified();
    const original = last(t.group("main"));
    t.clock.advance(60 * 60_000);
    await t.say("verif", "Vera", "/alert update 1 agents left towards Pine");
    expect(posts(t, "verif")).toContain("The update to alert #1 is going out to 3 chats.");
    const update = last(posts(t, "main"));
    expect(update).toMatch(/^🚨 UPDATE to verified alert #1 · Eastside\nUpdate: agents left towards Pine\nValid until: Tue Dec 1, 11am\nSignature: \d+\.1\.1-/);
    expect(last(posts(t, "otro"))).toMatch(/^🚨 ACTUALIZACIÓN de la alerta verificada #1/);
    // The memory platform can edit: the original carries a mark now.
    expect(t.group("main")).toContain(`(edited m${idOf(t, "memory:main", original)}) ⚠️ UPDATED: see the newer message about alert #1.\n${original}`);
    const store = new AlertStore(t.app.store.db);
    expect(store.byNum(1, 1)!.expiresAt).toBe(t.clock.now() + 4 * 3_600_000);
  });

  it("refuses an update by a member and on an alert that is not live", async () => {
    t = await verified();
    await t.say("main", "Ana", "/alert update 1 fake news");
    expect(last(t.group("main"))).toBe("Only a network verifier can do that. An admin can give the role with /role grant.");
    await t.say("main", "Ben", "/alert more vans where=Oak");
    await t.say("verif", "Vera", "/alert update 2 hmm");
    expect(last(t.group("verif"))).toBe("Alert #2 is pending, not a live verified alert, so there is nothing to update.");
  });

  it("broadcasts the all-clear, closes the alert, and expires a verified alert at its time", async () => {
    t = await verified();
    await t.say("verif", "Vic", "/despejado 1");
    expect(last(posts(t, "main"))).toMatch(/^✅ ALL CLEAR · alert #1 · Eastside\nAlert #1 is over\./);
    expect(last(posts(t, "otro"))).toMatch(/^✅ ALERTA TERMINADA · alerta #1/);
    expect(t.group("otro").filter((m) => m.includes("✅ ALERTA TERMINADA: la alerta #1 terminó.\n🚨 ALERTA VERIFICADA #1"))).toHaveLength(1);
    expect(new AlertStore(t.app.store.db).byNum(1, 1)!.state).toBe("allclear");
    await t.say("verif", "Vic", "/allclear 1");
    expect(last(posts(t, "verif"))).toBe("Alert #1 is all clear, not a live verified alert, so there is nothing to update.");

    await t.say("main", "Ben", "/alert vans where=Oak");
    await t.say("verif", "Vera", "/confirm 2");
    await t.say("verif", "Vic", "/confirm 2");
    t.clock.advance(4 * 3_600_000 + 1000);
    t.app.scheduler.runOnce();
    await t.app.delivery.flush(5000);
    expect(new AlertStore(t.app.store.db).byNum(1, 2)!.state).toBe("expired");
    expect(t.group("main").filter((m) => m.includes("⌛ EXPIRED: alert #2 is no longer current."))).toHaveLength(1);
  });

  it("shows verifiers per platform how many chats have the alert, and which failed and why", async () => {
    t = await alertWorld();
    await t.say("main", "Ana", "/alert vans where=Elm");
    await t.say("verif", "Vera", "/confirm 1");
    // The first failure meets the reply to the vote, sent at once; the second the first queued copy (main).
    t.adapter.failNextSend(new AdapterError("TRANSIENT", "down"));
    t.adapter.failNextSend(new AdapterError("CHAT_GONE", "gone"));
    await t.say("verif", "Vic", "/confirm 1");
    await t.say("verif", "Vera", "/alert status 1");
    const status = last(t.group("verif"));
    expect(status).toMatch(/^Alert \d+\.1\.0-[A-Z0-9]{10}:\n {2}test: 2 of 3 delivered, 0 waiting, 1 failed\n {4}failed: memory:main \(CHAT_GONE\)$/);
    await t.say("main", "Ana", "/alert status 1");
    expect(last(t.group("main"))).toContain("Only a network verifier");
  });

  it("answers /verify: genuine for a code or the pasted alert, not genuine when forged or changed", async () => {
    t = await verified();
    const main = last(t.group("main"));
    const otro = last(t.group("otro"));
    const code = codeIn(main);
    await t.say("elsewhere", "Zoe", `/verify ${code}`);
    expect(last(t.group("elsewhere"))).toMatch(new RegExp(`^✅ Real code: ${code.replace(/\./g, "\\.")} is alert #1 of Eastside, signed Tue Dec 1, 6am\\.`));
    await t.say("elsewhere", "Zoe", `/verify ${main}`);
    expect(last(t.group("elsewhere"))).toMatch(/^✅ Genuine, word for word: this is alert #1 of Eastside/);
    // Asked with the Spanish word in a chat with no language of its own: answered in Spanish.
    await t.say("elsewhere", "Zoe", `/verificar ${otro}`);
    expect(last(t.group("elsewhere"))).toMatch(/^✅ Auténtica, palabra por palabra/);
    // A markdown platform's raw copy keeps backslash escapes (Discord "Copy Text"): still genuine.
    await t.say("elsewhere", "Zoe", `/verify ${main.replace(/([:·#])/gu, "\\$1")}`);
    expect(last(t.group("elsewhere"))).toMatch(/^✅ Genuine/);
    await t.say("elsewhere", "Zoe", `/verify ${main.replace("Elm St", "Pine St")}`);
    expect(last(t.group("elsewhere"))).toMatch(
      new RegExp(`^❌ NOT genuine: ${code.replace(/\./g, "\\.")} is a real code of alert #1 of Eastside, but the text you sent is not what was signed \\(it differs at “Pine”\\)`),
    );
    const forged = `${code.slice(0, -3)}${code.endsWith("AAA") ? "BBB" : "AAA"}`;
    await t.say("elsewhere", "Zoe", `/verify ${forged}`);
    expect(last(t.group("elsewhere"))).toMatch(new RegExp(`^❓ Unknown code: no alert has the code ${forged.replace(/\./g, "\\.")}\\.`));
    await t.say("elsewhere", "Zoe", "/verify hello");
    expect(last(t.group("elsewhere"))).toContain("I can't find a signature code in that.");
  });

  it("checks an alert pasted into a private chat without any command, where the platform passes such lines on", async () => {
    t = await verified();
    const main = last(t.group("main"));
    // As Matrix and the console deliver a private line: its first word as the command, the rest as text.
    const [first, ...rest] = main.split(" ");
    const privately = (text: string) =>
      t.adapter.push({ kind: "command", chat: "memory:@zoe", author: { id: "zoe", displayName: "Zoe", isBot: false }, isDirect: true, name: first!, args: text });
    await privately(rest.join(" "));
    expect(last(t.inbox("Zoe"))).toMatch(/^✅ Genuine, word for word/);
    await privately(rest.join(" ").replace("Elm St", "Pine St"));
    expect(last(t.inbox("Zoe"))).toMatch(/^❌ NOT genuine/);
    // A private line with no code is still an unknown command.
    await t.adapter.push({ kind: "command", chat: "memory:@zoe", author: { id: "zoe", displayName: "Zoe", isBot: false }, isDirect: true, name: "hello", args: "there" });
    expect(last(t.inbox("Zoe"))).toBe("I don't know /hello. Send /help to see what I can do.");
  });

  it("keeps verifying alerts signed by a retired key after rotation, and says so", async () => {
    t = await verified();
    const code = codeIn(last(t.group("main")));
    await t.say("main", "Ana", "/network key");
    const before = last(t.group("main"));
    expect(before).toMatch(/^Alert signing key of Eastside\nFingerprint: [0-9A-F ]{39}\nPublic key: [A-Za-z0-9_-]{43}\n/);
    t.app.store.db.transaction(() => new SigningKeys(t.app.store.db).rotate(1, t.clock.now()))();
    await t.say("main", "Ana", "/network key");
    expect(last(t.group("main"))).not.toBe(before);
    await t.say("main", "Ana", `/verify ${code}`);
    expect(last(t.group("main")).split("\n")[1]).toMatch(/^Network: Eastside · earlier key [0-9A-F ]{39} \(retired Tue Dec 1, 6am; it still proves what it signed\)$/);
  });
});

/** Messages posted to a group chat, without edits of earlier ones. */
function posts(t: TestApp, chat: string): string[] {
  return t.group(chat).filter((m) => !m.startsWith("(edited "));
}

/** The memory adapter's message id of a text it delivered to `to`. */
function idOf(t: TestApp, to: string, text: string): number {
  const index = t.adapter.sent.findIndex((s) => s.to === to && s.msg.text === text);
  // Memory message ids count every delivery; recover it from the outbox instead.
  const row = t.app.store.db.prepare("SELECT message_id FROM outbox WHERE target = ? AND key LIKE 'alert:%' ORDER BY id LIMIT 1").get(to) as {
    message_id: string;
  };
  expect(index).toBeGreaterThanOrEqual(0);
  return Number(row.message_id.slice(1));
}
