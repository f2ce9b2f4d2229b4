import { IANAZone } from "luxon";
import { audit } from "../audit.js";
import { type CommandContext, UserError } from "../context.js";
import { PLATFORM_NAMES } from "../context.js";
import { t } from "../i18n/catalog.js";
import { formatWhen, formatWhenInSentence } from "../time.js";
import { choice, param, text } from "./params.js";
import { Zones } from "../network/zones.js";
import { zoneSummary } from "./zones.js";
import { defineCommand } from "./registry.js";

const networkName = text({ max: 80 });

/** The network's key fingerprint line: what tells it apart from another network with the same name. */
function keyLine(ctx: CommandContext, networkId: number): string {
  const fingerprint = ctx.services.networkKeyFingerprint?.(networkId, ctx.now);
  return fingerprint === undefined ? "" : `\n${ctx.t("network.keyLine", { fingerprint })}`;
}

/**
 * A chat that joins a network with no language of its own keeps the language of the words it joined
 * with (`/red crear`: Spanish), for what the network posts there later and for commands typed in the
 * other language; a lead changes it with `/idioma`.
 */
function keepSpokenLang(ctx: CommandContext): void {
  if (!ctx.services.networks.chat(ctx.chat.ref)?.lang) ctx.services.networks.setChatLang(ctx.chat.ref, ctx.lang);
}

/** `/network create NAME`: a new network; this chat joins it and the creator becomes its admin. */
export const networkCreate = defineCommand({
  id: "network.create",
  limit: "networks",
  words: ["network", "create"],
  esWords: ["red", "crear"],
  summary: "cmd.network.create",
  params: [param("name", networkName, { rest: true })],
  access: "anyone",
  where: "group",
  run(ctx, { name }) {
    const { networks, people } = ctx.services;
    const existing = networks.chat(ctx.chat.ref);
    if (existing?.networkId) {
      throw new UserError("network.alreadyLinked", { name: networks.get(existing.networkId)?.name ?? "" });
    }
    const network = networks.create(name, ctx.services.defaultTimeZone, ctx.now);
    networks.link(ctx.chat.ref, network.id, ctx.now);
    keepSpokenLang(ctx);
    people.touchMembership(network.id, ctx.person.id, ctx.now);
    people.grant(network.id, ctx.person.id, "admin", ctx.person.id, ctx.now);
    audit(ctx.db, { networkId: network.id, actorId: ctx.person.id, action: "network.create", subject: ctx.chat.ref, at: ctx.now });
    ctx.reply(`${ctx.t("network.created", { name })}${keyLine(ctx, network.id)}`);
    ctx.noticeIfNotEncrypted();
  },
});

/** `/network invite`: a one-time code, sent privately since it lets any chat join the network. */
export const networkInvite = defineCommand({
  id: "network.invite",
  words: ["network", "invite"],
  esWords: ["red", "invitar"],
  summary: "cmd.network.invite",
  params: [],
  access: "admin",
  run(ctx) {
    const { code, expiresAt } = ctx.services.networks.createInvite(ctx.net.id, ctx.person.id, ctx.now);
    audit(ctx.db, { networkId: ctx.net.id, actorId: ctx.person.id, action: "network.invite", at: ctx.now });
    ctx.replyPrivately((lang) =>
      t(lang, "network.inviteCode", { name: ctx.net.name, code, expires: formatWhen(expiresAt, ctx.net.tz, lang, ctx.now) }),
    );
  },
});

/** `/network link CODE`: join this chat to the network the code belongs to. */
export const networkLink = defineCommand({
  id: "network.link",
  words: ["network", "link"],
  esWords: ["red", "enlazar"],
  summary: "cmd.network.link",
  // Rest of the line: a code read aloud gets typed with spaces (`k7qm 4xrt pw2a`); case never matters.
  params: [param("code", text({ min: 4, max: 60, trim: false }), { rest: true })],
  access: "anyone",
  where: "group",
  run(ctx, { code }) {
    const { networks, people } = ctx.services;
    const existing = networks.chat(ctx.chat.ref);
    if (existing?.networkId) {
      throw new UserError("network.alreadyLinked", { name: networks.get(existing.networkId)?.name ?? "" });
    }
    const networkId = networks.redeemInvite(code, ctx.now);
    const network = networkId === null ? null : networks.get(networkId);
    if (!network) throw new UserError("network.badCode");
    networks.link(ctx.chat.ref, network.id, ctx.now);
    keepSpokenLang(ctx);
    people.touchMembership(network.id, ctx.person.id, ctx.now);
    audit(ctx.db, { networkId: network.id, actorId: ctx.person.id, action: "chat.link", subject: ctx.chat.ref, at: ctx.now });
    ctx.reply(`${ctx.t("network.linked", { name: network.name })}${keyLine(ctx, network.id)}`);
    ctx.noticeIfNotEncrypted();
  },
});

/** `/network info`: counts; chats are named (per zone) only to admins and leads, privately. */
export const networkInfo = defineCommand({
  id: "network.info",
  words: ["network", "info"],
  esWords: ["red", "info"],
  summary: "cmd.network.info",
  params: [],
  access: "member",
  run(ctx) {
    const { networks, people } = ctx.services;
    const counts = networks.chatCounts(ctx.net.id);
    const chats = [...counts.entries()]
      .map(([platform, refs]) => {
        const encrypted = refs.filter((ref) => ctx.services.capabilitiesOf(ref)?.e2ee).length;
        return ctx.t("network.infoChats", { platform: PLATFORM_NAMES[platform], count: refs.length, encrypted });
      })
      .join("; ");
    const details = ctx.t("network.info", {
      name: ctx.net.name,
      id: ctx.net.id,
      tz: ctx.net.tz,
      now: formatWhen(ctx.now, ctx.net.tz, ctx.lang, ctx.now),
      chats: chats || "0",
      members: people.countMembers(ctx.net.id),
    });
    // The key fingerprint tells this network from another of the same name: for every member.
    // Zones, where the network has any: how many chats each reaches; which (by name) only to an
    // admin or lead reading privately, since a group's name can say who is in it and where.
    const privately = ctx.chat.isDirect || ctx.canReplyEphemerally;
    const names = privately && (ctx.roles.has("admin") || ctx.roles.has("lead"));
    const zones = new Zones(ctx.db, networks).count(ctx.net.id) > 0 ? `\n${zoneSummary(ctx, names)}` : "";
    const info = `${details}${zones}${keyLine(ctx, ctx.net.id)}`;
    // One's own roles are shown only where nobody else reads (a direct chat or an ephemeral reply):
    // in a group, even an encrypted one, they would tell everyone who verifies. Never anyone else's.
    if (!ctx.chat.isDirect && !ctx.canReplyEphemerally) {
      ctx.reply(info);
      return;
    }
    const roles = ["member", ...[...ctx.roles].sort()].map((r) => ctx.t(`role.${r}` as "role.member")).join(", ");
    ctx.replyToAuthor(`${info}\n${ctx.t("network.infoRoles", { roles })}`);
  },
});

/** `/network unlink`: this chat leaves its network. */
export const networkUnlink = defineCommand({
  id: "network.unlink",
  words: ["network", "unlink"],
  esWords: ["red", "desenlazar"],
  summary: "cmd.network.unlink",
  params: [],
  access: "admin",
  where: "group",
  run(ctx) {
    ctx.services.networks.unlink(ctx.chat.ref);
    audit(ctx.db, { networkId: ctx.net.id, actorId: ctx.person.id, action: "chat.unlink", subject: ctx.chat.ref, at: ctx.now });
    ctx.reply(ctx.t("network.unlinked", { name: ctx.net.name }));
  },
});

/** `/network tz ZONE`: the IANA zone shift times are read and shown in. */
export const networkTimeZone = defineCommand({
  id: "network.tz",
  words: ["network", "tz"],
  esWords: ["red", "zona"],
  summary: "cmd.network.tz",
  params: [param("zone", text({ max: 64, trim: false }))],
  access: "admin",
  run(ctx, { zone }) {
    if (!IANAZone.isValidZone(zone)) throw new UserError("network.badZone", { zone });
    const canonical = IANAZone.create(zone).name;
    ctx.services.networks.setTimeZone(ctx.net.id, canonical);
    ctx.reply(ctx.t("network.tzSet", { tz: canonical, now: formatWhenInSentence(ctx.now, canonical, ctx.lang, ctx.now) }));
  },
});

const SHOW_WORDS = ["visible", "show", "on", "yes", "public", "mostrar", "si", "publica", "publico"];
const HIDE_WORDS = ["hidden", "hide", "off", "no", "private", "oculta", "ocultar", "oculto", "privada", "privado"];
const leadsChoice = choice(
  [
    { value: "visible", en: "visible", es: "visible", aliases: SHOW_WORDS },
    { value: "hidden", en: "hidden", es: "oculta", aliases: HIDE_WORDS },
  ],
  { message: "network.badLeadsChoice" },
);

/** `/network leads visible|hidden` (admins): whether members may ask for the leads' names with /leads. */
export const networkLeads = defineCommand({
  id: "network.leads",
  words: ["network", "leads"],
  esWords: ["red", "coordinacion"],
  summary: "cmd.network.leads",
  params: [param("visibility", leadsChoice)],
  access: "admin",
  button: true,
  run(ctx, { visibility }) {
    const visible = visibility === "visible";
    ctx.services.networks.setLeadsVisible(ctx.net.id, visible);
    audit(ctx.db, { networkId: ctx.net.id, actorId: ctx.person.id, action: "network.leads", subject: visible ? "visible" : "hidden", at: ctx.now });
    ctx.reply(ctx.t(visible ? "network.leadsVisible" : "network.leadsHidden"));
  },
});

export const networkCommands = [networkCreate, networkInvite, networkLink, networkInfo, networkUnlink, networkTimeZone, networkLeads];
