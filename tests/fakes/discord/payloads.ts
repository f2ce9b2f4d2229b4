/**
 * Builders for Discord API objects in the wire shape discord.js 14 parses: guild (GUILD_CREATE),
 * channel, member, and INTERACTION_CREATE payloads for slash commands and buttons.
 */
import { DM, type FakeChannel, type FakeDiscordState, type FakeGuild, type FakeUser } from "./state.js";

/** A channel object as REST and gateway return it. */
export function channelPayload(state: FakeDiscordState, channel: FakeChannel): Record<string, unknown> {
  if (channel.type === DM) {
    const recipient = channel.recipientId ? state.users.get(channel.recipientId) : undefined;
    return { id: channel.id, type: DM, last_message_id: null, flags: 0, recipients: recipient ? [recipient] : [] };
  }
  return {
    id: channel.id,
    type: channel.type,
    guild_id: channel.guildId,
    name: channel.name,
    position: 0,
    permission_overwrites: [],
    nsfw: false,
    parent_id: null,
    topic: null,
    last_message_id: null,
    rate_limit_per_user: 0,
    flags: 0,
  };
}

/** A guild member object. */
export function memberPayload(user: FakeUser, roleIds: string[]): Record<string, unknown> {
  return {
    user,
    nick: null,
    avatar: null,
    roles: roleIds,
    joined_at: "2024-01-01T00:00:00.000Z",
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
  };
}

/** The GUILD_CREATE payload: roles, text channels and members. */
export function guildCreatePayload(state: FakeDiscordState, guild: FakeGuild): Record<string, unknown> {
  const channels = [...state.channels.values()].filter((c) => c.guildId === guild.id);
  const members = [...guild.members.entries()].flatMap(([userId, roles]) => {
    const user = state.users.get(userId);
    return user ? [memberPayload(user, roles)] : [];
  });
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    owner_id: guild.ownerId,
    unavailable: false,
    member_count: members.length,
    large: false,
    features: [],
    roles: guild.roles.map((r, i) => ({
      id: r.id,
      name: r.name,
      color: 0,
      hoist: false,
      position: i,
      permissions: "0",
      managed: false,
      mentionable: false,
      flags: 0,
    })),
    channels: channels.map((c) => channelPayload(state, c)),
    members,
    threads: [],
    presences: [],
    voice_states: [],
    emojis: [],
    stickers: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    preferred_locale: "en-US",
    joined_at: "2024-01-01T00:00:00.000Z",
  };
}

/** One option of a slash command as the user filled it in. */
export interface SlashOption {
  name: string;
  /** 3 string, 4 integer, 5 boolean, 1 sub-command, 2 sub-command group... */
  type: number;
  value?: string | number | boolean;
  /** The option being typed, in an autocomplete interaction. */
  focused?: boolean;
  options?: SlashOption[];
}

/** Discord's `resolved` data for the USER options of a command: each picked user, and their membership. */
function resolvedUsers(state: FakeDiscordState, channel: FakeChannel, options: SlashOption[] | undefined): { resolved?: Record<string, unknown> } {
  const ids: string[] = [];
  const walk = (list: SlashOption[] | undefined) => {
    for (const o of list ?? []) {
      if (o.type === 6 && typeof o.value === "string") ids.push(o.value);
      walk(o.options);
    }
  };
  walk(options);
  const users = Object.fromEntries(ids.flatMap((id) => (state.users.has(id) ? [[id, state.users.get(id)]] : [])));
  if (Object.keys(users).length === 0) return {};
  const guild = channel.guildId ? state.guild(channel.guildId) : undefined;
  const members = guild
    ? Object.fromEntries(Object.keys(users).flatMap((id) => (guild.members.has(id) ? [[id, { roles: guild.members.get(id), nick: null }]] : [])))
    : undefined;
  return { resolved: { users, ...(members ? { members } : {}) } };
}

/** Fields shared by every interaction payload. */
function interactionBase(
  state: FakeDiscordState,
  appId: string,
  id: string,
  token: string,
  channel: FakeChannel,
  user: FakeUser,
  locale: string,
): Record<string, unknown> {
  const base: Record<string, unknown> = {
    id,
    application_id: appId,
    token,
    version: 1,
    channel: channelPayload(state, channel),
    channel_id: channel.id,
    locale,
    app_permissions: "2248473465835073",
    entitlements: [],
    authorizing_integration_owners: { "0": channel.guildId ?? user.id },
    attachment_size_limit: 10485760,
  };
  if (channel.guildId) {
    const guild = state.guild(channel.guildId);
    base.guild_id = guild.id;
    base.guild = { id: guild.id, locale: "en-US", features: [] };
    base.guild_locale = "en-US";
    base.member = { ...memberPayload(user, guild.members.get(user.id) ?? []), permissions: "2248473465835073" };
    base.context = 0;
  } else {
    base.user = user;
    base.context = 1;
  }
  return base;
}

/** INTERACTION_CREATE for a chat-input (slash) command. */
export function slashInteractionPayload(
  state: FakeDiscordState,
  appId: string,
  ids: { id: string; token: string; commandId: string },
  channel: FakeChannel,
  user: FakeUser,
  command: { name: string; options?: SlashOption[]; locale?: string },
): Record<string, unknown> {
  return {
    ...interactionBase(state, appId, ids.id, ids.token, channel, user, command.locale ?? "en-US"),
    type: 2,
    data: { id: ids.commandId, name: command.name, type: 1, options: command.options ?? [], ...resolvedUsers(state, channel, command.options) },
  };
}

/** INTERACTION_CREATE for a button press on `message`. */
export function buttonInteractionPayload(
  state: FakeDiscordState,
  appId: string,
  ids: { id: string; token: string },
  channel: FakeChannel,
  user: FakeUser,
  message: Record<string, unknown>,
  customId: string,
  locale = "en-US",
): Record<string, unknown> {
  return {
    ...interactionBase(state, appId, ids.id, ids.token, channel, user, locale),
    type: 3,
    message,
    data: { custom_id: customId, component_type: 2 },
  };
}
