import fc from "fast-check";
import type { Update } from "grammy/types";
import { describe, expect, it } from "vitest";
import { decodeCallbackData, encodeCallbackData } from "../../adapters/telegram/callback-data.js";
import { buildMenus } from "../../adapters/telegram/menu.js";
import { Signer } from "../../adapters/telegram/signing.js";
import { parseCommand, toChatEvent, toInlineKeyboard } from "../../adapters/telegram/translate.js";
import { memoryState } from "../contract/adapter-contract.js";

const bot = { id: 99, username: "porch_bot" };
const person = { id: 5, is_bot: false, first_name: "Ana" };
const group = { id: -10, type: "group" as const, title: "g" };
const commandEntity = [{ type: "bot_command" as const, offset: 0, length: 5 }];

describe("telegram translate", () => {
  it("parses /cmd, /cmd@ThisBot and refuses /cmd@OtherBot", () => {
    expect(parseCommand("/help me", 5, bot)).toEqual({ name: "help", args: "me" });
    expect(parseCommand("/help@PORCH_BOT  a b ", 15, bot)).toEqual({ name: "help", args: "a b " });
    expect(parseCommand("/help@other_bot x", 15, bot)).toBeUndefined();
  });

  it("ignores edits, channel posts, stickers, captions, bots and anonymous admins", () => {
    const message = { message_id: 1, date: 1, chat: group, from: person, text: "/help", entities: commandEntity };
    const ignored: Update[] = [
      { update_id: 1, edited_message: { ...message, edit_date: 2 } } as Update,
      { update_id: 2, channel_post: { ...message, chat: { id: -100, type: "channel", title: "c" } } } as Update,
      { update_id: 3, message: { message_id: 1, date: 1, chat: group, from: person, sticker: {} } } as Update,
      { update_id: 4, message: { message_id: 1, date: 1, chat: group, from: person, caption: "/help", caption_entities: commandEntity } } as Update,
      { update_id: 5, message: { ...message, from: { ...person, is_bot: true } } } as Update,
      { update_id: 6, message: { ...message, sender_chat: group } } as Update,
      { update_id: 7, message: { ...message, text: "x /help", entities: [{ type: "bot_command", offset: 2, length: 5 }] } } as Update,
      { update_id: 8, message: { message_id: 2, date: 1, chat: group, from: person, migrate_from_chat_id: -5 } } as Update,
      { update_id: 9, poll: { id: "p" } } as unknown as Update,
    ];
    for (const update of ignored) expect(toChatEvent(update, bot)).toBeUndefined();
    expect(toChatEvent({ update_id: 10, message } as Update, bot)).toMatchObject({ kind: "command", name: "help" });
  });

  it("lays short labels side by side and long ones on their own row", () => {
    const encode = (a: string, p: string) => `${a}|${p}`;
    const { keyboard } = toInlineKeyboard(
      [
        { label: "Yes", action: "y", payload: "" },
        { label: "No", action: "n", payload: "" },
        { label: "Tell me more about this shift first", action: "m", payload: "" },
      ],
      encode,
    );
    expect(keyboard.map((row) => row.map((b) => b.text))).toEqual([["Yes", "No"], ["Tell me more about this shift first"]]);
  });

  it("round-trips any action and payload that fit, and never emits more than 64 bytes", () => {
    const signer = new Signer();
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 30 }), fc.string({ maxLength: 60 }), (action, payload) => {
        const data = encodeCallbackData(signer, action, payload);
        if (data === undefined) {
          expect(action.includes("|") || Buffer.byteLength(`${action}|${payload}`) + 8 > 64).toBe(true);
          return;
        }
        expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
        expect(decodeCallbackData(signer, data)).toEqual({ action, payload });
      }),
    );
  });

  it("refuses data tampered with or signed by another key", () => {
    const signer = new Signer();
    const data = encodeCallbackData(signer, "shift.signup", "s-1")!;
    expect(decodeCallbackData(signer, data.replace("s-1", "s-2"))).toBeUndefined();
    expect(decodeCallbackData(new Signer(), data)).toBeUndefined();
    const state = memoryState();
    const first = new Signer();
    first.adopt(state);
    const second = new Signer();
    second.adopt(state);
    expect(decodeCallbackData(second, encodeCallbackData(first, "a", "b")!)).toEqual({ action: "a", payload: "b" });
  });

  it("builds English and Spanish menus and skips names Telegram refuses", () => {
    const menus = buildMenus([
      { name: "shift", esName: "turno", description: { en: "Shifts", es: "Turnos" }, usage: "" },
      { name: "x".repeat(33), description: { en: "too long", es: "largo" }, usage: "" },
      { name: "ok", esName: "Mal", description: { en: "", es: "bien" }, usage: "" },
    ]);
    expect(menus.en).toEqual([
      { command: "shift", description: "Shifts" },
      { command: "ok", description: "ok" },
    ]);
    expect(menus.es).toEqual([{ command: "turno", description: "Turnos" }]);
    expect(menus.skipped).toEqual(["x".repeat(33), "x".repeat(33), "Mal"]);
  });
});
