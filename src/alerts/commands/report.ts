import { audit } from "../../core/audit.js";
import { splitOptions, type Token } from "../../core/commands/grammar.js";
import { choice, param, text } from "../../core/commands/params.js";
import { defineCommand } from "../../core/commands/registry.js";
import { UserError } from "../../core/context.js";
import { showReport } from "../paging.js";
import { GROUP_WINDOW_MS, similarityKeys } from "../similar.js";
import { AlertStore } from "../store.js";
import { AlertTargets } from "../targets.js";
import { acknowledge } from "./details.js";
import { askZone, reportZone } from "./zone-question.js";

/** Longest report text, in characters: enough for what, where, how many and how it was seen. */
export const MAX_REPORT_CHARS = 1000;

const OPTION_KEYS = ["where", "what", "size", "firsthand", "uniform", "equipment", "time", "plate", "zone"] as const;
/** Spanish (and a few other) spellings of the SALUTE option keys. */
export const OPTION_ALIASES: Record<string, string> = {
  uniforme: "uniform",
  ropa: "uniform",
  equipo: "equipment",
  vehiculo: "equipment",
  vehículo: "equipment",
  vehicle: "equipment",
  vehiculos: "equipment",
  vehículos: "equipment",
  hora: "time",
  cuando: "time",
  cuándo: "time",
  placa: "plate",
  placas: "plate",
  matricula: "plate",
  matrícula: "plate",
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
  zona: "zone",
  area: "zone",
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

/** A SALUTE detail's value. */
export const optionText = text({ max: 200, min: 0 });
const option = { optional: true, option: true } as const;

/** The SALUTE details beyond the text, where and firsthand: declared once for `/alert` and `/alert add`. */
export const detailParams = [
  param("what", optionText, { ...option, label: "param.alert.what", noun: "arg.alert.what" }),
  param("size", optionText, { ...option, label: "param.alert.size", noun: "arg.alert.size" }),
  param("uniform", optionText, { ...option, label: "param.alert.uniform", noun: "arg.alert.uniform" }),
  param("equipment", optionText, { ...option, label: "param.alert.equipment", noun: "arg.alert.equipment" }),
  param("time", optionText, { ...option, label: "param.alert.time", noun: "arg.alert.time" }),
  param("plate", text({ max: 20, min: 0 }), { ...option, label: "param.alert.plate", noun: "arg.alert.plate" }),
] as const;

/** `/alert TEXT [where=...] [what=...] [size=...] [firsthand=yes|no]`: any member, from any linked chat or privately. */
export const alertReport = defineCommand({
  id: "alert.report",
  limit: "reports",
  // `/alert TEXT` is the way people type it; `alert report` names it where platforms need a
  // sub-command beside `alert update` and `alert status` (Discord cannot have both).
  words: ["alert", "report"],
  esWords: ["alerta", "reportar"],
  aliases: [["alert"]],
  esAliases: [["alerta"]],
  summary: "alert.cmd.report",
  params: [
    param("text", text({ min: 0, max: 4000, trim: false }), { label: "param.alert.text", noun: "arg.alert.text", rest: true }),
    param("where", optionText, { ...option, label: "param.alert.where", noun: "arg.alert.where" }),
    ...detailParams,
    param("firsthand", yesNo, { ...option, label: "param.alert.firsthand", noun: "arg.alert.firsthand" }),
    param("zone", optionText, { ...option, label: "param.alert.zone", noun: "arg.alert.zone" }),
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
    const zone = args.zone ? reportZone(ctx, args.zone) : null;
    const store = new AlertStore(ctx.db);
    const place = args.where || null;
    const keys = similarityKeys({ place, plate: args.plate || null, zoneId: zone?.id ?? null });
    const similar = keys.placeKey || keys.zoneId !== null || keys.plate ? store.similarPending(ctx.net.id, keys, ctx.now - GROUP_WINDOW_MS) : null;
    const report = store.create({
      networkId: ctx.net.id,
      groupOf: similar?.id ?? null,
      reporterId: ctx.person.id,
      // Where to say, without details, that a private answer is waiting; never a direct chat.
      reportChat: ctx.chat.isDirect ? null : ctx.chat.ref,
      text,
      place,
      placeKey: keys.placeKey,
      what: args.what || null,
      size: args.size || null,
      uniform: args.uniform || null,
      equipment: args.equipment || null,
      seenAt: args.time || null,
      plate: keys.plate,
      firsthand,
      createdAt: ctx.now,
      expiresAt: similar ? similar.expiresAt : ctx.now + ctx.services.settings.alerts.pendingMinutes * 60_000,
    });
    // No reporter in the audit: admins who are not verifiers must not learn who reported.
    audit(ctx.db, { networkId: ctx.net.id, actorId: null, action: "alert.report", subject: `alert:${report.num}`, at: ctx.now });
    if (zone) new AlertTargets(ctx.db).setZone(report.id, zone.id);
    const shown = showReport(ctx.services, report, similar ?? report, ctx.now);
    for (const p of shown.platforms) ctx.touchedPlatforms.add(p);
    const quorum = store.quorum(ctx.net.id);
    // Within seconds, what happens next: who is checking, and that the answer comes privately.
    acknowledge(
      ctx,
      report,
      similar
        ? ctx.t("alert.receivedGrouped", { num: report.num, lead: similar.num })
        : shown.onDuty > 0
          ? ctx.t("alert.receivedOnDuty", { num: report.num, count: shown.onDuty, quorum })
          : ctx.t("alert.received", { num: report.num, quorum }),
    );
    if (!zone) askZone(ctx, report);
  },
});
