/**
 * What the fake Discord holds: users, guilds with roles, channels (guild text and DM), members,
 * messages per channel, registered application commands and interactions. Plain data in the shape
 * of Discord's API objects, so REST and gateway can serve it as-is.
 */

/** Channel types used here (Discord's numbering). */
export const GUILD_TEXT = 0;
export const DM = 1;

/** Message flags used here. */
export const EPHEMERAL = 64;
export const LOADING = 128;

export interface FakeUser {
  id: string;
  username: string;
  global_name: string | null;
  discriminator: string;
  avatar: null;
  bot: boolean;
}

export interface FakeRole {
  id: string;
  name: string;
}

export interface FakeGuild {
  id: string;
  name: string;
  ownerId: string;
  roles: FakeRole[];
  /** user id -> role ids */
  members: Map<string, string[]>;
}

export interface FakeChannel {
  id: string;
  type: number;
  name: string | null;
  guildId: string | null;
  /** For DM channels: the person on the other side of the bot. */
  recipientId: string | null;
}

/** A file attached to a message, in Discord's wire shape; its bytes are in `FakeDiscordState.files`. */
export interface FakeAttachment {
  id: string;
  filename: string;
  size: number;
  url: string;
  proxy_url: string;
  content_type?: string;
  /** The alt text. */
  description?: string;
}

/** A stored message in Discord's wire shape (what GET would return). */
export interface FakeMessage {
  id: string;
  channel_id: string;
  author: FakeUser;
  content: string;
  timestamp: string;
  edited_timestamp: string | null;
  flags: number;
  components: unknown[];
  attachments: FakeAttachment[];
  nonce?: string | number;
  /** Set for messages created through an interaction: who may see an ephemeral one. */
  interaction_user_id?: string;
  webhook_id?: string;
  application_id?: string;
  type: number;
  deleted?: boolean;
  /** Who the message pinged (mentions.ts); absent on messages made by the fake itself. */
  mention_everyone?: boolean;
  mentions?: { id: string }[];
  mention_roles?: string[];
}

/** One interaction the fake dispatched, and what the bot has done with it. */
export interface FakeInteraction {
  id: string;
  token: string;
  /** 2 = application command, 3 = message component, 4 = autocomplete. */
  type: 2 | 3 | 4;
  channelId: string;
  guildId: string | null;
  userId: string;
  createdAt: number;
  /** Callback types the bot answered with, in order (4, 5, 6, 7). Only the first is accepted. */
  callbacks: number[];
  /** Flags of the first callback (64 = ephemeral). */
  callbackFlags: number;
  /** The @original response message, once one exists. */
  originalMessageId: string | null;
  /** For buttons: the message carrying the button. */
  componentMessageId: string | null;
  followUpIds: string[];
  /** For autocomplete: the choices the bot answered with (callback type 8). */
  choices?: { name: string; value: string | number }[];
  /** The bot did not acknowledge within the window: the user saw "The application did not respond". */
  expiredUnanswered: boolean;
}

/** A registered application command as Discord stores it (ids and version added by the fake). */
export type FakeCommand = Record<string, unknown> & { id: string; name: string };

/** Monotonic snowflake-shaped ids (discord.js reads timestamps out of them). */
export class Snowflakes {
  private counter = 0n;
  next(): string {
    const ms = BigInt(Date.now() - 1420070400000);
    this.counter += 1n;
    return ((ms << 22n) + (this.counter & 0x3fffffn)).toString();
  }
}

/** The whole of the fake platform's data. */
export class FakeDiscordState {
  readonly ids = new Snowflakes();
  readonly users = new Map<string, FakeUser>();
  readonly guilds = new Map<string, FakeGuild>();
  readonly channels = new Map<string, FakeChannel>();
  readonly messages = new Map<string, FakeMessage[]>();
  readonly globalCommands: FakeCommand[] = [];
  readonly guildCommands = new Map<string, FakeCommand[]>();
  readonly interactions = new Map<string, FakeInteraction>();
  /** People who closed their DMs to the bot (or blocked it): posting to their DM answers 50007. */
  readonly dmsClosed = new Set<string>();
  /** `${authorId}:${nonce}` -> message id and when, for enforce_nonce. */
  readonly nonces = new Map<string, { messageId: string; at: number }>();
  /** Attachment id -> the uploaded bytes. */
  readonly files = new Map<string, Buffer>();
  readonly bot: FakeUser;

  constructor(botName = "porchlight") {
    this.bot = this.addUser(botName, true);
  }

  addUser(username: string, bot = false): FakeUser {
    const user: FakeUser = { id: this.ids.next(), username, global_name: null, discriminator: "0", avatar: null, bot };
    this.users.set(user.id, user);
    return user;
  }

  addGuild(name: string, roleNames: string[] = []): FakeGuild {
    const id = this.ids.next();
    const roles = [{ id, name: "@everyone" }, ...roleNames.map((n) => ({ id: this.ids.next(), name: n }))];
    const guild: FakeGuild = { id, name, ownerId: this.bot.id, roles, members: new Map([[this.bot.id, []]]) };
    this.guilds.set(id, guild);
    return guild;
  }

  addTextChannel(guildId: string, name: string): FakeChannel {
    const channel: FakeChannel = { id: this.ids.next(), type: GUILD_TEXT, name, guildId, recipientId: null };
    this.channels.set(channel.id, channel);
    this.messages.set(channel.id, []);
    return channel;
  }

  addMember(guildId: string, userId: string, roleIds: string[] = []): void {
    this.guild(guildId).members.set(userId, roleIds);
  }

  guild(id: string): FakeGuild {
    const g = this.guilds.get(id);
    if (!g) throw new Error(`fake discord: no guild ${id}`);
    return g;
  }

  role(guildId: string, name: string): FakeRole {
    const r = this.guild(guildId).roles.find((x) => x.name === name);
    if (!r) throw new Error(`fake discord: no role ${name}`);
    return r;
  }

  /** The DM channel between the bot and `userId`, created on first use like Discord does. */
  dmChannel(userId: string): FakeChannel {
    for (const c of this.channels.values()) if (c.type === DM && c.recipientId === userId) return c;
    const channel: FakeChannel = { id: this.ids.next(), type: DM, name: null, guildId: null, recipientId: userId };
    this.channels.set(channel.id, channel);
    this.messages.set(channel.id, []);
    return channel;
  }

  existingDmChannel(userId: string): FakeChannel | undefined {
    for (const c of this.channels.values()) if (c.type === DM && c.recipientId === userId) return c;
    return undefined;
  }

  /** Told of every message created, as it is (benchmarks time arrivals without polling). */
  onStored: ((channelId: string, message: FakeMessage) => void) | null = null;

  createMessage(channelId: string, fields: Partial<FakeMessage>): FakeMessage {
    const message: FakeMessage = {
      id: this.ids.next(),
      channel_id: channelId,
      author: this.bot,
      content: "",
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      flags: 0,
      components: [],
      attachments: [],
      type: 0,
      ...fields,
    };
    const list = this.messages.get(channelId);
    if (!list) throw new Error(`fake discord: no channel ${channelId}`);
    list.push(message);
    this.onStored?.(channelId, message);
    return message;
  }

  findMessage(channelId: string, messageId: string): FakeMessage | undefined {
    return this.messages.get(channelId)?.find((m) => m.id === messageId && !m.deleted);
  }

  messageById(messageId: string): FakeMessage | undefined {
    for (const list of this.messages.values()) {
      const m = list.find((x) => x.id === messageId && !x.deleted);
      if (m) return m;
    }
    return undefined;
  }

  /**
   * What `viewerId` sees in a channel, oldest first: everything not deleted, except ephemeral
   * messages meant for someone else. Loading placeholders show as "is thinking...".
   */
  visibleMessages(channelId: string, viewerId?: string): FakeMessage[] {
    return (this.messages.get(channelId) ?? []).filter(
      (m) => !m.deleted && (!(m.flags & EPHEMERAL) || (viewerId !== undefined && m.interaction_user_id === viewerId)),
    );
  }
}
