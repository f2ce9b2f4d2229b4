import { number, param, text } from "../../core/commands/params.js";
import { defineCommand } from "../../core/commands/registry.js";
import { resolveZones, zonesOf } from "../../core/commands/zones.js";
import { type CommandContext, UserError } from "../../core/context.js";
import { type Lang, t } from "../../core/i18n/catalog.js";
import type { Zone } from "../../core/network/zones.js";
import { tellVerifiers } from "../paging.js";
import { type Alert, AlertStore } from "../store.js";
import { AlertTargets } from "../targets.js";

/** The zone a report names, or a refusal that lists the network's zones. */
export function reportZone(ctx: CommandContext, name: string): Zone {
  return resolveZones(ctx, [name])[0]!;
}

/** A button's payload naming a zone: quoted, so a name of several words stays one. */
function zonePayload(num: number, zone: Zone): string {
  return `${num} "${zone.name}"`;
}

/**
 * Ask the reporter which zone a report is in, with a button per zone, where the network has zones.
 * The report has already gone to the verifiers: the question never holds it back, and an alert
 * confirmed before anyone answers goes to the whole network.
 */
export function askZone(ctx: CommandContext, report: Alert): void {
  const zones = zonesOf(ctx).list(ctx.net.id);
  if (zones.length === 0) return;
  ctx.replyToAuthor({
    text: ctx.t("alert.askZone", { num: report.num }),
    buttons: zones.map((zone) => ({ label: zone.name, action: alertZone.id, payload: zonePayload(report.num, zone) })),
  });
}

/**
 * `/zone report N ZONE` (the reporter or a verifier, also the buttons of the question): the zone a
 * pending report is in, which decides which chats get its alert.
 */
export const alertZone = defineCommand({
  id: "alert.zone",
  words: ["zone", "report"],
  esWords: ["zona", "reporte"],
  aliases: [["zona", "reportar"]],
  summary: "alert.cmd.zone",
  params: [
    param("alert", number({ min: 1, max: 1_000_000_000 }), { label: "param.alert.id", noun: "arg.alert" }),
    param("zone", text({ max: 200 }), { label: "param.alert.zoneName", noun: "arg.alert.zone", rest: true }),
  ],
  access: "member",
  button: true,
  run(ctx, { alert: num, zone: name }) {
    const store = new AlertStore(ctx.db);
    const report = store.byNum(ctx.net.id, num);
    if (!report) throw new UserError("alert.notFound", { num });
    // Said the same way whoever sent it: the refusal must not tell who the reporter is.
    if (report.reporterId !== ctx.person.id && !ctx.roles.has("verifier")) throw new UserError("alert.zoneNotYours", { num });
    const lead = store.lead(report);
    if (lead.state !== "pending") throw new UserError("alert.zoneTooLate", { num, state: lead.state });
    const zone = reportZone(ctx, name.replace(/^"|"$/g, ""));
    new AlertTargets(ctx.db).setZone(report.id, zone.id);
    tellZone(ctx, report, lead, zone);
    const answer = ctx.t("alert.zoneSet", { num, zone: zone.name });
    if (ctx.event.kind === "action") ctx.updateOrigin({ text: answer });
    ctx.replyToAuthor(answer);
  },
});

/**
 * The verifiers who have the report see the zone it was put in, by the paging rule: while only
 * those on duty were paged, them alone (privately); once it went to all, the verifiers' chats (or
 * every verifier where there are none). A chat that never got the card is not told of the report.
 */
function tellZone(ctx: CommandContext, report: Alert, lead: Alert, zone: Zone): void {
  const key = `alert-zone:${report.id}.${report.createdAt}:${zone.id}`;
  const render = (lang: Lang) => ({ text: t(lang, "alert.zoneForVerifiers", { num: report.num, lead: lead.num, zone: zone.name }) });
  for (const p of tellVerifiers(ctx.services, lead, ctx.now, key, render, { person: ctx.person.id })) ctx.touchedPlatforms.add(p);
}
