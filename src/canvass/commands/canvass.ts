import { DateTime } from "luxon";
import { z } from "zod";
import { audit } from "../../core/audit.js";
import { splitOptions, type Token } from "../../core/commands/grammar.js";
import { type Parsed, param, shaped, text, when } from "../../core/commands/params.js";
import { defineCommand } from "../../core/commands/registry.js";
import { type CommandContext, UserError } from "../../core/context.js";
import { t, tn } from "../../core/i18n/catalog.js";
import { formatWhen, formatWhenInSentence } from "../../core/time.js";
import { truncate } from "../../core/text.js";
import { canvassParam, canvassStore, findCanvass, isCanvassLead, requireCanvassLead } from "../lookup.js";
import { type BlockItem, blockItems, readBlockList } from "../block-list.js";
import { MAX_LABEL } from "../model.js";
import { MAX_BLOCKS } from "../import.js";
import { statusPicture } from "../picture.js";
import { claimButtons, progressParams, statusText, timeLeft } from "../render.js";
import { DEADLINE_LIMITS, parseIncident, parseSpan } from "../when.js";

const HOUR_MS = 3_600_000;

/** Bind `/canvass new TITLE PLACE [WHEN] [deadline=72h]`: WHEN is every other word after PLACE. */
export function bindCanvassNew(tokens: Token[]): Record<string, string> | null {
  const { positional, options } = splitOptions(tokens, ["deadline"], { plazo: "deadline", "límite": "deadline", limite: "deadline" });
  if (positional.length < 2) return null;
  const when = positional.slice(2).map((tk) => tk.text).join(" ");
  return {
    title: positional[0]!.text,
    place: positional[1]!.text,
    ...(when ? { when } : {}),
    ...(options.deadline !== undefined ? { deadline: options.deadline } : {}),
  };
}

/** When the incident happened, read behind now in the network's zone; each problem keeps its own message. */
const incidentTime = when({
  max: 80,
  read(text, env): Parsed<number> {
    const read = parseIncident(text, env.tz, env.now, env.lang);
    if (read.ok && read.alternative !== undefined) {
      // Nothing is opened on a guess: the lead types it again with the one they meant.
      const exactly = (ms: number) => DateTime.fromMillis(ms, { zone: env.tz }).toFormat("yyyy-MM-dd HH:mm");
      const shown = (ms: number) => formatWhenInSentence(ms, env.tz, env.lang, env.now);
      return { ok: false, key: "canvass.whenAmbiguous", params: { when: text, first: shown(read.at), second: shown(read.alternative), firstExact: exactly(read.at), secondExact: exactly(read.alternative) } };
    }
    if (read.ok) return { ok: true, value: read.at };
    const key = read.problem === "noTime" ? "canvass.noTime" : read.problem === "future" ? "canvass.futureWhen" : "canvass.badWhen";
    return { ok: false, key, params: { when: text } };
  },
});

/** `/canvass new TITLE PLACE [WHEN] [deadline=72h]` (leads): the opener becomes its lead. */
export const canvassNew = defineCommand({
  id: "canvass.new",
  words: ["canvass", "new"],
  esWords: ["busqueda", "nueva"],
  // The words used before "búsqueda de videos" and "cuadra" keep working.
  esAliases: [["sondeo", "nuevo"], ["busqueda", "nuevo"], ["sondeo", "nueva"]],
  summary: "cmd.canvass.new",
  params: [
    param("title", text({ max: 80 }), { label: "param.canvass.title", noun: "arg.canvass.title" }),
    param("place", text({ max: 200 }), { noun: "arg.canvass.place" }),
    param("when", incidentTime, { optional: true, noun: "arg.canvass.when" }),
    param("deadline", text({ max: 20, trim: false }), { label: "param.canvass.deadline", noun: "arg.canvass.deadline", optional: true, option: true, inUsage: true }),
  ],
  access: "lead",
  bind: bindCanvassNew,
  run(ctx, args) {
    const tz = ctx.net.tz;
    const incidentAt = args.when ?? null;
    const span = args.deadline === undefined ? ctx.services.settings.canvass.deadlineHours * HOUR_MS : parseSpan(args.deadline);
    if (span === null || span < DEADLINE_LIMITS.minHours * HOUR_MS || span > DEADLINE_LIMITS.maxHours * HOUR_MS) {
      throw new UserError("canvass.badDeadline", { deadline: truncate(args.deadline ?? "", 20) });
    }
    // Footage is overwritten counting from the incident, so the deadline counts from it too.
    const deadlineAt = (incidentAt ?? ctx.now) + span;
    if (deadlineAt <= ctx.now) throw new UserError("canvass.pastDeadline", { deadline: formatWhen(deadlineAt, tz, ctx.lang, ctx.now) });
    const canvass = canvassStore(ctx).create({
      networkId: ctx.net.id,
      title: args.title,
      place: args.place,
      incidentAt,
      deadlineAt,
      leadId: ctx.person.id,
      originChat: ctx.chat.isDirect ? null : ctx.chat.ref,
      now: ctx.now,
    });
    ctx.noticeIfNotEncrypted();
    ctx.reply(
      ctx.t("canvass.created", {
        num: canvass.num,
        title: canvass.title,
        place: ctx.mayShowPersonalDetails ? ctx.t("canvass.placeTag", { place: args.place }) : "",
        incident: incidentAt === null ? "" : ctx.t("canvass.incidentTag", { when: formatWhen(incidentAt, tz, ctx.lang, ctx.now) }),
        deadline: formatWhen(deadlineAt, tz, ctx.lang, ctx.now),
        left: timeLeft(canvass, ctx.now, ctx.lang),
      }),
    );
  },
});

/** Bind `/canvass blocks ID B1 "label" B2 B3 ...` or `/canvass blocks ID 12` (see block-list.ts). */
function bindBlocks(tokens: Token[]): { canvass: string; blocks: BlockItem[] } | null {
  if (tokens.length < 2) return null;
  return { canvass: tokens[0]!.text, blocks: blockItems(tokens.slice(1)) };
}

/** The block list as typed: block ids, quoted labels, or one count. */
const blockTokens = z.array(z.object({ text: z.string().max(MAX_LABEL + 1), quoted: z.boolean() })).min(1).max(2 * MAX_BLOCKS);

/** `/canvass blocks ID B1 "Main St 100-200" ...` (leads): add blocks in chat. */
export const canvassBlocks = defineCommand({
  id: "canvass.blocks",
  words: ["canvass", "blocks"],
  esWords: ["busqueda", "cuadras"],
  // The words used before "búsqueda de videos" and "cuadra" keep working.
  esAliases: [["sondeo", "bloques"], ["sondeo", "cuadras"], ["busqueda", "bloques"]],
  summary: "cmd.canvass.blocksOptional",
  params: [
    canvassParam,
    param("blocks", shaped("text", blockTokens), { label: "param.canvass.blockList", noun: "arg.canvass.blocks", rest: true }),
  ],
  access: "member",
  bind: bindBlocks,
  run(ctx, { canvass: id, blocks: items }) {
    const canvass = findCanvass(ctx, id, { open: true });
    requireCanvassLead(ctx, canvass);
    const store = canvassStore(ctx);
    const blocks = readBlockList(items, store.codes(canvass.id), ctx.lang);
    store.addBlocks(canvass.id, blocks);
    ctx.reply(
      ctx.t("canvass.blocksAdded", {
        num: canvass.num,
        added: tn(ctx.lang, "canvass.blocks", blocks.length),
        codes: blocks.map((b) => b.code).join(", "),
        first: blocks[0]!.code,
      }),
    );
  },
});

/** What a reader may see of a canvass here: ids only in a plain group; labels, and names for leads, elsewhere. */
function detailFor(ctx: CommandContext, lead: boolean): "ids" | "labels" | "lead" {
  if (!ctx.mayShowPersonalDetails) return "ids";
  return lead ? "lead" : "labels";
}

/** `/canvass status ID`: blocks by state, doors, cameras, footage, time left, and the picture. */
export const canvassStatus = defineCommand({
  id: "canvass.status",
  words: ["canvass", "status"],
  esWords: ["busqueda", "estado"],
  // The words used before "búsqueda de videos" and "cuadra" keep working.
  esAliases: [["sondeo", "estado"]],
  summary: "cmd.canvass.status",
  params: [canvassParam],
  access: "member",
  run(ctx, { canvass: num }) {
    const canvass = findCanvass(ctx, num);
    const store = canvassStore(ctx);
    const blocks = store.blocks(canvass.id);
    const progress = store.progress(canvass.id);
    const detail = detailFor(ctx, isCanvassLead(ctx, canvass));
    const text = statusText(canvass, blocks, progress, {
      now: ctx.now,
      lang: ctx.lang,
      tz: ctx.net.tz,
      detail,
      self: ctx.person.id,
      nameOf: (id) => ctx.services.people.byId(id)?.displayName ?? "?",
    });
    const picture = ctx.chat.caps.images && blocks.length > 0 ? statusPicture(canvass, blocks, progress, ctx.lang, detail !== "ids") : undefined;
    ctx.reply({ text, buttons: claimButtons(canvass, blocks, ctx.lang), ...(picture ? { image: picture } : {}) });
  },
});

/** `/canvass close ID` (leads): the summary is posted; the custody record is kept, details purged later. */
export const canvassClose = defineCommand({
  id: "canvass.close",
  words: ["canvass", "close"],
  esWords: ["busqueda", "cerrar"],
  // The words used before "búsqueda de videos" and "cuadra" keep working.
  esAliases: [["sondeo", "cerrar"]],
  summary: "cmd.canvass.close",
  params: [canvassParam],
  access: "member",
  run(ctx, { canvass: num }) {
    const canvass = findCanvass(ctx, num, { open: true });
    requireCanvassLead(ctx, canvass);
    const store = canvassStore(ctx);
    const holders = store.activeClaims(canvass.id);
    store.close(canvass.id, ctx.now);
    audit(ctx.db, { networkId: ctx.net.id, actorId: ctx.person.id, action: "canvass.close", subject: `canvass:${canvass.num}`, at: ctx.now });
    for (const claim of holders) {
      const person = claim.personId === null ? null : ctx.services.people.byId(claim.personId);
      if (!person) continue;
      ctx.sendDirect(person, (lang) => t(lang, "canvass.closedNotice", { num: canvass.num, block: claim.blockCode }), `canvass-closed:${claim.claimId}`);
    }
    const closed = store.byId(canvass.id)!;
    ctx.reply(
      ctx.t("canvass.summary", {
        ...progressParams(closed, store.progress(canvass.id), ctx.now, ctx.lang, ctx.net.tz),
        days: ctx.services.settings.retention.canvassDays,
      }),
    );
  },
});

export const canvassCommands = [canvassNew, canvassBlocks, canvassStatus, canvassClose];
