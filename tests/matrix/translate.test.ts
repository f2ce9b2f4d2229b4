import { describe, expect, it } from "vitest";
import {
  type Addressing,
  commandFromContent,
  escapeHtml,
  MAX_COMMAND_CHARS,
  messageToChatEvent,
  noticeContent,
  stripReplyFallback,
} from "../../adapters/matrix/translate.js";

const BOT = "@porchlight:fake.test";
const group: Addressing = { botUserId: BOT, botDisplayName: "Porchlight", prefix: "!pl", isDirect: false };
const text = (body: string, extra: Record<string, unknown> = {}) => ({ msgtype: "m.text", body, ...extra });

describe("matrix command parsing", () => {
  it("reads the prefix form and keeps the arguments verbatim", () => {
    expect(commandFromContent(text("!pl shift new  Sat 9am\nnotes"), group)).toEqual({
      name: "shift",
      args: "new  Sat 9am\nnotes",
    });
    expect(commandFromContent(text("  !PL ping"), group)).toEqual({ name: "ping", args: "" });
  });

  it("does not take a longer word or ordinary chat for the prefix", () => {
    expect(commandFromContent(text("!plx shift"), group)).toBeUndefined();
    expect(commandFromContent(text("shift new tomorrow?"), group)).toBeUndefined();
    expect(commandFromContent(text("see !pl help"), group)).toBeUndefined();
  });

  it("treats a bare prefix or mention as a request for help", () => {
    expect(commandFromContent(text("!pl"), group)).toEqual({ name: "help", args: "" });
    expect(commandFromContent(text(`${BOT}:`), group)).toEqual({ name: "help", args: "" });
  });

  it("reads a command addressed by the bot's user id", () => {
    expect(commandFromContent(text(`${BOT}: shift new 9am`), group)).toEqual({ name: "shift", args: "new 9am" });
    expect(commandFromContent(text(`${BOT}, alerta`), group)).toEqual({ name: "alerta", args: "" });
  });

  it("reads a command addressed by a pill showing the bot's name", () => {
    const content = text("Porch Bot: shift new 9am", {
      format: "org.matrix.custom.html",
      formatted_body: `<a href="https://matrix.to/#/${encodeURIComponent(BOT)}">Porch Bot</a>: shift new 9am`,
    });
    expect(commandFromContent(content, group)).toEqual({ name: "shift", args: "new 9am" });
  });

  it("ignores a pill for somebody else", () => {
    const content = text("Alice: shift new 9am", {
      format: "org.matrix.custom.html",
      formatted_body: `<a href="https://matrix.to/#/@alice:fake.test">Alice</a>: shift new 9am`,
    });
    expect(commandFromContent(content, group)).toBeUndefined();
  });

  it("reads the bot's display name only together with an m.mentions of the bot", () => {
    expect(commandFromContent(text("Porchlight: ping"), group)).toBeUndefined();
    const mentioned = text("Porchlight: ping", { "m.mentions": { user_ids: [BOT] } });
    expect(commandFromContent(mentioned, group)).toEqual({ name: "ping", args: "" });
  });

  it("needs no prefix in a direct room", () => {
    expect(commandFromContent(text("signup 3"), { ...group, isDirect: true })).toEqual({ name: "signup", args: "3" });
  });

  it("strips the quoted fallback of a reply", () => {
    const reply = text("> <@alice:fake.test> earlier words\n> more\n\n!pl signup", {
      "m.relates_to": { "m.in_reply_to": { event_id: "$x" } },
    });
    expect(commandFromContent(reply, group)).toEqual({ name: "signup", args: "" });
    expect(stripReplyFallback("no quote")).toBe("no quote");
  });

  it("ignores edits, notices, non-text and oversized bodies", () => {
    expect(commandFromContent(text("!pl ping", { "m.relates_to": { rel_type: "m.replace", event_id: "$x" } }), group))
      .toBeUndefined();
    expect(commandFromContent({ msgtype: "m.notice", body: "!pl ping" }, group)).toBeUndefined();
    expect(commandFromContent({ msgtype: "m.text", body: 42 }, group)).toBeUndefined();
    expect(commandFromContent(text(`!pl ${"x".repeat(MAX_COMMAND_CHARS)}`), group)).toBeUndefined();
  });
});

describe("matrix message to ChatEvent", () => {
  const ctx = {
    chat: "matrix:!room:fake.test" as const,
    roomId: "!room:fake.test",
    addressing: group,
    senderName: "Alice",
    choice: (n: number) => (n === 2 ? { action: "shift.signup", payload: "s-7", messageId: "$offer" } : undefined),
  };

  it("turns a remembered number into an action", () => {
    const event = messageToChatEvent({ sender: "@alice:fake.test", event_id: "$e", content: text("!pl 2") }, ctx);
    expect(event).toEqual({
      kind: "action",
      chat: ctx.chat,
      author: { id: "@alice:fake.test", displayName: "Alice", isBot: false },
      isDirect: false,
      interactionId: "$e",
      eventId: "$e",
      action: "shift.signup",
      payload: "s-7",
      messageId: "$offer",
    });
  });

  it("leaves an unknown number as a command for the core to answer", () => {
    const event = messageToChatEvent({ sender: "@alice:fake.test", event_id: "$e", content: text("!pl 5") }, ctx);
    expect(event).toMatchObject({ kind: "command", name: "5", args: "" });
  });
});

describe("matrix outbound content", () => {
  it("escapes every markup character and turns newlines into <br>", () => {
    expect(escapeHtml(`<script>alert("x")</script> & 'y'\nnext`)).toBe(
      "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;<br>next",
    );
  });

  it("is an m.notice with an HTML copy, numbered choices and a reply relation", () => {
    const content = noticeContent("Shift <Sat>\n9am", {
      prefix: "!pl",
      replyTo: "$cmd",
      choices: [
        { number: 4, label: "Sign up" },
        { number: 5, label: "Can't <go>" },
      ],
    });
    expect(content).toEqual({
      msgtype: "m.notice",
      body: "Shift <Sat>\n9am\n\n!pl 4 · Sign up\n!pl 5 · Can't <go>",
      format: "org.matrix.custom.html",
      formatted_body:
        "Shift &lt;Sat&gt;<br>9am<br><br><code>!pl 4</code> · Sign up<br><code>!pl 5</code> · Can&#39;t &lt;go&gt;",
      "m.relates_to": { "m.in_reply_to": { event_id: "$cmd" } },
    });
  });
});
