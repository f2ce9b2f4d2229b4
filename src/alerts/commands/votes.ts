import { audit } from "../../core/audit.js";
import { foldWord, type Token } from "../../core/commands/grammar.js";
import { choice, number, param, text } from "../../core/commands/params.js";
import { defineCommand } from "../../core/commands/registry.js";
import { type CommandContext, UserError } from "../../core/context.js";
import { t } from "../../core/i18n/catalog.js";
import { broadcast } from "../broadcast.js";
import { tellReporters } from "../outcome.js";
import { Zones } from "../../core/network/zones.js";
import { AlertPaging } from "../paging-store.js";
import { type Alert, AlertStore, type Vote } from "../store.js";
import { AlertTargets } from "../targets.js";

const alertNumber = number({ min: 1, max: 1_000_000_000 });
const byAlert = param("alert", alertNumber, { label: "param.alert.id", noun: "arg.alert" });
const ONSCENE_WORDS = ["onscene", "enellugar", "ensitio", "alli", "aqui", "here"];
/**
 * Words after the number that widen the alert to the whole network, whatever zone it is in. Only
 * words no note starts with: "red" or "todas" could begin one ("red van", "todas se fueron").
 */
const WIDE_WORDS = ["wide", "network", "everywhere", "todalared", "toda-la-red", "ampliar"];

/** The report with this number and the lead of its group, open for votes; or a clear refusal. */
export function openLead(ctx: CommandContext, num: number): { store: AlertStore; lead: Alert; group: Alert[] } {
  const store = new AlertStore(ctx.db);
  const report = store.byNum(ctx.net.id, num);
  if (!report) throw new UserError("alert.notFound", { num });
  const lead = store.lead(report);
  if (lead.state !== "pending") throw new UserError("alert.closed", { num, state: lead.state });
  return { store, lead, group: store.group(lead.id) };
}

/** Record one verifier's vote; on quorum, broadcast (confirm) or close (reject). */
function castVote(ctx: CommandContext, num: number, vote: Vote, onscene: boolean, note: string | null, wide = false): void {
  const { store, lead, group } = openLead(ctx, num);
  // Whoever sent any report of the group cannot vouch for it: the vote must come from someone else.
  if (group.some((r) => r.reporterId === ctx.person.id)) {
    // Said privately: in a plain group the refusal itself would name the reporter. Nothing changes.
    ctx.replyPrivately((lang) => t(lang, "alert.ownReport", { num }));
    return;
  }
  if (store.hasVoted(lead.id, ctx.person.id)) throw new UserError("alert.alreadyVoted", { num });
  const paging = new AlertPaging(ctx.db);
  // A confirmation from the verifier who took the report and went is one from the scene.
  const fromScene = onscene || (vote === "confirm" && paging.dispatch(lead.id)?.personId === ctx.person.id);
  store.vote(lead.id, ctx.person.id, vote, fromScene, note, ctx.now);
  if (wide) new AlertTargets(ctx.db).widen(lead.id);
  // Any answer from a verifier stops the escalation to everyone.
  paging.acknowledge(lead.id, ctx.now);
  audit(ctx.db, { networkId: ctx.net.id, actorId: ctx.person.id, action: `alert.${vote}`, subject: `alert:${lead.num}`, at: ctx.now });
  const tally = store.tally(lead.id);
  const quorum = store.quorum(ctx.net.id);
  const deps = ctx.services;
  if (vote === "confirm" && tally.confirm >= quorum) {
    const expiresAt = ctx.now + deps.settings.alerts.verifiedHours * 3_600_000;
    store.setState(lead.id, "verified", ctx.person.id, ctx.now, expiresAt);
    const place = lead.place ?? group.find((r) => r.place)?.place ?? null;
    const sent = broadcast(deps, {
      network: ctx.net,
      lead,
      kind: "alert",
      text: lead.text,
      what: lead.what,
      size: lead.size,
      place,
      expiresAt,
      now: ctx.now,
      onscene: tally.onscene > 0,
    });
    // The quorum broadcast it, not the last voter: naming them would keep one vote's identity.
    audit(ctx.db, { networkId: ctx.net.id, actorId: null, action: "alert.broadcast", subject: `alert:${lead.num}:${sent.message.code}`, at: ctx.now });
    for (const p of sent.platforms) ctx.touchedPlatforms.add(p);
    for (const p of tellReporters(deps, group, lead, "verified", ctx.now)) ctx.touchedPlatforms.add(p);
    ctx.reply(ctx.t("alert.verifiedDone", { num: lead.num, count: tally.confirm, chats: sent.chats }) + reachLine(ctx, sent.zoneId));
    return;
  }
  if (vote === "reject" && tally.reject >= quorum) {
    store.setState(lead.id, "rejected", ctx.person.id, ctx.now);
    for (const p of tellReporters(deps, group, lead, "rejected", ctx.now, note ?? "")) ctx.touchedPlatforms.add(p);
    ctx.reply(ctx.t("alert.rejectedDone", { num: lead.num, count: tally.reject }));
    return;
  }
  // Who voted which way is the voter's alone: a plain group sees the counts, the voter hears privately.
  const counts = { num: lead.num, confirm: tally.confirm, reject: tally.reject, quorum };
  const key = vote === "unsure" ? "alert.votedUnsure" : vote === "reject" ? "alert.votedReject" : "alert.voted";
  ctx.replyPrivately(
    (lang) => t(lang, key, counts),
    (lang) => t(lang, "alert.votedNeutral", counts),
  );
}

/** Bind `/confirm ID [wide] [onscene] [NOTE]` (`wide` and `onscene` in either order). */
function bindConfirm(tokens: Token[]): Record<string, string> | null {
  const [id, ...rest] = tokens;
  if (!id) return null;
  const flags: Record<string, string> = {};
  while (rest[0] !== undefined && !rest[0].quoted) {
    const word = foldWord(rest[0].text);
    if (!flags.onscene && ONSCENE_WORDS.includes(word)) flags.onscene = "onscene";
    else if (!flags.wide && WIDE_WORDS.includes(word)) flags.wide = "wide";
    else break;
    rest.shift();
  }
  const note = rest.map((tk) => tk.text).join(" ");
  return { alert: id.text, ...flags, ...(note ? { note } : {}) };
}

/** Where the alert went, for a network with zones: one zone's chats and the network-wide ones, or every chat. */
function reachLine(ctx: CommandContext, zoneId: number | null): string {
  const zones = new Zones(ctx.db, ctx.services.networks);
  const zone = zoneId === null ? null : zones.byId(zoneId);
  if (zone) return `\n${ctx.t("alert.reachZone", { zone: zone.name })}`;
  return zones.count(ctx.net.id) > 0 ? `\n${ctx.t("alert.reachWide")}` : "";
}

/** `/confirm ID [onscene] [NOTE]` (verifiers, also a button). */
export const alertConfirm = defineCommand({
  id: "alert.confirm",
  unlimited: true,
  words: ["confirm"],
  esWords: ["confirmar"],
  summary: "alert.cmd.confirm",
  params: [
    byAlert,
    param("wide", choice([{ value: "wide", en: "wide", es: "todalared", aliases: WIDE_WORDS }]), { label: "param.alert.wide", noun: "arg.alert.wide", optional: true }),
    param("onscene", choice([{ value: "onscene", en: "onscene", es: "enellugar", aliases: ONSCENE_WORDS }]), { label: "param.alert.onscene", noun: "arg.alert.onscene", optional: true }),
    param("note", text({ max: 300, trim: false }), { label: "param.alert.note", noun: "arg.alert.note", optional: true, rest: true }),
  ],
  access: "verifier",
  button: true,
  bind: bindConfirm,
  run(ctx, args) {
    castVote(ctx, args.alert, "confirm", args.onscene !== undefined, args.note ?? null, args.wide !== undefined);
  },
});

/**
 * `/reject ID REASON` (verifiers; also a button, which gives no reason). The reason goes to the
 * reporter when the report is rejected; typed, it must be there.
 */
export const alertReject = defineCommand({
  id: "alert.reject",
  unlimited: true,
  words: ["reject"],
  esWords: ["rechazar"],
  summary: "alert.cmd.reject",
  params: [byAlert, param("reason", text({ max: 300 }), { label: "param.alert.reason", noun: "arg.alert.reason", rest: true, optional: true })],
  access: "verifier",
  button: true,
  run(ctx, { alert, reason }) {
    if (!reason && ctx.event.kind !== "action") throw new UserError("alert.rejectWhy", { num: alert });
    castVote(ctx, alert, "reject", false, reason ?? null);
  },
});

/** `/unsure ID` (verifiers, also a button): counted for neither side, shown to the others. */
export const alertUnsure = defineCommand({
  id: "alert.unsure",
  unlimited: true,
  words: ["unsure"],
  esWords: ["dudoso"],
  esAliases: [["dudosa"]],
  summary: "alert.cmd.unsure",
  params: [byAlert],
  access: "verifier",
  button: true,
  run(ctx, { alert }) {
    castVote(ctx, alert, "unsure", false, null);
  },
});
