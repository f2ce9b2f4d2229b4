import type { Chat, InlineKeyboardMarkup, Message, MessageEntity, Update, User } from "grammy/types";

/** A member's standing in a chat, as Telegram's ChatMember.status names it. */
export type MemberStatus = "creator" | "administrator" | "member" | "restricted" | "left" | "kicked";

/** One chat the fake knows: its Telegram shape, who is in it, and what was posted there. */
export interface FakeChat {
  chat: Chat.PrivateChat | Chat.GroupChat | Chat.SupergroupChat | Chat.ChannelChat;
  members: Map<number, MemberStatus>;
  messages: Message[];
  nextMessageId: number;
  /** Set when a basic group was upgraded; sends to it then fail with migrate_to_chat_id. */
  migratedTo?: number;
}

/** A callback query the fake delivered, and how the bot answered it (if it did). */
export interface FakeCallbackQuery {
  id: string;
  chatId: number;
  messageId: number;
  fromId: number;
  data: string;
  createdAt: number;
  answer?: { text?: string; show_alert?: boolean };
}

/** Bot menu commands, keyed by scope type and language code. */
export type CommandStore = Map<string, { command: string; description: string }[]>;

/** Key for the command store: scope type plus language ("" for the default language). */
export function commandKey(scopeType: string, languageCode?: string): string {
  return `${scopeType}|${languageCode ?? ""}`;
}

/**
 * Everything the fake Bot API holds: the bot's identity, users, chats with members and messages,
 * who has started a private chat with the bot, registered commands and the update queue.
 */
export class FakeWorld {
  readonly users = new Map<number, User>();
  readonly chats = new Map<number, FakeChat>();
  /** Users who pressed Start (and have not blocked the bot since). */
  readonly started = new Set<number>();
  readonly blocked = new Set<number>();
  readonly commands: CommandStore = new Map();
  readonly callbackQueries = new Map<string, FakeCallbackQuery>();
  /** Files uploaded by the bot (photos), by file_id. */
  readonly files = new Map<string, Buffer>();
  private nextUserId = 1000;
  private nextGroupId = 5000;
  private nextCallbackId = 1;

  constructor(readonly bot: User & { is_bot: true; username: string }) {
    this.users.set(bot.id, bot);
  }

  /** Create a person. */
  addUser(fields: Partial<Omit<User, "id" | "is_bot">> = {}): User {
    const id = this.nextUserId++;
    const user: User = { id, is_bot: false, first_name: fields.first_name ?? `User${id}`, ...fields };
    this.users.set(id, user);
    return user;
  }

  /** Create a basic group or a supergroup with the given members (the bot included unless told not). */
  addGroup(opts: { title?: string; type?: "group" | "supergroup"; memberIds?: number[]; withBot?: boolean }): FakeChat {
    const n = this.nextGroupId++;
    const type = opts.type ?? "group";
    const id = type === "supergroup" ? -(1_000_000_000_000 + n) : -n;
    const title = opts.title ?? `Group ${n}`;
    const chat =
      type === "supergroup"
        ? ({ id, type, title } as Chat.SupergroupChat)
        : ({ id, type, title } as Chat.GroupChat);
    const fake: FakeChat = { chat, members: new Map(), messages: [], nextMessageId: 1 };
    for (const uid of opts.memberIds ?? []) fake.members.set(uid, "member");
    if (opts.withBot ?? true) fake.members.set(this.bot.id, "administrator");
    this.chats.set(id, fake);
    return fake;
  }

  /** The private chat between a user and the bot, created on first use (its id is the user id). */
  privateChat(userId: number): FakeChat {
    const existing = this.chats.get(userId);
    if (existing) return existing;
    const user = this.mustUser(userId);
    const chat: Chat.PrivateChat = { id: userId, type: "private", first_name: user.first_name };
    if (user.last_name) chat.last_name = user.last_name;
    if (user.username) chat.username = user.username;
    const fake: FakeChat = { chat, members: new Map([[userId, "member"]]), messages: [], nextMessageId: 1 };
    this.chats.set(userId, fake);
    return fake;
  }

  mustUser(id: number): User {
    const user = this.users.get(id);
    if (!user) throw new Error(`fake telegram: no user ${id}`);
    return user;
  }

  mustChat(id: number): FakeChat {
    const chat = this.chats.get(id);
    if (!chat) throw new Error(`fake telegram: no chat ${id}`);
    return chat;
  }

  /** Told of every message stored, as it is stored (benchmarks time arrivals without polling). */
  onStored: ((chatId: number, message: Message) => void) | null = null;

  /** Store a message in a chat and return it. */
  storeMessage(
    chat: FakeChat,
    from: User,
    fields: { text?: string; entities?: MessageEntity[]; reply_markup?: InlineKeyboardMarkup } & Partial<Message>,
  ): Message {
    const message = {
      message_id: chat.nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: chat.chat,
      from,
      ...fields,
    } as Message;
    chat.messages.push(message);
    this.onStored?.(chat.chat.id, message);
    return message;
  }

  newCallbackQueryId(): string {
    // Real ids are long opaque numeric strings.
    return `${900_000_000_000 + this.nextCallbackId++}`;
  }
}

/** bot_command entities for every `/word` or `/word@bot` at a word start, as Telegram marks them. */
export function commandEntities(text: string): MessageEntity[] | undefined {
  const entities: MessageEntity[] = [];
  for (const match of text.matchAll(/(^|\s)(\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,64})?)/g)) {
    const offset = match.index + match[1]!.length;
    // Telegram counts offsets in UTF-16 code units, as JavaScript strings do.
    entities.push({ type: "bot_command", offset, length: match[2]!.length });
  }
  return entities.length > 0 ? entities : undefined;
}

/** Update kinds Telegram leaves out unless a bot asks for them explicitly. */
export const DEFAULT_EXCLUDED_UPDATES = ["chat_member", "message_reaction", "message_reaction_count"];

/** Which field of an update carries its payload (message, callback_query, ...). */
export function updateKind(update: Update): string {
  return Object.keys(update).find((k) => k !== "update_id") ?? "unknown";
}
