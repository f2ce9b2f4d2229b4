import { z } from "zod";
import { audit } from "../../core/audit.js";
import { splitOptions, type Token } from "../../core/commands/grammar.js";
import { defineCommand } from "../../core/commands/registry.js";
import { type CommandContext, UserError } from "../../core/context.js";
import { t, tn } from "../../core/i18n/catalog.js";
import { formatWhen } from "../../core/time.js";
import { truncate } from "../../core/text.js";
import { canvassNumber, canvassStore, findCanvass, isCanvassLead, requireCanvassLead } from "../lookup.js";
import { BLOCK_CODE, type BlockInput, MAX_LABEL } from "../model.js";
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

/** `/canvass new TITLE PLACE [WHEN] [deadline=72h]` (leads): the opener becomes its lead. */
export const canvassNew = defineCommand({
  id: "canvass.new",
  words: ["canvass", "new"],
  esWords: ["sondeo", "nuevo"],
  summary: "cmd.canvass.new",
  params: [{ label: "param.canvass.title" }, { label: "param.place" }, { label: "param.when", optional: true }, { label: "param.canvass.deadline", optional: true }],
  access: "lead",
  bind: bindCanvassNew,
  schema: z.object({
    title: z.string().trim().min(1).max(80),
    place: z.string().trim().min(1).max(200),
    when: z.string().max(80).optional(),
    deadline: z.string().max(20).optional(),
  }),
  run(ctx, args) {
    const tz = ctx.net.tz;
    let incidentAt: number | null = null;
    if (args.when) {
      const when = parseIncident(args.when, tz, ctx.now, ctx.lang);
      if (!when.ok) {
        const key = when.problem === "noTime" ? "canvass.noTime" : when.problem === "future" ? "canvass.futureWhen" : "canvass.badWhen";
        throw new UserError(key, { when: args.when });
      }
      incidentAt = when.at;
    }
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

/** Bind `/canvass blocks ID B1 "label" B2 "label" ...`. */
function bindBlocks(tokens: Token[]): { id: string; items: string[] } | null {
  if (tokens.length < 3) return null;
  return { id: tokens[0]!.text, items: tokens.slice(1).map((tk) => tk.text) };
}

/** Read `B1 "label" B2 "label"` pairs; every problem names the block it is about. */
function readBlockPairs(items: string[], existing: ReadonlySet<string>): BlockInput[] {
  if (items.length % 2 !== 0) throw new UserError("canvass.blocksPairs", { item: truncate(items[items.length - 1]!, 30) });
  const blocks: BlockInput[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < items.length; i += 2) {
    const code = items[i]!;
    const label = items[i + 1]!.trim();
    if (!BLOCK_CODE.test(code)) throw new UserError("canvass.badBlockId", { block: truncate(code, 30) });
    const folded = code.toUpperCase();
    if (existing.has(folded) || seen.has(folded)) throw new UserError("canvass.duplicateBlock", { block: code });
    if (label === "" || [...label].length > MAX_LABEL) throw new UserError("canvass.badLabel", { block: code, max: MAX_LABEL });
    seen.add(folded);
    blocks.push({ code, label, polygon: null });
  }
  if (blocks.length + existing.size > MAX_BLOCKS) throw new UserError("canvass.tooManyBlocks", { max: MAX_BLOCKS });
  return blocks;
}

/** `/canvass blocks ID B1 "Main St 100-200" ...` (leads): add blocks in chat. */
export const canvassBlocks = defineCommand({
  id: "canvass.blocks",
  words: ["canvass", "blocks"],
  esWords: ["sondeo", "bloques"],
  summary: "cmd.canvass.blocks",
  params: [{ label: "param.id" }, { label: "param.canvass.blocks", rest: true }],
  access: "member",
  bind: bindBlocks,
  schema: z.object({ id: canvassNumber, items: z.array(z.string().max(MAX_LABEL + 1)).min(2).max(2 * MAX_BLOCKS) }),
  run(ctx, { id, items }) {
    const canvass = findCanvass(ctx, id, { open: true });
    requireCanvassLead(ctx, canvass);
    const store = canvassStore(ctx);
    const blocks = readBlockPairs(items, store.codes(canvass.id));
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
  esWords: ["sondeo", "estado"],
  summary: "cmd.canvass.status",
  params: [{ label: "param.id" }],
  access: "member",
  schema: z.object({ p0: canvassNumber }),
  run(ctx, { p0: num }) {
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
  esWords: ["sondeo", "cerrar"],
  summary: "cmd.canvass.close",
  params: [{ label: "param.id" }],
  access: "member",
  schema: z.object({ p0: canvassNumber }),
  run(ctx, { p0: num }) {
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
