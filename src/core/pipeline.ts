import { allows, GRANTED_ROLES, type GrantedRole } from "./auth.js";
import { bindPositional, validateArgs } from "./commands/arguments.js";
import type { Token } from "./commands/grammar.js";
import { inertText } from "./inert.js";
import type { LimitCheck } from "./limits.js";
import { choiceLabel } from "./commands/menu.js";
import type { AnyParam } from "./commands/params.js";
import type { AnyCommand, Registry } from "./commands/registry.js";
import type { ChatInfo, CommandContext, CoreServices } from "./context.js";
import { type Lang, langFromLocale, type MessageKey, type MessageParams, t } from "./i18n/catalog.js";
import type { ChatRecord, Network } from "./network/networks.js";
import type { Person } from "./people.js";
import { type ActionEvent, type Button, type ChatRef, type CommandEvent, type Outbound, type Platform, type PlatformAdapter, parseChatRef } from "./port.js";

/**
 * The command pipeline's stages that only read (resolve the chat and person, authorise, validate),
 * the reading of a command line and the flood limits the parse stage applies, and the values the
 * stages hand each other. The parse stage that puts these together is in parse-stage.ts; the stages
 * that change stored state (run in a transaction, respond) are the Bot's (bot.ts).
 */

/** Who sent an event, where, and in which language to answer: the first stage's result. */
export interface Party {
  platform: Platform;
  adapter: PlatformAdapter;
  chat: ChatInfo;
  /** The chat's record (its network and language), if the bot knows the chat. */
  record: ChatRecord | null;
  person: Person | null;
  lang: Lang;
  /** `platform:authorId`, the key of the person's limits. */
  who: string;
}

/** How a refusal is answered: durably once (`answer`), straight to the chat (`direct`), or not at all. */
export type Refusal = { via: "answer" | "direct"; replies: Outbound[] } | { via: "none" };
export type Refused = { kind: "refused"; refusal: Refusal };

/** A refusal in one message of the catalog. */
export function refusal(lang: Lang, key: MessageKey, params?: MessageParams): Refused {
  return { kind: "refused", refusal: { via: "answer", replies: [{ text: t(lang, key, params) }] } };
}

/** The line read and its command found. */
export interface ParsedCommand {
  kind: "command";
  spec: AnyCommand;
  tokens: Token[];
  line: { name: string; args: string };
  now: number;
  /** The language of the command words typed (`/ayuda` is Spanish), if they have one: the person's hint. */
  spoken?: Lang;
}
export type ParseOutcome = ParsedCommand | Refused | { kind: "claimed"; event: CommandEvent };

/** Where the command acts and with which roles. */
export interface Authorised {
  network: Network | null;
  roles: ReadonlySet<GrantedRole>;
}

/** A handler that ran and committed: its context and the replies to send. */
export interface Ran {
  ctx: CommandContext;
  replyIds: number[];
}


/** Stage 1: the chat as the adapter sees it, the person if known, and the language to answer in. */
export function resolveChatAndPerson(
  services: CoreServices,
  adapters: ReadonlyMap<Platform, PlatformAdapter>,
  event: CommandEvent | ActionEvent,
): Party | null {
  const { people, networks } = services;
  const { platform } = parseChatRef(event.chat);
  const adapter = adapters.get(platform);
  if (!adapter) return null;
  const chat: ChatInfo = { ref: event.chat, platform, isDirect: event.isDirect, caps: adapter.capabilities(event.chat) };
  const record = networks.chat(event.chat);
  const person = people.find(platform, event.author.id);
  const lang: Lang = event.isDirect
    ? (person?.lang ?? langFromLocale(event.author.locale) ?? record?.lang ?? person?.langHint ?? services.defaultLang)
    : (record?.lang ?? services.defaultLang);
  return { platform, adapter, chat, record, person, lang, who: `${platform}:${event.author.id}` };
}


/** Stage 3: the network the command acts in, the person's roles there, and whether they may run it here. */
export function authorise(services: CoreServices, event: CommandEvent | ActionEvent, party: Party, spec: AnyCommand): Authorised | Refused {
  const { people, networks } = services;
  const { person, record, lang } = party;
  const networkId = event.isDirect ? (person ? people.latestNetwork(person.id) : null) : (record?.networkId ?? null);
  const network: Network | null = networkId === null ? null : networks.get(networkId);
  const roles = rolesOf(services, network, person?.id ?? null, event.author.roles);
  if (spec.access !== "anyone") {
    if (!network) return refusal(lang, event.isDirect ? "core.noNetworkDirect" : "core.notLinked");
    if (!allows(roles, spec.access)) return refusal(lang, "core.needsRole", { role: spec.access });
  }
  if (spec.where === "group" && event.isDirect) return refusal(lang, "core.groupOnly");
  return { network, roles };
}

/**
 * Stage 4: the tokens bound to the declared parameters and each one read; the first refused is named.
 * A required choice left out is offered as buttons where the chat has them (see choiceButtons).
 */
export function validate(
  registry: Registry,
  party: Party,
  parsed: ParsedCommand,
  network: Network | null,
  event?: CommandEvent | ActionEvent,
): { args: Record<string, unknown> } | Refused {
  const { spec, tokens, now } = parsed;
  const { lang } = party;
  const usage = registry.usage(spec, lang);
  const bound = spec.bind ? spec.bind(tokens) : bindPositional(spec.params, tokens);
  if (bound === null) return refusal(lang, "core.usage", { usage });
  const checked = validateArgs(spec.params, bound, { lang, now, tz: network?.tz ?? "UTC" }, usage);
  if (checked.ok) return { args: checked.args };
  const buttons = checked.missing && party.chat.caps.buttons && event ? choiceButtons(spec, checked.missing, tokens, event, lang) : [];
  return { kind: "refused", refusal: { via: "answer", replies: [{ text: checked.reply, ...(buttons.length > 0 ? { buttons } : {}) }] } };
}

/**
 * One button per value of a required choice that was left out, each completing the command as typed
 * (`/lang` -> `/lang es`; `/role grant @bob` -> `/role grant <bob's id> lead`), for a command that
 * buttons may run, whose choice is its last positional parameter. A member the platform named (a
 * mention, a reply) goes into the payload by their platform id, since the press carries no mention.
 */
function choiceButtons(spec: AnyCommand, missing: AnyParam, tokens: readonly Token[], event: CommandEvent | ActionEvent, lang: Lang): Button[] {
  const positional = spec.params.filter((p) => !p.option);
  if (!spec.button || missing.type.kind !== "choice" || !missing.type.choices || positional[positional.length - 1] !== missing) return [];
  const named = event.kind === "command" ? (event.mentions?.length === 1 ? event.mentions[0] : event.repliedTo) : undefined;
  const memberFirst = positional.length === 2 && positional[0]!.type.kind === "member";
  const typed = tokens.map((tk) => (tk.quoted || /\s/.test(tk.text) ? `"${tk.text.replaceAll('"', "")}"` : tk.text));
  // A typed `!…` could pass for the bot's own mark of a member the platform named: no buttons then.
  if (tokens.some((tk) => tk.text.startsWith("!"))) return [];
  const before = memberFirst && named ? [`!${named.id}`] : typed;
  return missing.type.choices.map((c) => ({ label: choiceLabel(c, lang), action: spec.id, payload: [...before, c.value].join(" ") }));
}

/**
 * Roles granted in the network, plus those the platform vouches for (Discord roles mapped in the
 * configuration). Platform roles count only in a chat of that network.
 */
function rolesOf(
  services: CoreServices,
  network: Network | null,
  personId: number | null,
  platformRoles: string[] | undefined,
): ReadonlySet<GrantedRole> {
  if (!network) return new Set();
  const roles = personId === null ? new Set<GrantedRole>() : services.people.roles(network.id, personId);
  for (const role of platformRoles ?? []) {
    if ((GRANTED_ROLES as readonly string[]).includes(role)) roles.add(role as GrantedRole);
  }
  return roles;
}

/**
 * A button's action is a command id, optionally with a view after a colon (`signup:list`) telling
 * the command how to redraw the message the button sat on.
 */
export function actionCommand(action: string): string {
  const colon = action.indexOf(":");
  return colon < 0 ? action : action.slice(0, colon);
}

/**
 * The command word and argument text of a command, or of the command a button stands for, made
 * inert: this is the one place where what people type enters the core (see inert.ts).
 */
export function commandLine(registry: Registry, event: CommandEvent | ActionEvent): { name: string; args: string } | null {
  if (event.kind === "command") return { name: inertText(event.name, { multiline: false }), args: inertText(event.args) };
  const spec = registry.byId(actionCommand(event.action));
  if (!spec?.button || /[\r\n]/.test(event.payload) || event.payload.length > 200) return null;
  return { name: spec.words[0]!, args: inertText([...spec.words.slice(1), event.payload].join(" ").trim()) };
}

/**
 * The commands-per-minute limits, of the person and of the group chat (a direct chat is the
 * person's own): the one that is exceeded, or null when the command may run. Counts it when it may.
 */
export function floodCheck(
  limits: CoreServices["limits"],
  who: string,
  group: ChatRef | null,
  now: number,
): { key: MessageKey; check: LimitCheck } | null {
  const person = limits.take("commands", who, now);
  if (person.waitMs > 0) return { key: "limit.commands", check: person };
  if (group === null) return null;
  const chat = limits.take("chatCommands", group, now);
  return chat.waitMs > 0 ? { key: "limit.chatCommands", check: chat } : null;
}
