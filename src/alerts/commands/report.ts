import { audit } from "../../core/audit.js";
import { splitOptions, type Token } from "../../core/commands/grammar.js";
import { choice, param, text } from "../../core/commands/params.js";
import { defineCommand } from "../../core/commands/registry.js";
import { type CommandContext, UserError } from "../../core/context.js";
import { type Lang, t } from "../../core/i18n/catalog.js";
import { type Outbound, parseChatRef } from "../../core/port.js";
import { placeView } from "../../core/visibility.js";
import { queueDirect, type Target } from "../../delivery/outbox.js";
import { placeKey } from "../place.js";
import { reportCard } from "../render.js";
import { type Alert, AlertStore } from "../store.js";
import { queueVerifierCard } from "../verifier-cards.js";

/** Longest report text, in characters: enough for what, where, how many and how it was seen. */
export const MAX_REPORT_CHARS = 1000;
/** Reports about the same place within this long are grouped, so verifiers see corroboration. */
export const GROUP_WINDOW_MS = 30 * 60 * 1000;

const OPTION_KEYS = ["where", "what", "size", "firsthand"] as const;
/** Spanish (and a few other) spellings of the SALUTE option keys. */
const OPTION_ALIASES: Record<string, string> = {
  donde: "where",
  dónde: "where",
  lugar: "where",
  que: "what",
  qué: "what",
  cuantos: "size",
  cuántos: "size",
  cuantas: "size",
  cuántas: "size",
  tamaño: "size",
  tamano: "size",
  testigo: "firsthand",
  directo: "firsthand",
};

/** Bind `/alert TEXT [where=...] [what=...] [size=...] [firsthand=yes|no]`. */
export function bindReport(tokens: Token[]): Record<string, string> {
  const { positional, options } = splitOptions(tokens, OPTION_KEYS, OPTION_ALIASES);
  return { text: positional.map((tk) => tk.text).join(" "), ...options };
}

/** Yes or no in either language: a choice, so Discord offers it as a pick list. */
const yesNo = choice(
  [
    { value: "yes", en: "yes", es: "sí", aliases: ["y", "si", "s", "true"] },
    { value: "no", en: "no", es: "no", aliases: ["n", "false"] },
  ],
  { message: "alert.badFirsthand" },
);

const optionText = text({ max: 200, min: 0 });
const option = { optional: true, option: true } as const;

/** `/alert TEXT [where=...] [what=...] [size=...] [firsthand=yes|no]`: any member, from any linked chat or privately. */
export const alertReport = defineCommand({
  id: "alert.report",
  limit: "reports",
  // `/alert TEXT` is the way people type it; `alert report` names it where platforms need a
  // sub-command beside `alert update` and `alert status` (Discord cannot have both).
  words: ["alert", "report"],
  esWords: ["alerta", "reportar"],
  aliases: [["alert"], ["alerta"]],
  summary: "alert.cmd.report",
  params: [
    param("text", text({ min: 0, max: 4000, trim: false }), { label: "param.alert.text", noun: "arg.alert.text", rest: true }),
    param("where", optionText, { ...option, label: "param.alert.where", noun: "arg.alert.where" }),
    param("what", optionText, { ...option, label: "param.alert.what", noun: "arg.alert.what" }),
    param("size", optionText, { ...option, label: "param.alert.size", noun: "arg.alert.size" }),
    param("firsthand", yesNo, { ...option, label: "param.alert.firsthand", noun: "arg.alert.firsthand" }),
  ],
  access: "member",
  bind: bindReport,
  run(ctx, args) {
    const text = args.text.trim();
    if (!text) throw new UserError("alert.empty");
    const length = [...text].length;
    if (length > MAX_REPORT_CHARS) throw new UserError("alert.tooLong", { length, max: MAX_REPORT_CHARS });
    const firsthand = args.firsthand === undefined ? null : args.firsthand === "yes";
    if (ctx.services.people.countWithRole(ctx.net.id, "verifier") === 0) throw new UserError("alert.noVerifiers");
    const store = new AlertStore(ctx.db);
    const place = args.where || null;
    const key = place ? placeKey(place) || null : null;
    const similar = key ? store.similarPending(ctx.net.id, key, ctx.now - GROUP_WINDOW_MS) : null;
    const report = store.create({
      networkId: ctx.net.id,
      groupOf: similar?.id ?? null,
      reporterId: ctx.person.id,
      // Where to say, without details, that a private answer is waiting; never a direct chat.
      reportChat: ctx.chat.isDirect ? null : ctx.chat.ref,
      text,
      place,
      placeKey: key,
      what: args.what || null,
      size: args.size || null,
      firsthand,
      createdAt: ctx.now,
      expiresAt: similar ? similar.expiresAt : ctx.now + ctx.services.settings.alerts.pendingMinutes * 60_000,
    });
    // No reporter in the audit: admins who are not verifiers must not learn who reported.
    audit(ctx.db, { networkId: ctx.net.id, actorId: null, action: "alert.report", subject: `alert:${report.num}`, at: ctx.now });
    sendToVerifiers(ctx, report, similar ?? report);
    const quorum = store.quorum(ctx.net.id);
    ctx.replyToAuthor(
      similar ? ctx.t("alert.receivedGrouped", { num: report.num, lead: similar.num }) : ctx.t("alert.received", { num: report.num, quorum }),
    );
  },
});

/**
 * Show a report to the network's verifier chats, never to member chats; without verifier chats,
 * to each verifier privately, except those who sent a report of the group (their vote cannot
 * count, so they get no Confirm button). Exact places only in encrypted chats and private
 * messages. When the verifiers who may vote are fewer than the quorum, they are told at once.
 */
function sendToVerifiers(ctx: CommandContext, report: Alert, lead: Alert): void {
  const { services } = ctx;
  const store = new AlertStore(ctx.db);
  const quorum = store.quorum(ctx.net.id);
  const group = store.group(lead.id);
  const groupSize = group.length;
  const reporters = new Set(group.map((r) => r.reporterId));
  const verifiers = services.people.membersWithRoles(ctx.net.id).filter((m) => m.roles.includes("verifier"));
  const voters = verifiers.filter((v) => !reporters.has(v.person.id));
  const short = voters.length < quorum;
  const why = voters.length < verifiers.length ? "alert.shortOfQuorum" : "alert.quorumUnreachable";
  const card = (lang: Lang, exact: boolean): Outbound => reportCard(report, { lang, exact, tz: ctx.net.tz, quorum, lead, groupSize });
  const shortNotice = (lang: Lang): Outbound => ({ text: t(lang, why, { num: lead.num, eligible: voters.length, quorum }) });
  const key = `${report.id}.${report.createdAt}`;
  const chats = store.verifierChats(ctx.net.id);
  for (const chat of chats) {
    const lang = services.networks.chat(chat)?.lang ?? services.defaultLang;
    const exact = placeView({ isDirect: false, e2ee: services.capabilitiesOf(chat)?.e2ee ?? false }) === "exact";
    queue(ctx, `alert-card:${key}:${chat}`, { kind: "chat", chat }, card(lang, exact));
    if (short) queue(ctx, `alert-short:${key}:${chat}`, { kind: "chat", chat }, shortNotice(lang));
  }
  if (chats.length > 0) return;
  for (const { person } of verifiers) {
    const votes = !reporters.has(person.id);
    // No fallback chat: a report card never points at the chat it came from.
    const queued = [
      votes && queueVerifierCard(ctx, person, { key, num: report.num }, (lang) => card(lang, true)),
      short && queueDirect(services.outbox, person, services.defaultLang, { key: `alert-short:${key}:p${person.id}`, render: shortNotice }, ctx.now),
    ];
    if (queued.some(Boolean)) ctx.touchedPlatforms.add(person.platform);
  }
}

function queue(ctx: CommandContext, key: string, target: Target, msg: Outbound): void {
  if (ctx.services.outbox.enqueue({ key, target, msg }, ctx.now)) {
    ctx.touchedPlatforms.add(target.kind === "chat" ? parseChatRef(target.chat).platform : target.platform);
  }
}
