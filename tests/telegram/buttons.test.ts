import { afterEach, describe, expect, it } from "vitest";
import type { ChatRef } from "../../src/core/port.js";
import { eventually } from "../contract/adapter-contract.js";
import { type TelegramTestbed, makeTestbed, ofKind } from "./harness.js";

const SHIFT_BUTTONS = [
  { label: "Sign up", action: "shift.signup", payload: "s-42" },
  { label: "Can't make it", action: "shift.decline", payload: "s-42" },
];

describe("telegram buttons", () => {
  let t: TelegramTestbed;
  afterEach(() => t.close());

  async function postShift(): Promise<{ chat: ChatRef; messageId: number }> {
    const chat: ChatRef = `telegram:${t.group.chat.id}`;
    const sent = await t.adapter.send(chat, { text: "Door-knocking Tuesday 6pm", buttons: SHIFT_BUTTONS }, "shift-42");
    return { chat, messageId: Number(sent.messageId) };
  }

  it("draws buttons as an inline keyboard, and a press becomes an action answered empty when the core is silent", async () => {
    t = await makeTestbed({ callbackAnswerMs: 200 });
    await t.adapter.start(t.host);
    const { chat, messageId } = await postShift();
    const labels = t.fake.message(t.group.chat.id, messageId).reply_markup?.inline_keyboard.flat().map((b) => b.text);
    expect(labels).toEqual(["Sign up", "Can't make it"]);

    const queryId = t.fake.pressButton(t.group.chat.id, messageId, t.alice, "Sign up");
    const [action] = await eventually(() => {
      const found = ofKind(t.events, "action");
      expect(found).toHaveLength(1);
      return found;
    });
    expect(action).toMatchObject({
      chat,
      action: "shift.signup",
      payload: "s-42",
      messageId: String(messageId),
      interactionId: queryId,
      isDirect: false,
      author: { id: String(t.alice.id) },
    });
    await eventually(() => expect(t.fake.callbackQuery(queryId)?.answer).toEqual({ text: undefined, show_alert: false }));
  });

  it("answers the press with the core's short reply instead of posting it", async () => {
    t = await makeTestbed({}, async (e, events) => {
      events.push(e);
      if (e.kind === "action") await t.adapter.send(e.chat, { text: "You're signed up.", replyTo: e.interactionId }, "r1");
    });
    await t.adapter.start(t.host);
    const { messageId } = await postShift();
    const queryId = t.fake.pressButton(t.group.chat.id, messageId, t.alice, "Sign up");
    await eventually(() => expect(t.fake.callbackQuery(queryId)?.answer?.text).toBe("You're signed up."));
    expect(t.fake.texts(t.group.chat.id)).toEqual(["Door-knocking Tuesday 6pm"]);
  });

  it("cuts a long reply to 200 characters in the answer and posts the whole text", async () => {
    const long = `Signed up. ${"Bring water and your know-your-rights card. ".repeat(8)}`;
    t = await makeTestbed({}, async (e, events) => {
      events.push(e);
      if (e.kind === "action") await t.adapter.send(e.chat, { text: long, replyTo: e.interactionId }, "r2");
    });
    await t.adapter.start(t.host);
    const { messageId } = await postShift();
    const queryId = t.fake.pressButton(t.group.chat.id, messageId, t.alice, "Sign up");
    await eventually(() => expect(t.fake.texts(t.group.chat.id)).toContain(long));
    const answer = t.fake.callbackQuery(queryId)?.answer?.text ?? "";
    expect([...answer]).toHaveLength(200);
    expect(long.startsWith(answer.slice(0, -1))).toBe(true);
  });

  it("posts a reply that comes after the press was already answered", async () => {
    t = await makeTestbed({ callbackAnswerMs: 50 });
    await t.adapter.start(t.host);
    const { chat, messageId } = await postShift();
    const queryId = t.fake.pressButton(t.group.chat.id, messageId, t.alice, "Sign up");
    await eventually(() => expect(t.fake.callbackQuery(queryId)?.answer).toBeDefined());
    const sent = await t.adapter.send(chat, { text: "Late but here", replyTo: queryId }, "r3");
    const posted = t.fake.message(t.group.chat.id, Number(sent.messageId));
    expect(posted).toMatchObject({ text: "Late but here", reply_to_message: { message_id: messageId } });
  });

  it("answers forged or stale button data with a short notice and dispatches nothing", async () => {
    t = await makeTestbed();
    await t.adapter.start(t.host);
    const { messageId } = await postShift();
    const genuine = t.fake.message(t.group.chat.id, messageId).reply_markup!.inline_keyboard[0]![0]! as { callback_data: string };
    // Same action, someone else's shift: the tag no longer matches.
    const forged = genuine.callback_data.replace("s-42", "s-43");
    const ids = [
      t.fake.sendCallback(t.group.chat.id, messageId, t.alice, forged),
      t.fake.sendCallback(t.group.chat.id, messageId, t.alice, "shift.signup|s-42"),
      t.fake.sendCallback(t.group.chat.id, messageId, t.alice, "x"),
    ];
    for (const id of ids) {
      await eventually(() => expect(t.fake.callbackQuery(id)?.answer?.text).toBe("Este botón ya no es válido."));
    }
    t.fake.userSends(t.group.chat.id, t.alice, "/ping");
    await eventually(() => expect(ofKind(t.events, "command")).toHaveLength(1));
    expect(ofKind(t.events, "action")).toHaveLength(0);
  });

  it("leaves out a button whose data cannot fit in 64 bytes instead of cutting it", async () => {
    t = await makeTestbed();
    await t.adapter.start(t.host);
    const sent = await t.adapter.send(
      `telegram:${t.group.chat.id}`,
      {
        text: "Pick one",
        buttons: [
          { label: "Fits", action: "a", payload: "1" },
          { label: "Too big", action: "a", payload: "x".repeat(60) },
        ],
      },
      "k",
    );
    const labels = t.fake.message(t.group.chat.id, Number(sent.messageId)).reply_markup?.inline_keyboard.flat().map((b) => b.text);
    expect(labels).toEqual(["Fits"]);
  });

  it("edits a message's text and keyboard, and treats an edit that changes nothing as done", async () => {
    t = await makeTestbed();
    await t.adapter.start(t.host);
    const { chat, messageId } = await postShift();
    const edited = { text: "Door-knocking Tuesday 6pm (full)", buttons: [{ label: "Waitlist", action: "shift.wait", payload: "s-42" }] };
    await t.adapter.edit!(chat, String(messageId), edited);
    const message = t.fake.message(t.group.chat.id, messageId);
    expect(message).toMatchObject({ text: edited.text });
    expect(message.reply_markup?.inline_keyboard.flat().map((b) => b.text)).toEqual(["Waitlist"]);
    await t.adapter.edit!(chat, String(messageId), edited);
    await t.adapter.edit!(chat, String(messageId), { text: "Cancelled" });
    expect(t.fake.message(t.group.chat.id, messageId).reply_markup).toBeUndefined();
  });
});
