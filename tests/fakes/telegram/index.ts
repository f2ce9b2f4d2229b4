import type { Message, MessageEntity, User } from "grammy/types";
import type { Fault } from "./faults.js";
import { BotApiServer } from "./server.js";
import { type FakeCallbackQuery, type FakeChat, FakeWorld, commandEntities, commandKey } from "./state.js";
import type { UpdateBody } from "./updates.js";

export type { Fault } from "./faults.js";
export type { FakeChat, FakeCallbackQuery } from "./state.js";

const BOT_ID = 7_000_001;

/**
 * A stateful fake of the Telegram Bot API on 127.0.0.1 for the real grammY client, with controls to
 * act as people (messages, commands, button presses, Start) and as Telegram (membership changes,
 * group migration), and to inject faults. Tests read what the platform holds through it.
 */
export class FakeTelegram {
  readonly token: string;
  readonly world: FakeWorld;
  readonly server: BotApiServer;

  private constructor(
    readonly apiRoot: string,
    world: FakeWorld,
    server: BotApiServer,
    token: string,
  ) {
    this.world = world;
    this.server = server;
    this.token = token;
  }

  /** Start a fake with a bot named `username` (default `porchlight_test_bot`). */
  static async start(opts: { username?: string } = {}): Promise<FakeTelegram> {
    const username = opts.username ?? "porchlight_test_bot";
    const token = `${BOT_ID}:AAFakeTokenForTestsOnly_${Math.random().toString(36).slice(2, 10)}`;
    const world = new FakeWorld({ id: BOT_ID, is_bot: true, first_name: "Porchlight", username });
    const server = new BotApiServer(world, token);
    const apiRoot = await server.listen();
    return new FakeTelegram(apiRoot, world, server, token);
  }

  get bot(): User {
    return this.world.bot;
  }

  close(): Promise<void> {
    return this.server.close();
  }

  // --- people and chats ---------------------------------------------------------------

  addUser(fields: Partial<Omit<User, "id" | "is_bot">> = {}): User {
    return this.world.addUser(fields);
  }

  addGroup(opts: { title?: string; type?: "group" | "supergroup"; memberIds?: number[]; withBot?: boolean } = {}): FakeChat {
    return this.world.addGroup(opts);
  }

  /**
   * `from` posts `text` in a chat; `/word` texts carry a bot_command entity as Telegram sends them.
   * `extra.entities` adds entities (a text_mention), `extra.replyTo` makes it a reply to that message.
   */
  userSends(chatId: number, from: User, text: string, extra: { entities?: MessageEntity[]; replyTo?: Message } = {}): Message {
    const chat = this.world.mustChat(chatId);
    const all = [...(commandEntities(text) ?? []), ...(extra.entities ?? [])];
    const fields = {
      text,
      ...(all.length > 0 ? { entities: all } : {}),
      // A reply carries the replied-to message as Telegram sends it (its own reply left out).
      ...(extra.replyTo ? { reply_to_message: extra.replyTo as Message["reply_to_message"] } : {}),
    } as Partial<Message>;
    const message = this.world.storeMessage(chat, from, fields);
    this.server.updates.push({ message } as UpdateBody);
    return message;
  }

  /** Push any update as Telegram would (stickers, edited messages, channel posts...). */
  injectUpdate(body: UpdateBody): void {
    this.server.updates.push(body);
  }

  /** The person presses Start in the bot's private chat, optionally through a `?start=CODE` link. */
  pressStart(user: User, code?: string): Message {
    this.world.started.add(user.id);
    this.world.blocked.delete(user.id);
    const chat = this.world.privateChat(user.id);
    this.server.updates.push({
      my_chat_member: {
        chat: chat.chat,
        from: user,
        date: now(),
        old_chat_member: { status: "left", user: this.bot },
        new_chat_member: { status: "member", user: this.bot },
      },
    });
    return this.userSends(user.id, user, code ? `/start ${code}` : "/start");
  }

  /** The person has a private chat with the bot already (pressed Start earlier), without a new update. */
  markStarted(user: User): void {
    this.world.started.add(user.id);
    this.world.privateChat(user.id);
  }

  /** The person blocks the bot: later sends to them answer 403. */
  blockBot(user: User): void {
    this.world.blocked.add(user.id);
  }

  /** Someone adds the bot to a group: it becomes a member and gets my_chat_member. */
  addBotToChat(chatId: number, by: User): void {
    this.changeBotStatus(chatId, by, "member");
  }

  /** Someone removes (or bans) the bot from a group. */
  removeBotFromChat(chatId: number, by: User, banned = false): void {
    this.changeBotStatus(chatId, by, banned ? "kicked" : "left");
  }

  private changeBotStatus(chatId: number, by: User, status: "member" | "left" | "kicked"): void {
    const chat = this.world.mustChat(chatId);
    const old = chat.members.get(this.bot.id) ?? "left";
    chat.members.set(this.bot.id, status);
    const member = (s: string) =>
      (s === "kicked" ? { status: s, user: this.bot, until_date: 0 } : { status: s, user: this.bot }) as never;
    this.server.updates.push({
      my_chat_member: { chat: chat.chat, from: by, date: now(), old_chat_member: member(old), new_chat_member: member(status) },
    });
  }

  /**
   * Upgrade a basic group to a supergroup, as Telegram does: a new chat id, members carried over,
   * a service message with migrate_to_chat_id in the old group and migrate_from_chat_id in the new.
   */
  migrateGroup(chatId: number, by: User): FakeChat {
    const old = this.world.mustChat(chatId);
    const title = (old.chat as { title?: string }).title;
    const next = this.world.addGroup({ title, type: "supergroup", withBot: false });
    for (const [uid, status] of old.members) next.members.set(uid, status);
    old.migratedTo = next.chat.id;
    const toMsg = this.world.storeMessage(old, by, { migrate_to_chat_id: next.chat.id } as Partial<Message>);
    const fromMsg = this.world.storeMessage(next, by, { migrate_from_chat_id: old.chat.id } as Partial<Message>);
    this.server.updates.push({ message: toMsg } as UpdateBody);
    this.server.updates.push({ message: fromMsg } as UpdateBody);
    return next;
  }

  /** `from` presses the button labelled `label` on a message; returns the callback query id. */
  pressButton(chatId: number, messageId: number, from: User, label: string): string {
    const message = this.message(chatId, messageId);
    const button = message.reply_markup?.inline_keyboard.flat().find((b) => b.text === label);
    const data = (button as { callback_data?: string } | undefined)?.callback_data;
    if (data === undefined) throw new Error(`fake telegram: no button labelled ${label}`);
    return this.sendCallback(chatId, messageId, from, data);
  }

  /** A modified client sends arbitrary callback data for a message of the bot. */
  sendCallback(chatId: number, messageId: number, from: User, data: string): string {
    const message = this.message(chatId, messageId);
    const id = this.world.newCallbackQueryId();
    this.world.callbackQueries.set(id, { id, chatId, messageId, fromId: from.id, data, createdAt: Date.now() });
    this.server.updates.push({
      callback_query: { id, from, message, chat_instance: `ci${chatId}`, data },
    });
    return id;
  }

  // --- what the platform holds --------------------------------------------------------

  messages(chatId: number): Message[] {
    return this.world.chats.get(chatId)?.messages ?? [];
  }

  /** Texts of the messages in a chat, oldest first. */
  texts(chatId: number): string[] {
    return this.messages(chatId).flatMap((m) => ("text" in m && typeof m.text === "string" ? [m.text] : []));
  }

  /** Photos the bot posted in a chat, oldest first: the stored bytes and the caption. */
  photos(chatId: number): { png: Buffer; caption: string | undefined; message: Message }[] {
    return this.messages(chatId).flatMap((m) => {
      const file = m.photo?.[m.photo.length - 1]?.file_id;
      const png = file === undefined ? undefined : this.world.files.get(file);
      return png ? [{ png, caption: m.caption, message: m }] : [];
    });
  }

    message(chatId: number, messageId: number): Message {
    const found = this.messages(chatId).find((m) => m.message_id === messageId);
    if (!found) throw new Error(`fake telegram: no message ${messageId} in ${chatId}`);
    return found;
  }

  callbackQuery(id: string): FakeCallbackQuery | undefined {
    return this.world.callbackQueries.get(id);
  }

  /** The command menu stored for a scope type and language (undefined language = default). */
  commands(scopeType: string, languageCode?: string): { command: string; description: string }[] | undefined {
    return this.world.commands.get(commandKey(scopeType, languageCode));
  }

  // --- faults -------------------------------------------------------------------------

  /** The next `count` calls to `methods` (default: the message-posting methods) show `fault`. */
  failNext(fault: Fault, count = 1, methods?: string[]): void {
    this.server.faults.add(fault, count, methods);
  }

  /** Enforce Telegram's real send limits (30/s per bot, 20/min per group) with 429 answers. */
  enforceLimits(on = true): void {
    this.server.limits.enabled = on;
  }
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}
