import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ActionEvent, chatRef, type PlatformAdapter } from "../../src/core/port.js";
import { eventually, failure, memoryState } from "../contract/adapter-contract.js";
import { type MatrixWorld, matrixWorld } from "./setup.js";

describe("matrix adapter: sends out", () => {
  let w: MatrixWorld;
  let a: PlatformAdapter;
  let host: ReturnType<MatrixWorld["host"]>;

  beforeEach(async () => {
    w = await matrixWorld();
    a = w.adapter({ sendTimeoutMs: 300 });
    host = w.host();
    await a.start(host);
  });
  afterEach(async () => {
    await a.stop();
    await w.hs.close();
  });

  const botEvents = () =>
    w.hs.events(w.room).filter((e) => e.sender === w.bot.userId && e.type === "m.room.message");

  it("posts an m.notice with escaped HTML, as a reply to the command", async () => {
    const cmd = w.hs.sendText(w.room, w.alice.userId, "!pl ping");
    const { messageId } = await a.send(
      chatRef("matrix", w.room),
      { text: "<b>pong</b> & more\nsecond line", replyTo: cmd },
      "reply-1",
    );
    const [event] = botEvents();
    expect(event?.event_id).toBe(messageId);
    expect(event?.content).toEqual({
      msgtype: "m.notice",
      body: "<b>pong</b> & more\nsecond line",
      format: "org.matrix.custom.html",
      formatted_body: "&lt;b&gt;pong&lt;/b&gt; &amp; more<br>second line",
      "m.relates_to": { "m.in_reply_to": { event_id: cmd } },
      "m.mentions": {},
    });
  });

  it("retries a send whose answer was lost with the same txnId: the room holds one event", async () => {
    w.hs.inject({ method: "PUT", path: "/send/" }, { kind: "dropAfterApply" });
    const lost = await failure(a.send(chatRef("matrix", w.room), { text: "Raid reported on Elm" }, "alert-7"));
    expect(lost.code).toBe("UNCERTAIN");
    expect(w.hs.messageBodies(w.room)).toEqual(["Raid reported on Elm"]); // it did arrive

    const retry = await a.send(chatRef("matrix", w.room), { text: "Raid reported on Elm" }, "alert-7");
    expect(botEvents()).toHaveLength(1);
    expect(retry.messageId).toBe(botEvents()[0]?.event_id);
  });

  it("reports a send that timed out as UNCERTAIN, and the retry does not duplicate it", async () => {
    w.hs.inject({ method: "PUT", path: "/send/" }, { kind: "hangAfterApply" });
    const slow = await failure(a.send(chatRef("matrix", w.room), { text: "slow" }, "slow-1"));
    expect(slow.code).toBe("UNCERTAIN");
    await a.send(chatRef("matrix", w.room), { text: "slow" }, "slow-1");
    expect(w.hs.messageBodies(w.room)).toEqual(["slow"]);
  });

  it("gives different logical messages different events, even with the same text", async () => {
    await a.send(chatRef("matrix", w.room), { text: "same" }, "k-1");
    await a.send(chatRef("matrix", w.room), { text: "same" }, "k-2");
    expect(w.hs.messageBodies(w.room)).toEqual(["same", "same"]);
  });

  it("maps 429 M_LIMIT_EXCEEDED to RATE_LIMITED with retry_after_ms, and sends nothing", async () => {
    w.hs.rateLimitNext({ method: "PUT", path: "/send/" }, 2500);
    const limited = await failure(a.send(chatRef("matrix", w.room), { text: "too fast" }, "k-429"));
    expect(limited.code).toBe("RATE_LIMITED");
    expect(limited.retryAfterMs).toBe(2500);
    expect(w.hs.messageBodies(w.room)).toEqual([]);
  });

  it("maps 5xx to TRANSIENT, a dropped request to UNCERTAIN and refusal to connect to TRANSIENT", async () => {
    w.hs.inject({ path: "/send/" }, { kind: "status", status: 502, errcode: "M_UNKNOWN" });
    expect((await failure(a.send(chatRef("matrix", w.room), { text: "x" }, "k-5xx"))).code).toBe("TRANSIENT");
    w.hs.inject({ path: "/send/" }, { kind: "drop" });
    expect((await failure(a.send(chatRef("matrix", w.room), { text: "x" }, "k-drop"))).code).toBe("UNCERTAIN");
    expect(w.hs.messageBodies(w.room)).toEqual([]);
    await w.hs.close();
    expect((await failure(a.send(chatRef("matrix", w.room), { text: "x" }, "k-down"))).code).toBe("TRANSIENT");
  });

  it("maps a revoked token to UNAUTHORIZED and a room the bot was removed from to CHAT_GONE", async () => {
    w.hs.kick(w.room, w.alice.userId, w.bot.userId);
    expect((await failure(a.send(chatRef("matrix", w.room), { text: "x" }, "k-gone"))).code).toBe("CHAT_GONE");
    w.hs.state.sessions.delete(w.bot.accessToken);
    expect((await failure(a.send(chatRef("matrix", w.room), { text: "x" }, "k-401"))).code).toBe("UNAUTHORIZED");
  });

  it("offers buttons as numbered choices; typing one becomes an ActionEvent, also after a restart", async () => {
    const offer = await a.send(
      chatRef("matrix", w.room),
      {
        text: "Saturday 9am door-knocking",
        buttons: [
          { label: "Sign up", action: "shift.signup", payload: "s-1" },
          { label: "Not this time", action: "shift.decline", payload: "s-1" },
        ],
      },
      "offer-1",
    );
    expect(w.hs.messageBodies(w.room)).toEqual(["Saturday 9am door-knocking\n\n!pl 1 · Sign up\n!pl 2 · Not this time"]);
    w.hs.sendText(w.room, w.alice.userId, "!pl 2");
    const action = await eventually(() => {
      const found = host.events.find((e): e is ActionEvent => e.kind === "action");
      expect(found).toBeDefined();
      return found!;
    });
    expect(action).toMatchObject({
      chat: chatRef("matrix", w.room),
      author: { id: w.alice.userId },
      action: "shift.decline",
      payload: "s-1",
      messageId: offer.messageId,
    });

    // A second offer continues the numbering, so "1" still means the first offer's choice.
    await a.send(chatRef("matrix", w.room), { text: "Sunday", buttons: [{ label: "Go", action: "go", payload: "p" }] }, "offer-2");
    expect(w.hs.messageBodies(w.room).at(-1)).toBe("Sunday\n\n!pl 3 · Go");
    await a.stop();
    const restarted = w.adapter();
    const again = w.host(host.state);
    await restarted.start(again);
    w.hs.sendText(w.room, w.alice.userId, "!pl 1");
    await eventually(() => expect(again.events).toMatchObject([{ kind: "action", action: "shift.signup" }]));
    await restarted.stop();
  });

  it("opens one direct room per person, records it in m.direct, and reuses it", async () => {
    await a.sendDirect(w.alice.userId, { text: "your shift is at 9" }, "dm-1");
    await a.sendDirect(w.alice.userId, { text: "see you there" }, "dm-2");
    const rooms = w.hs.directRooms(w.bot.userId, w.alice.userId);
    expect(rooms).toHaveLength(1);
    expect(w.hs.messageBodies(rooms[0]!)).toEqual(["your shift is at 9", "see you there"]);
    expect(w.hs.membership(rooms[0]!, w.alice.userId)).toBe("invite");
  });

  it("says DM_UNAVAILABLE when the person cannot be invited", async () => {
    w.hs.inject({ path: "/createRoom" }, { kind: "status", status: 403, errcode: "M_FORBIDDEN" });
    expect((await failure(a.sendDirect(w.alice.userId, { text: "x" }, "dm-x"))).code).toBe("DM_UNAVAILABLE");
  });

  it("reports encryption per room and never sends plain text into an encrypted room", async () => {
    const secret = w.hs.createRoom(w.alice.userId, { members: [w.bot.userId], encrypted: true });
    const fresh = w.adapter();
    await fresh.start(w.host(memoryState()));
    expect(fresh.capabilities(chatRef("matrix", secret)).e2ee).toBe(true);
    expect(fresh.capabilities(chatRef("matrix", w.room))).toEqual({
      e2ee: false,
      buttons: false,
      edits: true,
      ephemeral: false,
      maxText: 30000,
      idempotentSends: true,
      images: true,
      commandPrefix: "!pl ",
    });
    const refused = await failure(fresh.send(chatRef("matrix", secret), { text: "address: 12 Elm" }, "k-enc"));
    expect(refused.code).toBe("REJECTED");
    expect(w.hs.messageBodies(secret)).toEqual([]);
    await fresh.stop();
  });

  it("learns that a room turned encryption on from /sync", async () => {
    w.hs.sendEvent(w.room, w.alice.userId, "m.room.encryption", { algorithm: "m.megolm.v1.aes-sha2" }, "");
    await eventually(() => expect(a.capabilities(chatRef("matrix", w.room)).e2ee).toBe(true));
  });

  it("edits a message it sent with m.replace, keeping the numbers of its choices", async () => {
    const buttons = (left: number) => [{ label: `Sign up (${left} left)`, action: "shift.signup", payload: "s-1" }];
    const { messageId } = await a.send(chatRef("matrix", w.room), { text: "Sat 9am", buttons: buttons(3) }, "e-1");
    await a.edit?.(chatRef("matrix", w.room), messageId, { text: "Sat 9am", buttons: buttons(2) });
    const edit = botEvents().at(-1);
    expect(edit?.content).toMatchObject({
      "m.new_content": { msgtype: "m.notice", body: "Sat 9am\n\n!pl 1 · Sign up (2 left)" },
      "m.relates_to": { rel_type: "m.replace", event_id: messageId },
    });
    w.hs.sendText(w.room, w.alice.userId, "!pl 1");
    await eventually(() =>
      expect(host.events).toMatchObject([{ kind: "action", action: "shift.signup", payload: "s-1", messageId }]),
    );
  });
});
