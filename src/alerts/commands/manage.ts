import { audit } from "../../core/audit.js";
import { number, param, text } from "../../core/commands/params.js";
import { defineCommand } from "../../core/commands/registry.js";
import { type CommandContext, PLATFORM_NAMES, UserError } from "../../core/context.js";
import type { Platform } from "../../core/port.js";
import { broadcast, markOriginal } from "../broadcast.js";
import { AlertLedger } from "../ledger.js";
import { privateCopyCounts } from "../private-copies.js";
import { MAX_REPORT_CHARS } from "./report.js";
import { type Alert, AlertStore } from "../store.js";

const byAlert = param("alert", number({ min: 1, max: 1_000_000_000 }), { label: "param.alert.id", noun: "arg.alert" });

/** The live verified alert with this number, or a clear refusal. */
function liveAlert(ctx: CommandContext, num: number): { store: AlertStore; lead: Alert } {
  const store = new AlertStore(ctx.db);
  const report = store.byNum(ctx.net.id, num);
  if (!report) throw new UserError("alert.notFound", { num });
  const lead = store.lead(report);
  if (lead.state !== "verified") throw new UserError("alert.notLive", { num, state: lead.state });
  return { store, lead };
}

/** `/alert update ID TEXT` (verifiers): a signed update to every linked chat; the alert lasts longer. */
export const alertUpdate = defineCommand({
  id: "alert.update",
  unlimited: true,
  words: ["alert", "update"],
  esWords: ["alerta", "actualizar"],
  summary: "alert.cmd.update",
  params: [byAlert, param("text", text({ max: MAX_REPORT_CHARS }), { label: "param.alert.text", noun: "arg.alert.text", rest: true })],
  access: "verifier",
  run(ctx, { alert, text: update }) {
    const { store, lead } = liveAlert(ctx, alert);
    const expiresAt = ctx.now + ctx.services.settings.alerts.verifiedHours * 3_600_000;
    store.extend(lead.id, expiresAt);
    const sent = broadcast(ctx.services, { network: ctx.net, lead, kind: "update", text: update, place: lead.place, expiresAt, now: ctx.now });
    for (const p of sent.platforms) ctx.touchedPlatforms.add(p);
    for (const p of markOriginal(ctx.services, lead, "alert.markUpdated", ctx.now)) ctx.touchedPlatforms.add(p);
    audit(ctx.db, { networkId: ctx.net.id, actorId: ctx.person.id, action: "alert.update", subject: `alert:${lead.num}:${sent.message.code}`, at: ctx.now });
    ctx.reply(ctx.t("alert.updateSent", { num: lead.num, chats: sent.chats }));
  },
});

/** `/allclear ID` (verifiers): a signed all-clear to every linked chat; the alert is over. */
export const alertAllClear = defineCommand({
  id: "alert.allclear",
  unlimited: true,
  words: ["allclear"],
  esWords: ["despejado"],
  aliases: [["alert", "allclear"]],
  esAliases: [["alerta", "despejado"]],
  summary: "alert.cmd.allclear",
  params: [byAlert],
  access: "verifier",
  run(ctx, { alert }) {
    const { store, lead } = liveAlert(ctx, alert);
    store.setState(lead.id, "allclear", ctx.person.id, ctx.now);
    const sent = broadcast(ctx.services, { network: ctx.net, lead, kind: "cancel", text: "ALL CLEAR", place: lead.place, expiresAt: ctx.now, now: ctx.now });
    for (const p of sent.platforms) ctx.touchedPlatforms.add(p);
    for (const p of markOriginal(ctx.services, lead, "alert.markAllclear", ctx.now)) ctx.touchedPlatforms.add(p);
    audit(ctx.db, { networkId: ctx.net.id, actorId: ctx.person.id, action: "alert.allclear", subject: `alert:${lead.num}:${sent.message.code}`, at: ctx.now });
    ctx.reply(ctx.t("alert.allclearSent", { num: lead.num, chats: sent.chats }));
  },
});

/** `/alert status ID` (verifiers): per signed message, how many chats have it per platform, and which failed. */
export const alertStatus = defineCommand({
  id: "alert.status",
  words: ["alert", "status"],
  esWords: ["alerta", "estado"],
  summary: "alert.cmd.status",
  params: [byAlert],
  access: "verifier",
  run(ctx, { alert: num }) {
    const store = new AlertStore(ctx.db);
    const report = store.byNum(ctx.net.id, num);
    if (!report) throw new UserError("alert.notFound", { num });
    const lead = store.lead(report);
    const ledger = new AlertLedger(ctx.db);
    const messages = ledger.messages(lead.id);
    if (messages.length === 0) {
      ctx.reply(ctx.t("alert.statusNone", { num: lead.num, state: lead.state }));
      return;
    }
    const lines: string[] = [];
    for (const message of messages) {
      lines.push(ctx.t("alert.statusMessage", { kind: ctx.t(`alert.kind.${message.kind}`), code: message.code }));
      const byPlatform = new Map<Platform, ReturnType<AlertLedger["deliveries"]>>();
      for (const d of ledger.deliveries(message.id)) byPlatform.set(d.platform, [...(byPlatform.get(d.platform) ?? []), d]);
      for (const [platform, list] of byPlatform) {
        const count = (pred: (s: string) => boolean) => list.filter((d) => pred(d.status)).length;
        lines.push(
          ctx.t("alert.statusLine", {
            platform: PLATFORM_NAMES[platform],
            total: list.length,
            sent: count((s) => s === "sent" || s === "gone"),
            waiting: count((s) => s === "pending" || s === "sending" || s === "held"),
            failed: count((s) => s === "failed"),
          }),
        );
        for (const d of list.filter((x) => x.status === "failed")) lines.push(ctx.t("alert.statusFailed", { chat: d.chat, error: d.error ?? "?" }));
      }
      // Private copies: how many, never to whom (a verifier need not know who subscribed).
      const copies = privateCopyCounts(ctx.db, message.code);
      if (copies.total > 0) lines.push(ctx.t("alert.statusCopies", copies));
    }
    ctx.reply(lines.join("\n"));
  },
});
