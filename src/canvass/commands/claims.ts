import { member, param } from "../../core/commands/params.js";
import { audit } from "../../core/audit.js";
import { askToConfirmMember, confirmedRef, identityParams, resolveMemberTarget } from "../../core/commands/member-target.js";
import { defineCommand } from "../../core/commands/registry.js";
import { type CommandContext, UserError } from "../../core/context.js";
import { type Lang, t } from "../../core/i18n/catalog.js";
import type { Person } from "../../core/people.js";
import { formatWhen } from "../../core/time.js";
import { blockParam, canvassParam, canvassStore, findBlock, findCanvass, isCanvassLead, requireCanvassLead } from "../lookup.js";
import type { Block, Canvass } from "../model.js";

const HOUR_MS = 3_600_000;
const blockParams = [canvassParam, blockParam] as const;

/** When a claim made now lapses without a report. */
function claimExpiry(ctx: CommandContext): number {
  return ctx.now + ctx.services.settings.canvass.claimHours * HOUR_MS;
}

/** The private message that gives a block's details (its label and the scene) to whoever holds it. */
function blockDetails(canvass: Canvass, block: Block, lang: Lang, tz: string, expiresAt: number, now: number): string {
  return t(lang, "canvass.blockDetails", {
    num: canvass.num,
    title: canvass.title,
    block: block.code,
    label: block.label ?? "—",
    place: canvass.place ?? "—",
    until: formatWhen(expiresAt, tz, lang, now),
  });
}

/**
 * Tell the holder their block's details: here when this chat may show them, else by direct message
 * (the group sees the block id only).
 */
function giveDetails(ctx: CommandContext, person: Person, canvass: Canvass, code: string, expiresAt: number, key: string): void {
  const block = canvassStore(ctx).block(canvass.id, code)!;
  if (person.id === ctx.person.id && ctx.mayShowPersonalDetails) {
    ctx.reply(blockDetails(canvass, block, ctx.lang, ctx.net.tz, expiresAt, ctx.now));
    return;
  }
  ctx.sendDirect(person, (lang) => blockDetails(canvass, block, lang, ctx.net.tz, expiresAt, ctx.now), key);
}

/** `/claim ID BLOCK` (`/tomar`): take an open block until the claim time runs out. */
export const claim = defineCommand({
  id: "claim",
  words: ["claim"],
  esWords: ["tomar"],
  summary: "cmd.canvass.claim",
  params: blockParams,
  access: "member",
  button: true,
  run(ctx, { canvass: num, block: code }) {
    const canvass = findCanvass(ctx, num, { open: true });
    const block = findBlock(ctx, canvass, code);
    const params = { num, block: block.code };
    if (block.claim?.personId === ctx.person.id) throw new UserError("canvass.alreadyYours", params);
    if (block.claim) throw new UserError("canvass.blockTaken", params);
    if (block.report) throw new UserError("canvass.blockReported", params);
    const expiresAt = claimExpiry(ctx);
    const store = canvassStore(ctx);
    store.claim(block.id, ctx.person.id, { now: ctx.now, expiresAt, assignedBy: null, viaChat: ctx.chat.isDirect ? null : ctx.chat.ref });
    const until = formatWhen(expiresAt, ctx.net.tz, ctx.lang, ctx.now);
    ctx.replyToAuthor({
      text: ctx.t("canvass.claimed", { ...params, until }),
      buttons: [{ label: ctx.t("canvass.reportButton", params), action: "report", payload: `${num} ${block.code}` }],
    });
    giveDetails(ctx, ctx.person, canvass, block.code, expiresAt, `canvass-claim:${block.id}:${ctx.person.id}:${ctx.now}`);
  },
});

/** `/release ID BLOCK` (`/soltar`): give a block back to the pool. Leads may release any block. */
export const release = defineCommand({
  id: "release",
  words: ["release"],
  esWords: ["soltar"],
  summary: "cmd.canvass.release",
  params: blockParams,
  access: "member",
  button: true,
  run(ctx, { canvass: num, block: code }) {
    const canvass = findCanvass(ctx, num, { open: true });
    const block = findBlock(ctx, canvass, code);
    const params = { num, block: block.code };
    const mine = block.claim?.personId === ctx.person.id;
    if (!block.claim || (!mine && !isCanvassLead(ctx, canvass))) throw new UserError("canvass.notHolding", params);
    const holder = canvassStore(ctx).endClaim(block.id, "released", ctx.now);
    if (!mine && holder !== null) {
      const person = ctx.services.people.byId(holder);
      if (person) ctx.sendDirect(person, (lang) => t(lang, "canvass.releasedByLead", params), `canvass-released:${block.id}:${block.claim.id}`);
    }
    ctx.replyToAuthor(ctx.t("canvass.released", params));
  },
});

/**
 * `/assign ID BLOCK MEMBER` (`/asignar`, leads): give a block to a member, overriding any claim.
 * The member is whom the platform names (a mention, a pill, a reply, a user id); a bare name only
 * asks the lead to confirm who it is (see member-target.ts).
 */
export const assign = defineCommand({
  id: "assign",
  words: ["assign"],
  esWords: ["asignar"],
  summary: "cmd.canvass.assign",
  // The member may be several words (a Telegram text mention), or none when replying to them.
  params: [...blockParams, param("member", member({ max: 120 }), { optional: true, rest: true })],
  access: "member",
  button: true,
  run(ctx, { canvass: num, block: code, member: who }) {
    const canvass = findCanvass(ctx, num, { open: true });
    requireCanvassLead(ctx, canvass);
    const block = findBlock(ctx, canvass, code);
    const target = resolveMemberTarget(ctx, who, { create: true });
    if (target.kind === "byName") {
      askToConfirmAssign(ctx, who ?? "", target.person, num, block.code);
      return;
    }
    const member = target.person;
    // Said privately to the lead only: there the name the platform shows is fine.
    const params = { num, block: block.code, member: member.displayName };
    if (block.claim?.personId === member.id) throw new UserError("canvass.alreadyAssigned", params);
    const store = canvassStore(ctx);
    const previous = block.claim ? store.endClaim(block.id, "overridden", ctx.now) : null;
    const expiresAt = claimExpiry(ctx);
    store.claim(block.id, member.id, { now: ctx.now, expiresAt, assignedBy: ctx.person.id, viaChat: ctx.chat.isDirect ? null : ctx.chat.ref });
    audit(ctx.db, { networkId: ctx.net.id, actorId: ctx.person.id, action: "canvass.assign", subject: `canvass:${num}:${block.code}:${member.id}`, at: ctx.now });
    if (previous !== null && previous !== member.id) {
      const person = ctx.services.people.byId(previous);
      if (person) ctx.sendDirect(person, (lang) => t(lang, "canvass.reassigned", { num, block: block.code }), `canvass-overridden:${block.id}:${block.claim!.id}`);
    }
    giveDetails(ctx, member, canvass, block.code, expiresAt, `canvass-assigned-details:${block.id}:${member.id}:${ctx.now}`);
    // The group sees the block and its state; who got it is for the lead, privately.
    ctx.replyPrivately(
      (lang) => t(lang, previous !== null ? "canvass.assignedOverride" : "canvass.assigned", params),
      (lang) => t(lang, "canvass.assignedNeutral", { num, block: block.code }),
    );
  },
});

/** Show the lead, privately, the one member with the name they typed, with a Confirm button. */
function askToConfirmAssign(ctx: CommandContext, who: string, person: Person, num: number, block: string): void {
  const ref = confirmedRef(ctx, person);
  askToConfirmMember(ctx, (lang) => ({
    text: t(lang, "canvass.assignConfirm", {
      who,
      ...identityParams(ctx, person, lang),
      num,
      block,
      command: `/${lang === "es" ? "asignar" : "assign"} ${num} ${block} ${ref}`,
    }),
    button: { label: t(lang, "role.confirmButton"), action: "assign", payload: `${num} ${block} ${ref}` },
  }));
}

export const claimCommands = [claim, release, assign];
