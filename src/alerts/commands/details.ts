import { splitOptions, type Token } from "../../core/commands/grammar.js";
import { number, param } from "../../core/commands/params.js";
import { defineCommand } from "../../core/commands/registry.js";
import { type CommandContext, UserError } from "../../core/context.js";
import { type Lang, t } from "../../core/i18n/catalog.js";
import type { Button, Outbound } from "../../core/port.js";
import { tellVerifiers } from "../paging.js";
import { whereFor } from "../render.js";
import { foldPlate, similarityKeys } from "../similar.js";
import { type Alert, AlertStore, type Detail } from "../store.js";
import { detailParams, OPTION_ALIASES, optionText } from "./report.js";

/**
 * The rest of SALUTE (size, activity, location, uniform, time, equipment), asked of the reporter
 * right after the acknowledgement, short enough for a phone under stress: a few buttons for how
 * many and "still happening", and one line naming what is missing. Answers go to the verifiers
 * who have the report.
 */

const DETAIL_KEYS = ["what", "size", "uniform", "equipment", "time", "plate", "where"] as const;
/** The buttons re-run `/alert add` (the command's id). */
const ADD = "alert.add";
/** Size buttons: a rough count is what a frightened person can give. */
const SIZES = ["1–2", "3–5", "6–10", "10+"] as const;

/** The missing details of a report, as the catalog names them. */
function missing(report: Alert): ("size" | "uniform" | "equipment" | "time" | "where")[] {
  return [
    ...(report.size ? [] : (["size"] as const)),
    ...(report.uniform || report.what ? [] : (["uniform"] as const)),
    ...(report.equipment || report.plate ? [] : (["equipment"] as const)),
    ...(report.seenAt ? [] : (["time"] as const)),
    ...(report.place ? [] : (["where"] as const)),
  ];
}

/** The question, with buttons for what a tap can answer. */
function question(report: Alert, lang: Lang): Outbound | null {
  const gaps = missing(report);
  if (gaps.length === 0) return null;
  const names = new Intl.ListFormat(lang, { type: "conjunction" }).format(gaps.map((g) => t(lang, `alert.detail.${g}`)));
  const buttons: Button[] = [];
  if (gaps.includes("size")) {
    for (const size of SIZES) buttons.push({ label: t(lang, "alert.sizeButton", { size }), action: ADD, payload: `${report.num} size="${size}"` });
  }
  if (gaps.includes("time")) {
    buttons.push({ label: t(lang, "alert.nowButton"), action: ADD, payload: `${report.num} time="${t(lang, "alert.seenNow")}"` });
  }
  return { text: t(lang, "alert.askMissing", { num: report.num, missing: names }), buttons };
}

/**
 * Acknowledge a report and ask for what it lacks. In a direct chat, one message: the
 * acknowledgement with the question under it. Elsewhere the acknowledgement answers the reporter
 * there and the question goes privately (the answers may say more than a plain group should read).
 */
export function acknowledge(ctx: CommandContext, report: Alert, ack: string): void {
  const ask = question(report, ctx.lang);
  if (ctx.chat.isDirect) {
    ctx.reply(ask ? { text: `${ack}\n\n${ask.text}`, buttons: ask.buttons ?? [] } : ack);
    return;
  }
  ctx.replyToAuthor(ack);
  if (ask) ctx.sendDirect(ctx.person, (lang) => question(report, lang)!, `alert-ask:${report.id}.${report.createdAt}`);
}

/** Bind `/alert add ID key=value…`. */
function bindAdd(tokens: Token[]): Record<string, string> | null {
  const { positional, options } = splitOptions(tokens, DETAIL_KEYS, OPTION_ALIASES);
  const [id, ...rest] = positional;
  if (!id || rest.length > 0) return null;
  return { alert: id.text, ...options };
}

/** `/alert add ID size=… uniform=… equipment=… time=… plate=…` (the reporter, while it is pending). */
export const alertAdd = defineCommand({
  id: "alert.add",
  unlimited: true,
  words: ["alert", "add"],
  esWords: ["alerta", "agregar"],
  summary: "alert.cmd.add",
  params: [
    param("alert", number({ min: 1, max: 1_000_000_000 }), { label: "param.alert.id", noun: "arg.alert" }),
    ...detailParams,
    param("where", optionText, { optional: true, option: true, label: "param.alert.where", noun: "arg.alert.where" }),
  ],
  access: "member",
  button: true,
  bind: bindAdd,
  run(ctx, args) {
    const store = new AlertStore(ctx.db);
    const report = store.byNum(ctx.net.id, args.alert);
    // Anyone else's report, or none: the same answer, so nobody learns who sent which.
    if (!report || report.reporterId !== ctx.person.id) throw new UserError("alert.addNotYours", { num: args.alert });
    const lead = store.lead(report);
    if (lead.state !== "pending") throw new UserError("alert.closed", { num: args.alert, state: lead.state });
    const details: Partial<Pick<Alert, Detail>> = {
      ...(args.size ? { size: args.size } : {}),
      ...(args.uniform ? { uniform: args.uniform } : {}),
      ...(args.what ? { what: args.what } : {}),
      ...(args.equipment ? { equipment: args.equipment } : {}),
      ...(args.time ? { seenAt: args.time } : {}),
      ...(foldPlate(args.plate) ? { plate: foldPlate(args.plate) } : {}),
      // A place given later fills a gap; it never moves a report already placed.
      ...(args.where && !report.place ? { place: args.where, placeKey: similarityKeys({ place: args.where, plate: null }).placeKey } : {}),
    };
    if (Object.keys(details).length === 0) throw new UserError("alert.addNothing", { num: report.num });
    store.addDetails(report.id, details);
    const lines = (lang: Lang, exact: boolean) =>
      [
        ...(details.size ? [t(lang, "alert.cardSize", { size: details.size })] : []),
        ...(details.what ? [t(lang, "alert.cardWhat", { what: details.what })] : []),
        ...(details.uniform ? [t(lang, "alert.cardUniform", { uniform: details.uniform })] : []),
        ...(details.equipment ? [t(lang, "alert.cardEquipment", { equipment: details.equipment })] : []),
        ...(details.plate ? [t(lang, "alert.cardPlate", { plate: details.plate })] : []),
        ...(details.seenAt ? [t(lang, "alert.cardSeenAt", { seen: details.seenAt })] : []),
        // The place as a chat may read it: verifier chats that are not encrypted get the street only.
        ...(details.place ? [t(lang, "alert.cardWhere", { where: whereFor(details.place, exact, lang) })] : []),
      ].join("\n");
    const key = `alert-more:${report.id}.${report.createdAt}:${ctx.now}`;
    const sent = tellVerifiers(ctx.services, lead, ctx.now, key, (lang, direct) => ({ text: t(lang, "alert.moreDetails", { num: report.num, lead: lead.num, details: lines(lang, direct) }) }));
    for (const p of sent) ctx.touchedPlatforms.add(p);
    const after = store.byId(report.id)!;
    const next = question(after, ctx.lang);
    ctx.replyToAsker((lang) => {
      const thanks = t(lang, "alert.added", { num: report.num });
      const ask = question(after, lang);
      return ask && next ? { text: `${thanks}\n${ask.text}`, buttons: ask.buttons ?? [] } : thanks;
    });
  },
});
