import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eventually } from "../contract/adapter-contract.js";
import { type TelegramTestbed, makeTestbed, ofKind } from "./harness.js";

describe("telegram commands", () => {
  let t: TelegramTestbed;
  beforeEach(async () => {
    t = await makeTestbed();
    await t.adapter.start(t.host);
  });
  afterEach(() => t.close());

  it("reads /cmd@ThisBot args as the command with its arguments and the author's details", async () => {
    t.fake.userSends(t.group.chat.id, t.alice, "/signup@porchlight_test_bot  tuesday 6pm ");
    const [event] = await eventually(() => {
      const found = ofKind(t.events, "command");
      expect(found).toHaveLength(1);
      return found;
    });
    expect(event).toMatchObject({
      name: "signup",
      args: "tuesday 6pm ",
      isDirect: false,
      chat: `telegram:${t.group.chat.id}`,
      author: { id: String(t.alice.id), displayName: "Alice Ng", isBot: false, locale: "es" },
    });
    expect(event!.interactionId).toBe(String(t.fake.messages(t.group.chat.id).at(-1)!.message_id));
  });

  it("matches the bot's username without regard to case", async () => {
    t.fake.userSends(t.group.chat.id, t.alice, "/help@Porchlight_Test_Bot");
    await eventually(() => expect(ofKind(t.events, "command").map((e) => e.name)).toEqual(["help"]));
  });

  it("ignores a command addressed to another bot", async () => {
    t.fake.userSends(t.group.chat.id, t.alice, "/signup@some_other_bot tuesday");
    t.fake.userSends(t.group.chat.id, t.alice, "/ping");
    await eventually(() => expect(ofKind(t.events, "command").map((e) => e.name)).toEqual(["ping"]));
  });

  it("ignores plain text, stickers, edits and channel posts, and keeps working after them", async () => {
    const chat = t.fake.messages(t.group.chat.id)[0]?.chat ?? t.group.chat;
    const base = { date: 1, chat, from: t.alice } as const;
    t.fake.userSends(t.group.chat.id, t.alice, "hello everyone, not a command");
    t.fake.userSends(t.group.chat.id, t.alice, "see /help later");
    t.fake.injectUpdate({ message: { ...base, message_id: 900, sticker: { file_id: "x", file_unique_id: "y", type: "regular", width: 1, height: 1, is_animated: false, is_video: false } } } as never);
    t.fake.injectUpdate({ message: { ...base, message_id: 901, caption: "/help", photo: [] } } as never);
    t.fake.injectUpdate({ edited_message: { ...base, message_id: 902, edit_date: 2, text: "/help", entities: [{ type: "bot_command", offset: 0, length: 5 }] } } as never);
    t.fake.injectUpdate({ channel_post: { date: 1, message_id: 903, chat: { id: -100777, type: "channel", title: "c" }, text: "/help" } } as never);
    t.fake.userSends(t.group.chat.id, t.alice, "/ping");
    await eventually(() => expect(ofKind(t.events, "command").map((e) => e.name)).toEqual(["ping"]));
    expect(t.events).toHaveLength(1);
  });

  it("marks a command in the private chat as direct", async () => {
    t.fake.markStarted(t.alice);
    t.fake.userSends(t.alice.id, t.alice, "/myshifts");
    const [event] = await eventually(() => {
      const found = ofKind(t.events, "command");
      expect(found).toHaveLength(1);
      return found;
    });
    expect(event).toMatchObject({ name: "myshifts", args: "", isDirect: true, chat: `telegram:${t.alice.id}` });
  });

  it("threads a reply to the command that asked for it", async () => {
    t.fake.userSends(t.group.chat.id, t.alice, "/help");
    const [event] = await eventually(() => {
      const found = ofKind(t.events, "command");
      expect(found).toHaveLength(1);
      return found;
    });
    await t.adapter.send(event!.chat, { text: "Here is help", replyTo: event!.interactionId }, "k1");
    const reply = t.fake.messages(t.group.chat.id).at(-1)!;
    expect(reply).toMatchObject({ text: "Here is help", reply_to_message: { message_id: Number(event!.interactionId) } });
  });
});

describe("forwarded alerts", () => {
  let t: TelegramTestbed;
  beforeEach(async () => {
    t = await makeTestbed();
    await t.adapter.start(t.host);
  });
  afterEach(() => t.close());

  it("passes a message forwarded to the bot privately on as a line for the core, and ignores forwards in groups", async () => {
    const forward = (chat: { id: number; type: "private" | "group" }, messageId: number) =>
      t.fake.injectUpdate({
        update_id: 0,
        message: {
          message_id: messageId,
          date: Math.floor(Date.now() / 1000),
          chat: chat.type === "private" ? { id: chat.id, type: "private", first_name: "Alice" } : { id: chat.id, type: "group", title: "G" },
          from: t.alice,
          text: "VERIFIED alert 1.7.0-KQ3M9XW2PA",
          forward_origin: { type: "hidden_user", sender_user_name: "Someone", date: 1 },
        },
      } as unknown as Parameters<typeof t.fake.injectUpdate>[0]);
    forward({ id: t.group.chat.id, type: "group" }, 7001);
    forward({ id: t.alice.id, type: "private" }, 7002);
    const [event] = await eventually(() => {
      const found = ofKind(t.events, "command");
      expect(found).toHaveLength(1);
      return found;
    });
    expect(event).toMatchObject({ name: "VERIFIED", args: "alert 1.7.0-KQ3M9XW2PA", isDirect: true, chat: `telegram:${t.alice.id}` });
  });
});
