import type { CallbackQuery, ChatMember, ChatMemberUpdated, InlineKeyboardButton, Message, Update, User } from "grammy/types";
import {
  AdapterError,
  type ActionEvent,
  type Author,
  type Button,
  type ChatEvent,
  type ChatRef,
  type CommandEvent,
  type MembershipEvent,
  type NamedPerson,
  chatRef,
  parseChatRef,
} from "../../src/core/port.js";

/** What translation needs to know about the bot itself. */
export interface BotIdentity {
  id: number;
  username: string;
}

/** `telegram:<chat_id>`. */
export function telegramChatRef(chatId: number): ChatRef {
  return chatRef("telegram", String(chatId));
}

/** The numeric chat id inside a Telegram ChatRef; REJECTED for any other platform or shape. */
export function chatIdOf(ref: ChatRef): number {
  const { platform, id } = parseChatRef(ref);
  if (platform !== "telegram" || !/^-?\d+$/.test(id)) {
    throw new AdapterError("REJECTED", "telegram: not a telegram chat reference");
  }
  return Number(id);
}

/** A chat reference fit for logs: a private chat's id is the person's user id, so it is masked. */
export function loggableChat(chat: ChatRef | undefined): string | undefined {
  return chat && /^telegram:\d/.test(chat) ? "telegram:private" : chat;
}

/** A Telegram user as the core sees a person. */
export function toAuthor(user: User): Author {
  const author: Author = {
    id: String(user.id),
    displayName: [user.first_name, user.last_name].filter(Boolean).join(" "),
    isBot: user.is_bot,
  };
  if (user.language_code) author.locale = user.language_code;
  return author;
}

/**
 * `/cmd args` or `/cmd@ThisBot args` at the start of a text, as marked by Telegram's bot_command
 * entity. A command addressed to another bot (`/cmd@OtherBot`) is not ours: undefined.
 */
export function parseCommand(text: string, entityLength: number, bot: BotIdentity): { name: string; args: string } | undefined {
  const word = text.slice(1, entityLength);
  const at = word.indexOf("@");
  const name = at < 0 ? word : word.slice(0, at);
  if (at >= 0 && word.slice(at + 1).toLowerCase() !== bot.username.toLowerCase()) return undefined;
  if (name === "") return undefined;
  return { name, args: text.slice(entityLength).replace(/^\s+/, "") };
}

/** The account last seen with a username, for `@username` mentions (see UsernameBook). */
export type UsernameLookup = (username: string) => User | undefined;

function commandFromMessage(message: Message, bot: BotIdentity, usernames?: UsernameLookup): CommandEvent | undefined {
  const from = message.from;
  if (!from || from.is_bot || message.sender_chat) return undefined;
  const text = message.text;
  const entity = message.entities?.[0];
  if (!text || !entity || entity.type !== "bot_command" || entity.offset !== 0) return undefined;
  const command = parseCommand(text, entity.length, bot);
  if (!command) return undefined;
  const event: CommandEvent = {
    kind: "command",
    chat: telegramChatRef(message.chat.id),
    author: toAuthor(from),
    isDirect: message.chat.type === "private",
    name: command.name,
    args: command.args,
    interactionId: String(message.message_id),
  };
  const mentions = textMentions(message, bot, usernames);
  if (mentions.length > 0) event.mentions = mentions;
  const repliedTo = repliedPerson(message, bot);
  if (repliedTo) event.repliedTo = repliedTo;
  return event;
}

/** A person as Telegram vouches for them (its user object), for mentions and replies. */
function namedPerson(user: User): NamedPerson {
  const author = toAuthor(user);
  return { id: author.id, displayName: author.displayName || author.id };
}

/**
 * People named after the command word by `text_mention` entities (a mention Telegram resolved to a
 * user, for members without a username) and by `@username` mentions of accounts the bot has seen. A
 * `@username` it has not seen carries no user id: the core treats it as a typed name.
 */
function textMentions(message: Message, bot: BotIdentity, usernames?: UsernameLookup): NamedPerson[] {
  const out: NamedPerson[] = [];
  for (const entity of message.entities ?? []) {
    if (entity.offset === 0) continue;
    const user =
      entity.type === "text_mention"
        ? entity.user
        : entity.type === "mention"
          ? usernames?.(message.text!.slice(entity.offset + 1, entity.offset + entity.length))
          : undefined;
    if (!user || user.is_bot || user.id === bot.id || out.some((p) => p.id === String(user.id))) continue;
    out.push(namedPerson(user));
  }
  return out;
}

/**
 * The author of the message a command replies to. In a forum topic every message "replies" to the
 * topic's opening service message, which names no one the admin chose, so that is not a reply.
 */
function repliedPerson(message: Message, bot: BotIdentity): NamedPerson | undefined {
  const target = message.reply_to_message;
  const user = target?.from;
  if (!target || !user || user.is_bot || user.id === bot.id || target.sender_chat || target.forum_topic_created) return undefined;
  return namedPerson(user);
}

/**
 * In the bot's private chat every text is for the bot, as on Matrix: a line without a command (a
 * forwarded or pasted alert, say) reaches the core as its first word and the rest, and the core
 * decides what it is.
 */
function privateLine(message: Message): CommandEvent | undefined {
  const from = message.from;
  if (!from || from.is_bot || message.chat.type !== "private") return undefined;
  const text = (message.text ?? message.caption)?.trim();
  if (!text) return undefined;
  const [, name = "", args = ""] = /^(\S+)(?:\s+([\s\S]*))?$/.exec(text) ?? [];
  return {
    kind: "command",
    chat: telegramChatRef(message.chat.id),
    author: toAuthor(from),
    isDirect: true,
    name,
    args,
    interactionId: String(message.message_id),
  };
}

const IN_CHAT: ReadonlySet<ChatMember["status"]> = new Set(["creator", "administrator", "member"]);

function isInChat(member: ChatMember): boolean {
  return IN_CHAT.has(member.status) || (member.status === "restricted" && member.is_member);
}

/** The bot was added to or removed from a group or channel; private chats (Start, block) are not events. */
export function membershipFromMyChatMember(update: ChatMemberUpdated): MembershipEvent | undefined {
  if (update.chat.type === "private") return undefined;
  const was = isInChat(update.old_chat_member);
  const is = isInChat(update.new_chat_member);
  if (was === is) return undefined;
  return { kind: "membership", chat: telegramChatRef(update.chat.id), change: is ? "joined" : "left" };
}

/** A basic group became a supergroup: the old group's service message names the new id. */
function migrationFromMessage(message: Message): MembershipEvent | undefined {
  if (message.migrate_to_chat_id === undefined) return undefined;
  return {
    kind: "membership",
    chat: telegramChatRef(message.chat.id),
    change: "migrated",
    newChat: telegramChatRef(message.migrate_to_chat_id),
  };
}

/**
 * An update as a core event, or undefined for everything Porchlight ignores (plain text, stickers,
 * edits, channel posts, other bots' commands, the new supergroup's half of a migration). In the
 * private chat, a line without a command is passed on too (see {@link privateLine}).
 * Callback queries are translated by {@link actionFromCallback} once their data is checked.
 */
export function toChatEvent(update: Update, bot: BotIdentity, usernames?: UsernameLookup): ChatEvent | undefined {
  const event = update.message
    ? (migrationFromMessage(update.message) ?? commandFromMessage(update.message, bot, usernames) ?? privateLine(update.message))
    : update.my_chat_member
      ? membershipFromMyChatMember(update.my_chat_member)
      : undefined;
  return event ? { ...event, eventId: updateEventId(update) } : undefined;
}

/** An update's id as the core's event id: Telegram hands out the same update_id when it redelivers. */
export function updateEventId(update: Pick<Update, "update_id">): string {
  return String(update.update_id);
}

/** A button press whose data decoded to `action` and `payload`. */
export function actionFromCallback(
  query: CallbackQuery,
  decoded: { action: string; payload: string },
  eventId?: string,
): ActionEvent | undefined {
  const message = query.message;
  if (!message || query.from.is_bot) return undefined;
  return {
    kind: "action",
    chat: telegramChatRef(message.chat.id),
    author: toAuthor(query.from),
    isDirect: message.chat.type === "private",
    action: decoded.action,
    payload: decoded.payload,
    interactionId: query.id,
    messageId: String(message.message_id),
    ...(eventId !== undefined ? { eventId } : {}),
  };
}

/** The chat an update belongs to, so updates of one chat are handled in order. */
export function updateChatKey(update: Update): string | undefined {
  const chat =
    update.message?.chat ?? update.callback_query?.message?.chat ?? update.my_chat_member?.chat ?? update.edited_message?.chat;
  return chat ? String(chat.id) : undefined;
}

/** Longest label sum per keyboard row before the next button goes on a new row. */
const ROW_CHARS = 30;
const ROW_BUTTONS = 3;

/**
 * Lay buttons out as an inline keyboard: short labels share a row, long ones get their own.
 * Buttons whose data cannot be encoded are left out and reported in `omitted` (their actions).
 */
export function toInlineKeyboard(
  buttons: readonly Button[],
  encode: (action: string, payload: string) => string | undefined,
): { keyboard: InlineKeyboardButton[][]; omitted: string[] } {
  const keyboard: InlineKeyboardButton[][] = [];
  const omitted: string[] = [];
  let row: InlineKeyboardButton[] = [];
  let rowChars = 0;
  for (const button of buttons) {
    const data = encode(button.action, button.payload);
    if (data === undefined) {
      omitted.push(button.action);
      continue;
    }
    const chars = [...button.label].length;
    if (row.length > 0 && (row.length >= ROW_BUTTONS || rowChars + chars > ROW_CHARS)) {
      keyboard.push(row);
      row = [];
      rowChars = 0;
    }
    row.push({ text: button.label, callback_data: data });
    rowChars += chars;
  }
  if (row.length > 0) keyboard.push(row);
  return { keyboard, omitted };
}
