import { beforeEach, describe, expect, it } from "vitest";
import { type ChatEvent, chatRef, type CommandEvent } from "../../src/core/port.js";
import { eventually, memoryState } from "../contract/adapter-contract.js";
import { type MatrixWorld, useMatrixWorld } from "./setup.js";

function commands(events: ChatEvent[]): CommandEvent[] {
  return events.filter((e): e is CommandEvent => e.kind === "command");
}

describe("matrix adapter: commands in", () => {
  const world = useMatrixWorld();
  const adapter = world.adapter;
  let w: MatrixWorld;
  beforeEach(() => {
    w = world.current();
  });

  it("delivers prefix and mention commands with the room, the author and the event id", async () => {
    const host = w.host();
    await adapter().start(host);
    const byPrefix = w.hs.sendText(w.room, w.alice.userId, "!pl shift new Sat 9am");
    w.hs.sendText(w.room, w.alice.userId, `${w.bot.userId}: canvass list`);
    w.hs.sendText(w.room, w.alice.userId, "Porchlight: alerta", {
      format: "org.matrix.custom.html",
      formatted_body: `<a href="https://matrix.to/#/${w.bot.userId}">Porchlight</a>: alerta`,
    });
    w.hs.sendText(w.room, w.alice.userId, "just chatting about shifts");
    const got = await eventually(() => {
      const c = commands(host.events);
      expect(c).toHaveLength(3);
      return c;
    });
    expect(got.map((c) => [c.name, c.args])).toEqual([
      ["shift", "new Sat 9am"],
      ["canvass", "list"],
      ["alerta", ""],
    ]);
    expect(got[0]).toMatchObject({
      chat: chatRef("matrix", w.room),
      author: { id: w.alice.userId, displayName: "Alice", isBot: false },
      isDirect: false,
      interactionId: byPrefix,
    });
  });

  it("treats a direct room the person invited the bot to as direct, and needs no prefix there", async () => {
    const host = w.host();
    await adapter({ allowedInviters: [w.alice.userId] }).start(host);
    const dm = w.hs.createRoom(w.alice.userId, { invite: [w.bot.userId], direct: true });
    await eventually(() => expect(w.hs.membership(dm, w.bot.userId)).toBe("join"));
    // The adapter records the room in m.direct with the request after its join.
    await eventually(() => expect(w.hs.accountData(w.bot.userId, "m.direct")).toEqual({ [w.alice.userId]: [dm] }));
    w.hs.sendText(dm, w.alice.userId, "signup 3");
    w.hs.sendText(w.room, w.alice.userId, "!pl where");
    const got = await eventually(() => {
      const c = commands(host.events);
      expect(c).toHaveLength(2);
      return c;
    });
    expect(got.find((c) => c.name === "signup")).toMatchObject({ chat: chatRef("matrix", dm), isDirect: true, args: "3" });
    // The group room holds only Alice and the bot too, but it is not a direct room.
    expect(got.find((c) => c.name === "where")).toMatchObject({ chat: chatRef("matrix", w.room), isDirect: false });
  });

  it("stops treating a direct room as direct once a third person is in it", async () => {
    const carol = w.hs.createUser("carol", "Carol");
    const dm = w.hs.createRoom(w.alice.userId, { members: [w.bot.userId] });
    w.hs.setAccountData(w.bot.userId, "m.direct", { [w.alice.userId]: [dm] });
    const host = w.host();
    await adapter().start(host);
    w.hs.sendText(dm, w.alice.userId, "first");
    await eventually(() => expect(commands(host.events)).toHaveLength(1));
    w.hs.invite(dm, w.alice.userId, carol.userId);
    w.hs.join(dm, carol.userId);
    w.hs.sendText(dm, w.alice.userId, "!pl second");
    const got = await eventually(() => {
      const c = commands(host.events);
      expect(c).toHaveLength(2);
      return c;
    });
    expect(got.map((c) => [c.name, c.isDirect])).toEqual([
      ["first", true],
      ["second", false],
    ]);
  });

  it("does not act on history the first time it syncs", async () => {
    w.hs.sendText(w.room, w.alice.userId, "!pl old-command");
    const host = w.host();
    await adapter().start(host);
    w.hs.sendText(w.room, w.alice.userId, "!pl new-command");
    await eventually(() => expect(commands(host.events).map((c) => c.name)).toContain("new-command"));
    expect(commands(host.events).map((c) => c.name)).not.toContain("old-command");
  });

  it("keeps the sync token in host.state: a restart neither replays old commands nor loses new ones", async () => {
    const state = memoryState();
    const first = w.host(state);
    const a1 = adapter();
    await a1.start(first);
    w.hs.sendText(w.room, w.alice.userId, "!pl one");
    await eventually(() => expect(commands(first.events).map((c) => c.name)).toEqual(["one"]));
    await a1.stop();
    expect(state.get("sdk:sync_token")).toMatch(/^s/);

    w.hs.sendText(w.room, w.alice.userId, "!pl two"); // while the bot is down
    const second = w.host(state);
    await adapter().start(second);
    w.hs.sendText(w.room, w.alice.userId, "!pl three");
    await eventually(() => expect(commands(second.events).map((c) => c.name)).toEqual(["two", "three"]));
  });

  it("ignores the bot's own messages, even from its other devices", async () => {
    const host = w.host();
    await adapter().start(host);
    w.hs.sendText(w.room, w.bot.userId, "!pl echo");
    w.hs.sendText(w.room, w.alice.userId, "!pl ping");
    await eventually(() => expect(commands(host.events).map((c) => c.name)).toEqual(["ping"]));
  });

  it("skips malformed, undecryptable and oversized events without stopping", async () => {
    const host = w.host();
    await adapter().start(host);
    w.hs.sendEvent(w.room, w.alice.userId, "m.room.message", { msgtype: "m.text", body: 42 });
    w.hs.sendEvent(w.room, w.alice.userId, "m.room.message", { msgtype: "m.text" });
    w.hs.sendEvent(w.room, w.alice.userId, "m.room.encrypted", { algorithm: "m.megolm.v1.aes-sha2", ciphertext: "AAA" });
    w.hs.sendText(w.room, w.alice.userId, `!pl secret-${"x".repeat(9000)}`);
    w.hs.sendText(w.room, w.alice.userId, "!pl ping");
    await eventually(() => expect(commands(host.events).map((c) => c.name)).toEqual(["ping"]));
    await eventually(() =>
      expect(w.log.lines.some((l) => l.msg?.includes("skipped") && (l.obj as { skipped?: number }).skipped)).toBe(true),
    );
  });

  it("logs no message text, user ids or tokens", async () => {
    const host = w.host();
    const a = adapter();
    await a.start(host);
    w.hs.sendText(w.room, w.alice.userId, "!pl shift new at 12 Elm Street");
    w.hs.sendEvent(w.room, w.alice.userId, "m.room.encrypted", { ciphertext: "AAA" });
    await eventually(() => expect(commands(host.events)).toHaveLength(1));
    w.hs.rateLimitNext({ path: "/send/" }, 1000);
    await a.send(chatRef("matrix", w.room), { text: "Elm Street reply" }, "k1").catch(() => undefined);
    await a.stop();
    const logged = JSON.stringify(w.log.lines);
    for (const secret of ["Elm Street", "alice", w.bot.accessToken, w.bot.userId]) expect(logged).not.toContain(secret);
  });
  it("names the people a command gives by user id, matrix.to link or pill, never the bot or a reply's author", async () => {
    const host = w.host();
    await adapter().start(host);
    w.hs.sendText(w.room, w.alice.userId, "!pl role grant @bea:example.org verifier");
    w.hs.sendText(w.room, w.alice.userId, "!pl role grant https://matrix.to/#/@cruz:example.org lead");
    w.hs.sendText(w.room, w.alice.userId, "> <@mallory:example.org> hi\n\n!pl role grant Bea verifier", {
      format: "org.matrix.custom.html",
      formatted_body:
        '<mx-reply><blockquote><a href="https://matrix.to/#/@mallory:example.org">Mallory</a> hi</blockquote></mx-reply>' +
        `!pl role grant <a href="https://matrix.to/#/%40bea%3Aexample.org">Bea &amp; co</a> verifier`,
      "m.relates_to": { "m.in_reply_to": { event_id: "$earlier" } },
    });
    w.hs.sendText(w.room, w.alice.userId, `!pl role grant ${w.bot.userId} admin`);
    const got = await eventually(() => {
      const c = commands(host.events);
      expect(c).toHaveLength(4);
      return c;
    });
    expect(got.map((c) => c.mentions)).toEqual([
      [{ id: "@bea:example.org", displayName: "bea" }],
      [{ id: "@cruz:example.org", displayName: "cruz" }],
      [{ id: "@bea:example.org", displayName: "Bea & co" }],
      undefined,
    ]);
  });
});
