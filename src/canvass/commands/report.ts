import { z } from "zod";
import { splitOptions, type Token } from "../../core/commands/grammar.js";
import { param, shaped, text } from "../../core/commands/params.js";
import { defineCommand } from "../../core/commands/registry.js";
import { type CommandContext, UserError } from "../../core/context.js";
import type { Outbound } from "../../core/port.js";
import { truncate } from "../../core/text.js";
import { blockParam, canvassParam, canvassStore, findBlock, findCanvass, isCanvassLead } from "../lookup.js";
import type { Block, Canvass, ReportCounts } from "../model.js";
import { countsText } from "../render.js";

/** The counts of a report, in the order the guided flow asks for them. */
export const COUNT_KEYS = ["doors", "answered", "cameras", "footage"] as const;
type CountKey = (typeof COUNT_KEYS)[number];

/** Spanish and one-letter spellings of the count keys (the letters keep button data short). */
const COUNT_ALIASES: Record<string, CountKey> = {
  puertas: "doors",
  d: "doors",
  atendieron: "answered",
  abrieron: "answered",
  a: "answered",
  camaras: "cameras",
  "cámaras": "cameras",
  c: "cameras",
  videos: "footage",
  "vídeos": "footage",
  video: "footage",
  "vídeo": "footage",
  f: "footage",
};

const SHORT: Record<CountKey, string> = { doors: "d", answered: "a", cameras: "c", footage: "f" };

/** Largest count accepted. */
const MAX_COUNT = 10_000;

/** Values the guided flow offers as buttons. */
const CHOICES = [0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40];

/** Bind `/report ID BLOCK doors=N answered=N cameras=N footage=N [NOTE]`. */
export function bindReport(tokens: Token[]): Record<string, unknown> | null {
  const { positional, options } = splitOptions(tokens, [...COUNT_KEYS], COUNT_ALIASES);
  if (positional.length < 2) return null;
  const note = positional.slice(2).map((tk) => tk.text).join(" ");
  return { canvass: positional[0]!.text, block: positional[1]!.text, counts: options, ...(note ? { note } : {}) };
}

/** Read each count typed; a malformed one is refused by name. */
function readCounts(ctx: CommandContext, raw: Record<string, string>): Partial<ReportCounts> {
  const counts: Partial<ReportCounts> = {};
  for (const key of COUNT_KEYS) {
    const value = raw[key];
    if (value === undefined) continue;
    if (!/^\d{1,6}$/.test(value) || Number(value) > MAX_COUNT) {
      throw new UserError("canvass.badCount", { key: ctx.t(`canvass.count.${key}`), value: truncate(value, 20), max: MAX_COUNT });
    }
    counts[key] = Number(value);
  }
  if (counts.doors !== undefined && counts.answered !== undefined && counts.answered > counts.doors) {
    throw new UserError("canvass.answeredOverDoors", { answered: counts.answered, doors: counts.doors });
  }
  return counts;
}

/** Who may report a block: its holder, whoever made its current report (a correction), or a lead. */
function mayReport(ctx: CommandContext, canvass: Canvass, block: Block): boolean {
  if (block.claim?.personId === ctx.person.id) return true;
  if (!block.claim && block.report?.personId === ctx.person.id) return true;
  return isCanvassLead(ctx, canvass);
}

/** Ask for the next missing count with buttons carrying what was given so far. */
function askNext(ctx: CommandContext, canvass: Canvass, block: Block, counts: Partial<ReportCounts>, missing: CountKey): void {
  const given = COUNT_KEYS.filter((k) => counts[k] !== undefined).map((k) => `${SHORT[k]}=${counts[k]}`);
  const choices = CHOICES.filter((n) => missing !== "answered" || n <= (counts.doors ?? MAX_COUNT));
  answer(ctx, {
    text: ctx.t(`canvass.ask.${missing}`, { num: canvass.num, block: block.code }),
    buttons: choices.map((n) => ({
      label: String(n),
      action: "report",
      payload: [canvass.num, block.code, ...given, `${SHORT[missing]}=${n}`].join(" "),
    })),
  });
}

/** A step of the guided flow redraws the message whose button was pressed, where it can; else a new reply. */
function answer(ctx: CommandContext, msg: Outbound): void {
  if (ctx.event.kind === "action" && ctx.event.messageId && ctx.chat.caps.edits) ctx.updateOrigin(msg);
  else ctx.replyToAuthor(msg);
}

/**
 * `/report ID BLOCK doors=N answered=N cameras=N footage=N [NOTE]` (`/informe`). Where the platform
 * has buttons, `/report ID BLOCK` alone starts a guided flow asking for each count in turn.
 * A correction replaces the current report; the earlier one stays in the history.
 */
export const report = defineCommand({
  id: "report",
  words: ["report"],
  esWords: ["informe"],
  summary: "cmd.canvass.report",
  params: [
    canvassParam,
    blockParam,
    param("counts", shaped("text", z.record(z.string(), z.string())), { label: "param.canvass.counts", noun: "arg.canvass.counts" }),
    param("note", text({ max: 500, trim: false }), { noun: "arg.canvass.note", optional: true, rest: true }),
  ],
  access: "member",
  button: true,
  bind: bindReport,
  run(ctx, args) {
    const canvass = findCanvass(ctx, args.canvass, { open: true });
    const block = findBlock(ctx, canvass, args.block);
    const params = { num: canvass.num, block: block.code };
    if (!mayReport(ctx, canvass, block)) throw new UserError("canvass.notYourBlock", params);
    const counts = readCounts(ctx, args.counts);
    const missing = COUNT_KEYS.filter((k) => counts[k] === undefined);
    if (missing.length > 0) {
      if (ctx.chat.caps.buttons) return askNext(ctx, canvass, block, counts, missing[0]!);
      throw new UserError("canvass.missingCounts", { ...params, missing: missing.map((k) => ctx.t(`canvass.count.${k}`)).join(", ") });
    }
    const complete = counts as ReportCounts;
    const store = canvassStore(ctx);
    store.endClaim(block.id, "reported", ctx.now);
    const { corrected } = store.report(block.id, ctx.person.id, complete, args.note ?? null, ctx.now);
    const text = ctx.t(corrected ? "canvass.corrected" : "canvass.reported", { ...params, counts: countsText(complete, ctx.lang) });
    answer(ctx, { text, buttons: [] });
  },
});
