/**
 * Pure translation between Discord API payloads and the port's ChatEvent / Outbound (the outbound
 * side is in outbound.ts). No I/O here: every function is a plain mapping, unit-testable without a server.
 */
import {
  type APIApplicationCommandInteractionDataOption,
  type APIChatInputApplicationCommandInteractionData,
  type APIInteraction,
  ApplicationCommandOptionType,
  ChannelType,
  ComponentType,
  InteractionType,
} from "discord.js";
import {
  AdapterError,
  type Author,
  type ChatEvent,
  type ChatRef,
  type NamedPerson,
  type SuggestQuery,
  type Suggestion,
} from "../../src/core/port.js";
import { decodeCustomId } from "./custom-id.js";

/** The free-text option every command may carry; its value is passed to the core verbatim. */
export const FREE_TEXT_OPTION = "args";

/**
 * Options per command in the order the registered command declares them, keyed by `command` or
 * `command sub` / `command group sub`. `verbatim` options (free text, rest of line) are never quoted.
 */
export type DeclaredOptions = ReadonlyMap<string, readonly DeclaredOption[]>;

/**
 * One declared option and how its value goes back into the core's text: `verbatim` (free text, rest
 * of line) unquoted, `user` (a USER picker) as the `<@id>` mention the core resolves by identity,
 * `named` as `name=value`; anything else quoted when it holds spaces.
 */
export interface DeclaredOption {
  name: string;
  verbatim: boolean;
  user?: boolean;
  named?: boolean;
}

/** `discord:<channel_id>` */
export function chatRefFor(channelId: string): ChatRef {
  return `discord:${channelId}`;
}

/** The channel id inside a Discord ChatRef; REJECTED for anything else. */
export function channelIdOf(chat: ChatRef): string {
  const match = /^discord:(\d{1,25})$/.exec(chat);
  if (!match) throw new AdapterError("REJECTED", "not a Discord chat reference");
  return match[1]!;
}

/** Quote a value for the core's grammar when it holds spaces or quotes. */
export function quoteArg(value: string): string {
  if (value !== "" && !/[\s"]/.test(value)) return value;
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/**
 * Flatten slash-command options into the core's args text: sub-command (group) names first, then
 * values in declared order (unknown options last, as received). Free-text options go in verbatim;
 * other values are quoted when they contain spaces or quotes.
 */
export function optionsToArgs(
  commandName: string,
  options: readonly APIApplicationCommandInteractionDataOption[] | undefined,
  declared: DeclaredOptions,
): string {
  const words: string[] = [];
  const path = [commandName];
  let current = options ?? [];
  for (;;) {
    const nested = current.find(
      (o) => o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup,
    );
    if (!nested) break;
    words.push(nested.name);
    path.push(nested.name);
    current = "options" in nested && nested.options ? nested.options : [];
  }
  const order = declared.get(path.join(" ")) ?? [];
  const rank = (name: string) => {
    const i = order.findIndex((d) => d.name === name);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  const verbatim = (name: string) => name === FREE_TEXT_OPTION || order.some((d) => d.name === name && d.verbatim);
  const values = [...current].sort((a, b) => rank(a.name) - rank(b.name));
  for (const o of values) {
    if (!("value" in o) || o.value === undefined) continue;
    const text = String(o.value);
    const how = order.find((d) => d.name === o.name);
    if (o.type === ApplicationCommandOptionType.User || how?.user) {
      if (/^\d{1,20}$/.test(text)) words.push(`<@${text}>`);
    } else if (how?.named) {
      if (text.trim() !== "") words.push(`${o.name}=${quoteArg(text.trim())}`);
    } else if (verbatim(o.name)) {
      if (text.trim() !== "") words.push(text.trim());
    } else {
      words.push(quoteArg(text));
    }
  }
  return words.join(" ");
}

/** A user mention as Discord writes it in text: `<@123>` or `<@!123>`. */
const USER_MENTION = /<@!?(\d{1,20})>/g;

/**
 * People a slash command names: USER options and `<@id>` mentions in its text, in order, once
 * each, never the bot. Names come from the interaction's `resolved` data where Discord sent it;
 * otherwise the id stands in until the person speaks.
 */
export function mentionsOf(data: APIChatInputApplicationCommandInteractionData, args: string, botId: string): NamedPerson[] {
  const ids: string[] = [];
  const walk = (options: readonly APIApplicationCommandInteractionDataOption[] | undefined) => {
    for (const o of options ?? []) {
      if (o.type === ApplicationCommandOptionType.User) ids.push(o.value);
      if ("options" in o) walk(o.options);
    }
  };
  walk(data.options);
  for (const m of args.matchAll(USER_MENTION)) ids.push(m[1]!);
  const out = new Map<string, NamedPerson>();
  for (const id of ids) {
    const user = data.resolved?.users?.[id];
    if (id === botId || out.has(id) || user?.bot) continue;
    const name = data.resolved?.members?.[id]?.nick ?? user?.global_name ?? user?.username ?? id;
    out.set(id, { id, displayName: name });
  }
  return [...out.values()];
}

/** True when the interaction came from the person's DM with the bot. */
export function isDirectInteraction(raw: APIInteraction): boolean {
  return !raw.guild_id && raw.channel?.type === ChannelType.DM;
}

/** The person behind an interaction, with guild roles mapped to Porchlight role names. */
export function authorOf(raw: APIInteraction, roleMap: Readonly<Record<string, string>> | undefined): Author {
  const user = raw.member?.user ?? raw.user;
  const author: Author = {
    id: user?.id ?? "",
    displayName: raw.member?.nick ?? user?.global_name ?? user?.username ?? "",
    isBot: Boolean(user?.bot),
  };
  const locale = localeOf(raw);
  if (locale) author.locale = locale;
  if (roleMap && raw.member) {
    const mapped = raw.member.roles.flatMap((id) => (roleMap[id] ? [roleMap[id]] : []));
    author.roles = [...new Set(mapped)];
  }
  return author;
}

/** Result of reading an interaction: an event for the core, a forged button, or nothing to do. */
export type ReadInteraction =
  | { kind: "event"; event: ChatEvent }
  | { kind: "forged-button" }
  | { kind: "ignored" };

/** Translate an INTERACTION_CREATE payload into a ChatEvent. */
export function interactionToEvent(
  raw: APIInteraction,
  ctx: { roleMap?: Readonly<Record<string, string>>; declared: DeclaredOptions; buttonKey: Buffer },
): ReadInteraction {
  const channelId = raw.channel?.id;
  if (!channelId) return { kind: "ignored" };
  const base = {
    chat: chatRefFor(channelId),
    author: authorOf(raw, ctx.roleMap),
    isDirect: isDirectInteraction(raw),
    interactionId: raw.id,
    // An interaction id is unique and the same if the gateway replays the interaction.
    eventId: raw.id,
  };
  if (raw.type === InteractionType.ApplicationCommand && raw.data.type === 1) {
    const data = raw.data;
    const args = optionsToArgs(data.name, "options" in data ? data.options : undefined, ctx.declared);
    const mentions = mentionsOf(data, args, raw.application_id);
    return { kind: "event", event: { kind: "command", ...base, name: data.name, args, ...(mentions.length > 0 ? { mentions } : {}) } };
  }
  if (raw.type === InteractionType.MessageComponent && raw.data.component_type === ComponentType.Button) {
    const decoded = decodeCustomId(ctx.buttonKey, raw.data.custom_id);
    if (!decoded) return { kind: "forged-button" };
    return { kind: "event", event: { kind: "action", ...base, ...decoded, messageId: raw.message.id } };
  }
  return { kind: "ignored" };
}

/** The person's client language on an interaction (absent only on pings). */
export function localeOf(raw: APIInteraction): string | undefined {
  return "locale" in raw ? raw.locale : undefined;
}

/** True for Spanish locales (es-ES, es-419...). */
export function isSpanish(locale: string | undefined): boolean {
  return typeof locale === "string" && /^es\b/i.test(locale);
}

/**
 * An autocomplete interaction (type 4) as the core's query: the command's words, the focused
 * option and what was typed in it. Null for anything else.
 */
export function autocompleteQuery(raw: APIInteraction, roleMap?: Readonly<Record<string, string>>): { query: SuggestQuery; integer: boolean } | null {
  if (raw.type !== InteractionType.ApplicationCommandAutocomplete || !raw.channel) return null;
  const words = [raw.data.name];
  let current = raw.data.options ?? [];
  for (;;) {
    const nested = current.find((o) => o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup);
    if (!nested) break;
    words.push(nested.name);
    current = "options" in nested && nested.options ? (nested.options as typeof current) : [];
  }
  const focused = current.find((o) => "focused" in o && o.focused);
  if (!focused || !("value" in focused)) return null;
  const locale = localeOf(raw);
  const author = authorOf(raw, roleMap);
  // The other options already filled (a block's canvass), so a suggester can narrow to them.
  const given = Object.fromEntries(
    current.flatMap((o) => (o !== focused && "value" in o && o.value !== undefined && o.value !== "" ? [[o.name, String(o.value)]] : [])),
  );
  const query: SuggestQuery = {
    chat: chatRefFor(raw.channel.id),
    isDirect: isDirectInteraction(raw),
    command: words.join(" "),
    param: focused.name,
    typed: String(focused.value ?? ""),
    ...(locale ? { locale } : {}),
    ...(author.id ? { author: { id: author.id, ...(author.roles ? { roles: author.roles } : {}) } } : {}),
    given,
  };
  return { query, integer: focused.type === ApplicationCommandOptionType.Integer };
}

/** Suggestions as Discord's autocomplete choices (at most 25): an INTEGER option takes numbers. */
export function autocompleteChoices(integer: boolean, suggestions: readonly Suggestion[]): { name: string; value: string | number }[] {
  return suggestions.slice(0, 25).flatMap((s): { name: string; value: string | number }[] => {
    const n = Number(s.value);
    if (integer) return Number.isSafeInteger(n) ? [{ name: s.label.slice(0, 100), value: n }] : [];
    return s.value.length <= 100 ? [{ name: s.label.slice(0, 100), value: s.value }] : [];
  });
}
