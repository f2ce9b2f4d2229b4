import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.js";
import { last, startTestApp, type TestApp } from "../support/app.js";

describe("networks", () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it("links a chat on another platform-chat with a one-time invite sent privately", async () => {
    t = await startTestApp();
    await t.say("east", "Lena", "/network create Eastside");
    await t.say("east", "Lena", "/network invite");
    expect(last(t.group("east"))).toBe("I've sent you the details in a private message.");
    const code = /\/network link (\S+)/.exec(last(t.inbox("Lena")))?.[1];
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(t.group("east").join("\n")).not.toContain(code!);
    await t.say("second", "Ana", `/network link ${code}`);
    expect(t.group("second").find((m) => m.startsWith("This chat is now part"))).toMatch(/^This chat is now part of the network “Eastside”\.\nAlert key: [0-9A-F ]{39}\. /);
    // The code works once only.
    await t.say("third", "Ben", `/network link ${code}`);
    expect(last(t.group("third"))).toBe("That invite code is unknown, already used or expired. Ask an admin for a new one with /network invite.");
    await t.say("second", "Ana", "/network info");
    expect(last(t.group("second"))).toMatch(/^Network “Eastside” \(id 1\)\nTime zone: UTC .*\nChats: test: 2 \(0 end-to-end encrypted\)\nMembers: 2\nAlert key: [0-9A-F ]{39}\. Every genuine alert/);
  });

  it("expires invite codes after 24 hours", async () => {
    t = await startTestApp();
    await t.say("east", "Lena", "/network create Eastside");
    await t.say("east", "Lena", "/network invite");
    const code = /\/network link (\S+)/.exec(last(t.inbox("Lena")))![1];
    t.clock.advance(24 * 3_600_000 + 1);
    await t.say("second", "Ana", `/network link ${code}`);
    expect(last(t.group("second"))).toContain("unknown, already used or expired");
  });

  it("never shows one network's data in another's chat", async () => {
    t = await startTestApp();
    await t.say("east", "Lena", "/network create Eastside");
    await t.say("east", "Lena", '/shift new sat 10am 2h "East church" 5');
    await t.say("west", "Omar", "/network create Westside");
    await t.say("west", "Omar", "/shifts");
    expect(last(t.group("west"))).toBe("No upcoming shifts. A lead can post one with /shift new.");
    await t.say("west", "Pia", "/signup 1");
    expect(last(t.group("west"))).toBe("There is no shift #1 in this network. /shifts lists them.");
    await t.say("west", "Omar", '/shift new sat 11am 2h "West hall" 5');
    expect(last(t.group("west"))).toContain("Shift #1 posted");
    await t.say("west", "Pia", "/signup 1");
    expect(last(t.inbox("Pia"))).toContain("West hall");
    expect(t.group("west").join("\n")).not.toContain("West hall");
    await t.say("east", "Lena", "/roster 1");
    expect(last(t.inbox("Lena"))).toContain("East church");
    expect(last(t.inbox("Lena"))).not.toContain("Pia");
    // An admin of one network has no power in the other.
    await t.say("west", "Lena", "/network tz Europe/Madrid");
    expect(last(t.group("west"))).toBe("Only a network admin can do that. An admin can give the role with /role grant.");
  });

  it("keeps the last admin", async () => {
    t = await startTestApp();
    await t.say("east", "Lena", "/network create Eastside");
    await t.say("east", "Lena", "/role revoke Lena admin");
    expect(last(t.group("east"))).toBe("The network needs at least one admin; give the role to someone else first.");
  });

  it("lets a person choose their own language in a private chat, which wins there", async () => {
    t = await startTestApp();
    await t.say("east", "Lena", "/network create Eastside");
    await t.dm("Ana", "/lang es");
    expect(last(t.inbox("Ana"))).toBe("Te escribiré en español.");
    await t.say("east", "Ana", "/shifts");
    expect(last(t.group("east"))).toBe("No upcoming shifts. A lead can post one with /shift new.");
    await t.dm("Ana", "/shifts");
    expect(last(t.inbox("Ana"))).toBe("No hay turnos próximos. Alguien del equipo de coordinación puede publicar uno con /turno nuevo.");
  });
});

describe("logging", () => {
  it("redacts message text, user ids, names and secrets wherever they appear", () => {
    let written = "";
    const sink = new Writable({
      write(chunk, _enc, done) {
        written += chunk.toString();
        done();
      },
    });
    const log = createLogger({ destination: sink, level: "info" });
    log.info({ text: "redada en la calle Luna", author: { id: "555", displayName: "Ana Reyes" }, token: "123:secret", event: { args: "Calle Luna 12" } }, "x");
    expect(written).not.toMatch(/Luna|555|Ana Reyes|123:secret/);
    expect(written).toContain("[redacted]");
  });
});

describe("strangers", () => {
  it("leaves no lasting record of someone who belongs to no network", async () => {
    const t = await startTestApp();
    try {
      await t.say("lobby", "Zed", "/help");
      await t.say("east", "Lena", "/network create Eastside");
      const persons = () => t.app.store.db.prepare("SELECT user_id FROM persons ORDER BY user_id").all();
      expect(persons()).toEqual([{ user_id: "lena" }, { user_id: "zed" }]);
      t.app.scheduler.runOnce();
      expect(persons()).toEqual([{ user_id: "lena" }]);
    } finally {
      await t.close();
    }
  });
});
