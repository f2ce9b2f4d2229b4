import { z } from "zod";
import { audit } from "../audit.js";
import { type CommandContext, PLATFORM_NAMES, UserError } from "../context.js";
import type { MessageKey } from "../i18n/catalog.js";
import { ALL_ZONES_WORDS, MAX_ZONES, type Zone, zoneKey, zoneNameProblem, Zones } from "../network/zones.js";
import { type ChatRef, parseChatRef } from "../port.js";
import type { Token } from "./grammar.js";
import { param, shaped, text } from "./params.js";
import { defineCommand } from "./registry.js";

/** The network's zones, with the store. */
export function zonesOf(ctx: CommandContext): Zones {
  return new Zones(ctx.db, ctx.services.networks);
}

/** Zone names as a reader sees them in a list: `North, "Boyle Heights"`. */
export function zoneNames(zones: readonly Zone[]): string {
  return zones.map((z) => (/\s/.test(z.name) ? `“${z.name}”` : z.name)).join(", ");
}

/**
 * Find each typed name among the network's zones, or refuse with a message that lists them. A name
 * that is another network's zone (one the member also belongs to) says so, naming that network,
 * only where the answer is private (`privately`, or a direct chat): a group must not learn which
 * other networks one of its members is in.
 */
export function resolveZones(ctx: CommandContext, names: readonly string[], opts: { privately?: boolean } = {}): Zone[] {
  const zones = zonesOf(ctx);
  const all = zones.list(ctx.net.id);
  const found: Zone[] = [];
  for (const name of names) {
    const zone = zones.byName(ctx.net.id, name);
    if (zone) {
      if (!found.some((f) => f.id === zone.id)) found.push(zone);
      continue;
    }
    const mayName = opts.privately === true || ctx.chat.isDirect;
    const other = !mayName ? undefined : zones.elsewhere(name, ctx.services.people.networkIdsOf(ctx.person.id), ctx.net.id)[0];
    const otherNetwork = other ? ctx.services.networks.get(other.networkId) : null;
    if (otherNetwork) throw new UserError("zone.otherNetwork", { zone: name, other: otherNetwork.name, network: ctx.net.name });
    if (all.length === 0) throw new UserError("zone.noneYet", { zone: name, network: ctx.net.name });
    throw new UserError("zone.unknown", { zone: name, network: ctx.net.name, zones: zoneNames(all) });
  }
  return found;
}

/** Whether the typed names mean "every zone" (`all`, `todas`, `toda la red`). */
export function meansAllZones(names: readonly string[]): boolean {
  return names.length > 0 && names.every((n) => ALL_ZONES_WORDS.includes(zoneKey(n)) || zoneKey(n) === "la");
}

/** Bind a list of zone names: each token one name, quotes keep words together. */
export function bindZoneNames(tokens: Token[]): { zones: string[] } {
  return { zones: tokens.map((tk) => tk.text) };
}

/** A list of zone names, as `bindZoneNames` made it. */
export const zoneList = shaped("text", z.array(z.string().max(200)).max(MAX_ZONES));

const PROBLEM_KEYS: Record<NonNullable<ReturnType<typeof zoneNameProblem>>, MessageKey> = {
  empty: "zone.nameEmpty",
  tooLong: "zone.nameTooLong",
  badChars: "zone.nameBadChars",
  reserved: "zone.nameReserved",
};

/** `/zone add NAME` (leads): a new zone of the network. */
export const zoneAdd = defineCommand({
  id: "zone.add",
  words: ["zone", "add"],
  esWords: ["zona", "agregar"],
  aliases: [["zone", "new"], ["zona", "nueva"], ["zona", "anadir"]],
  summary: "zone.cmd.add",
  params: [param("name", text({ max: 200 }), { label: "param.zone.name", noun: "arg.zone.name", rest: true })],
  access: "lead",
  run(ctx, { name }) {
    const problem = zoneNameProblem(name);
    if (problem) throw new UserError(PROBLEM_KEYS[problem], { name: name.slice(0, 40), max: 30 });
    const zones = zonesOf(ctx);
    if (zones.count(ctx.net.id) >= MAX_ZONES) throw new UserError("zone.tooMany", { max: MAX_ZONES });
    const zone = zones.add(ctx.net.id, name, null, ctx.now);
    if (!zone) throw new UserError("zone.exists", { zone: zones.byName(ctx.net.id, name)?.name ?? name });
    audit(ctx.db, { networkId: ctx.net.id, actorId: ctx.person.id, action: "zone.add", subject: `zone:${zone.id}`, at: ctx.now });
    ctx.reply(ctx.t("zone.added", { zone: zone.name, count: zones.count(ctx.net.id) }));
  },
});

/** `/zone list` (leads): the zones and how many chats each reaches. */
export const zoneListCommand = defineCommand({
  id: "zone.list",
  words: ["zone", "list"],
  esWords: ["zona", "lista"],
  aliases: [["zones"], ["zonas"]],
  summary: "zone.cmd.list",
  params: [],
  access: "lead",
  run(ctx) {
    ctx.reply(zoneSummary(ctx));
  },
});

/** `/zone remove NAME` (leads): the zone goes; chats linked only to it become network-wide. */
export const zoneRemove = defineCommand({
  id: "zone.remove",
  words: ["zone", "remove"],
  esWords: ["zona", "quitar"],
  aliases: [["zone", "delete"], ["zona", "borrar"], ["zona", "eliminar"]],
  summary: "zone.cmd.remove",
  params: [param("name", text({ max: 200 }), { label: "param.zone.name", noun: "arg.zone.name", rest: true })],
  access: "lead",
  run(ctx, { name }) {
    const [zone] = resolveZones(ctx, [name]);
    zonesOf(ctx).remove(zone!.id);
    audit(ctx.db, { networkId: ctx.net.id, actorId: ctx.person.id, action: "zone.remove", subject: `zone:${zone!.id}`, at: ctx.now });
    ctx.reply(ctx.t("zone.removed", { zone: zone!.name }));
  },
});

/** `/zone link NAME…` (leads, in the chat): this chat gets the alerts of these zones; `all` makes it network-wide. */
export const zoneLink = defineCommand({
  id: "zone.link",
  words: ["zone", "link"],
  esWords: ["zona", "enlazar"],
  aliases: [["zones", "link"], ["zonas", "enlazar"]],
  summary: "zone.cmd.link",
  params: [param("zones", zoneList, { label: "param.zone.names", noun: "arg.zone.names" })],
  access: "lead",
  where: "group",
  bind: bindZoneNames,
  run(ctx, { zones: names }) {
    if (names.length === 0) throw new UserError("zone.linkUsage", { zones: zoneNames(zonesOf(ctx).list(ctx.net.id)) || "—" });
    const chosen = meansAllZones(names) ? [] : resolveZones(ctx, names);
    zonesOf(ctx).setChatZones(ctx.chat.ref, chosen.map((z) => z.id));
    audit(ctx.db, { networkId: ctx.net.id, actorId: ctx.person.id, action: "zone.link", subject: ctx.chat.ref, at: ctx.now });
    ctx.reply(chosen.length === 0 ? ctx.t("zone.linkedAll") : ctx.t("zone.linked", { zones: zoneNames(chosen), count: chosen.length }));
  },
});

/**
 * The zones and the chats each reaches: counted, or with `names` (an admin or lead reading it
 * privately) listed by the names their platforms show. Names come from the adapters' memory, never
 * from the database; a chat whose name the bot has not seen since it started reads as "a Telegram
 * chat, name not seen yet". What `/zone list` and `/network info` show.
 */
export function zoneSummary(ctx: CommandContext, names = false): string {
  const zones = zonesOf(ctx);
  const list = zones.list(ctx.net.id);
  if (list.length === 0) return ctx.t("zone.infoNone");
  const chats = ctx.services.networks.chatsOf(ctx.net.id);
  const linked = new Map<number, ChatRef[]>();
  const wide: ChatRef[] = [];
  for (const chat of chats) {
    const of = zones.ofChat(chat.ref, ctx.net.id);
    if (of.length === 0) wide.push(chat.ref);
    for (const z of of) linked.set(z.id, [...(linked.get(z.id) ?? []), chat.ref]);
  }
  const nameOf = (ref: ChatRef) =>
    ctx.services.chatNameOf?.(ref) ?? ctx.t("zone.infoUnnamed", { platform: PLATFORM_NAMES[parseChatRef(ref).platform] });
  const line = (refs: readonly ChatRef[], key: "zone.infoLine" | "zone.infoWide", zone: string) =>
    names
      ? ctx.t(key === "zone.infoLine" ? "zone.infoLineNamed" : "zone.infoWideNamed", { zone, count: refs.length, chats: refs.map(nameOf).join(", ") })
      : ctx.t(key, { zone, count: refs.length });
  const lines = list.map((z) => line(linked.get(z.id) ?? [], "zone.infoLine", z.name));
  return [ctx.t("zone.infoHeader", { count: list.length }), ...lines, line(wide, "zone.infoWide", "")].join("\n");
}

export const zoneCommands = [zoneAdd, zoneListCommand, zoneRemove, zoneLink];
