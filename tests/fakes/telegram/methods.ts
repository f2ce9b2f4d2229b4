import type { InlineKeyboardMarkup, Message } from "grammy/types";
import { type FakeChat, type FakeWorld, commandKey } from "./state.js";
import type { UpdateQueue } from "./updates.js";

/** An error answer of the Bot API: `{ ok: false, error_code, description, parameters }`. */
export class ApiFailure {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: { retry_after?: number; migrate_to_chat_id?: number },
  ) {}
}

/** Request parameters after JSON / form decoding. */
export type Params = Record<string, unknown>;

type Handler = (world: FakeWorld, updates: UpdateQueue, p: Params) => unknown | Promise<unknown>;

const bad = (description: string) => new ApiFailure(400, `Bad Request: ${description}`);

/** Resolve a chat the bot may post to, failing the way Telegram does when it may not. */
function writableChat(world: FakeWorld, chatId: unknown): FakeChat {
  const id = Number(chatId);
  if (!Number.isFinite(id)) throw bad("chat not found");
  if (id > 0) {
    if (!world.users.has(id)) throw bad("chat not found");
    if (world.blocked.has(id)) throw new ApiFailure(403, "Forbidden: bot was blocked by the user");
    if (!world.started.has(id)) throw new ApiFailure(403, "Forbidden: bot can't initiate conversation with a user");
    return world.privateChat(id);
  }
  const chat = world.chats.get(id);
  if (!chat) throw bad("chat not found");
  if (chat.migratedTo !== undefined) {
    throw new ApiFailure(400, "Bad Request: group chat was upgraded to a supergroup chat", {
      migrate_to_chat_id: chat.migratedTo,
    });
  }
  const status = chat.members.get(world.bot.id);
  if (status === "kicked") {
    throw new ApiFailure(403, `Forbidden: bot was kicked from the ${chat.chat.type} chat`);
  }
  if (status === undefined || status === "left") {
    throw new ApiFailure(403, `Forbidden: bot is not a member of the ${chat.chat.type} chat`);
  }
  return chat;
}

/**
 * Telegram decodes every string as UTF-8; a lone surrogate (JSON `"\ud83d"` without its pair) has
 * no UTF-8 form, and the Bot API refuses the whole request.
 */
function checkUtf8(text: string): void {
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text)) throw bad("strings must be encoded in UTF-8");
}

function checkText(text: unknown): string {
  if (typeof text !== "string" || text.trim() === "") throw bad("message text is empty");
  checkUtf8(text);
  if ([...text].length > 4096) throw bad("message is too long");
  return text;
}

function checkMarkup(markup: unknown): InlineKeyboardMarkup | undefined {
  if (markup === undefined || markup === null) return undefined;
  const m = markup as InlineKeyboardMarkup;
  if (!Array.isArray(m.inline_keyboard)) throw bad("can't parse reply keyboard markup JSON object");
  for (const row of m.inline_keyboard) {
    for (const button of row) {
      if (!button.text) throw bad("BUTTON_TEXT_INVALID");
      checkUtf8(button.text);
      const data = (button as { callback_data?: unknown }).callback_data;
      if (typeof data === "string" && (data.length === 0 || Buffer.byteLength(data) > 64)) {
        throw bad("BUTTON_DATA_INVALID");
      }
    }
  }
  return m;
}

function findMessage(chat: FakeChat, messageId: unknown): Message {
  const message = chat.messages.find((m) => m.message_id === Number(messageId));
  if (!message) throw bad("message to edit not found");
  return message;
}

/** Width and height from a PNG's header, or undefined when the bytes are not a PNG (Telegram refuses those). */
function pngSize(bytes: Buffer): { width: number; height: number } | undefined {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(signature) || bytes.toString("ascii", 12, 16) !== "IHDR") return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const COMMAND_NAME = /^[a-z0-9_]{1,32}$/;

/** The Bot API methods the fake implements, by name. */
export const METHODS: Record<string, Handler> = {
  getMe: (w) => ({ ...w.bot, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false }),

  deleteWebhook: (_w, u, p) => {
    u.setWebhook(undefined);
    if (p.drop_pending_updates === true) u.dropPending();
    return true;
  },

  setWebhook: (_w, u, p) => {
    if (typeof p.url !== "string" || !/^https?:\/\//.test(p.url)) throw bad("invalid webhook URL specified");
    u.setAllowed(p.allowed_updates);
    u.setWebhook({ url: p.url, secretToken: typeof p.secret_token === "string" ? p.secret_token : undefined });
    return true;
  },

  getWebhookInfo: (_w, u) => ({
    url: u.webhookInfo?.url ?? "",
    has_custom_certificate: false,
    pending_update_count: u.unconfirmed.length,
  }),

  sendMessage: (w, _u, p) => {
    const chat = writableChat(w, p.chat_id);
    const text = checkText(p.text);
    const reply_markup = checkMarkup(p.reply_markup);
    const fields: Partial<Message> & { text: string; reply_markup?: InlineKeyboardMarkup } = { text };
    if (reply_markup) fields.reply_markup = reply_markup;
    const replyTo = (p.reply_parameters as { message_id?: number } | undefined)?.message_id;
    if (replyTo !== undefined) {
      const target = chat.messages.find((m) => m.message_id === Number(replyTo));
      const allowMissing = (p.reply_parameters as { allow_sending_without_reply?: boolean }).allow_sending_without_reply;
      if (!target && !allowMissing) throw bad("message to be replied not found");
      if (target) (fields as { reply_to_message?: Message }).reply_to_message = target;
    }
    return w.storeMessage(chat, w.bot, fields);
  },

  sendPhoto: (w, _u, p) => {
    const chat = writableChat(w, p.chat_id);
    // grammY uploads the file as its own part and names it in the field: `attach://<part>`.
    const photo = typeof p.photo === "string" && p.photo.startsWith("attach://") ? p[p.photo.slice("attach://".length)] : p.photo;
    if (!Buffer.isBuffer(photo)) throw bad("there is no photo in the request");
    const size = pngSize(photo);
    if (!size) throw bad("IMAGE_PROCESS_FAILED");
    const caption = typeof p.caption === "string" ? p.caption : undefined;
    if (caption !== undefined) checkUtf8(caption);
    if (caption !== undefined && [...caption].length > 1024) throw bad("message caption is too long");
    const fileId = `photo-${w.files.size + 1}`;
    w.files.set(fileId, photo);
    const fields: Partial<Message> = {
      photo: [{ file_id: fileId, file_unique_id: `u${fileId}`, width: size.width, height: size.height, file_size: photo.length }],
    };
    if (caption !== undefined) (fields as { caption?: string }).caption = caption;
    const reply_markup = checkMarkup(p.reply_markup);
    if (reply_markup) fields.reply_markup = reply_markup;
    return w.storeMessage(chat, w.bot, fields);
  },

  editMessageText: (w, _u, p) => {
    const chat = writableChat(w, p.chat_id);
    const message = findMessage(chat, p.message_id) as Message.TextMessage;
    if (message.from?.id !== w.bot.id) throw bad("message can't be edited");
    const text = checkText(p.text);
    const markup = checkMarkup(p.reply_markup);
    if (message.text === text && JSON.stringify(message.reply_markup) === JSON.stringify(markup)) {
      throw bad("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
    }
    Object.assign(message, { text, edit_date: Math.floor(Date.now() / 1000) });
    if (markup) message.reply_markup = markup;
    else delete message.reply_markup;
    return message;
  },

  editMessageReplyMarkup: (w, _u, p) => {
    const chat = writableChat(w, p.chat_id);
    const message = findMessage(chat, p.message_id);
    if (message.from?.id !== w.bot.id) throw bad("message can't be edited");
    const markup = checkMarkup(p.reply_markup);
    if (markup) message.reply_markup = markup;
    else delete message.reply_markup;
    return message;
  },

  answerCallbackQuery: (w, _u, p) => {
    const query = w.callbackQueries.get(String(p.callback_query_id));
    if (!query || query.answer) throw bad("query is too old and response timeout expired or query ID is invalid");
    const text = typeof p.text === "string" ? p.text : undefined;
    if (text !== undefined && [...text].length > 200) throw bad("MESSAGE_TOO_LONG");
    query.answer = { text, show_alert: p.show_alert === true };
    return true;
  },

  setMyCommands: (w, _u, p) => {
    const commands = p.commands as { command: string; description: string }[] | undefined;
    if (!Array.isArray(commands) || commands.length > 100) throw bad("BOT_COMMANDS_TOO_MUCH");
    for (const c of commands) {
      if (!COMMAND_NAME.test(String(c.command))) throw bad("BOT_COMMAND_INVALID");
      if (typeof c.description !== "string" || c.description.length < 1 || c.description.length > 256) {
        throw bad("BOT_COMMAND_DESCRIPTION_INVALID");
      }
    }
    const scope = (p.scope as { type?: string } | undefined)?.type ?? "default";
    const lang = typeof p.language_code === "string" && p.language_code !== "" ? p.language_code : undefined;
    w.commands.set(commandKey(scope, lang), commands.map((c) => ({ command: c.command, description: c.description })));
    return true;
  },

  getMyCommands: (w, _u, p) => {
    const scope = (p.scope as { type?: string } | undefined)?.type ?? "default";
    const lang = typeof p.language_code === "string" && p.language_code !== "" ? p.language_code : undefined;
    return w.commands.get(commandKey(scope, lang)) ?? [];
  },

  getChat: (w, _u, p) => {
    const chat = w.chats.get(Number(p.chat_id));
    if (!chat) throw bad("chat not found");
    return { ...chat.chat, accent_color_id: 0, max_reaction_count: 11 };
  },

  getChatMember: (w, _u, p) => {
    const chat = w.chats.get(Number(p.chat_id));
    if (!chat) throw bad("chat not found");
    const user = w.users.get(Number(p.user_id));
    if (!user) throw bad("user not found");
    const status = chat.members.get(user.id) ?? "left";
    return status === "kicked" ? { status, user, until_date: 0 } : { status, user };
  },
};
