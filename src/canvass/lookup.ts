import { number, param, text } from "../core/commands/params.js";
import { allows } from "../core/auth.js";
import { type CommandContext, UserError } from "../core/context.js";
import { truncate } from "../core/text.js";
import type { Block, Canvass } from "./model.js";
import { CanvassStore } from "./store.js";

/** A canvass number as typed. */
export const canvassNumber = number({ min: 1, max: 1_000_000 });
/** A block id as typed; whether it exists is checked against the canvass. */
export const blockWord = text({ max: 60 });
/** The `ID` parameter of a canvass command. */
export const canvassParam = param("canvass", canvassNumber, { label: "param.id" });
/** The `BLOCK` parameter of a block command. */
export const blockParam = param("block", blockWord, { label: "param.canvass.block" });

export function canvassStore(ctx: CommandContext): CanvassStore {
  return new CanvassStore(ctx.db);
}

/** The canvass with this number in the command's network, or a clear refusal. */
export function findCanvass(ctx: CommandContext, num: number, opts: { open?: boolean } = {}): Canvass {
  const canvass = canvassStore(ctx).byNum(ctx.net.id, num);
  if (!canvass) throw new UserError("canvass.notFound", { num });
  if (opts.open && canvass.closedAt !== null) throw new UserError("canvass.closed", { num });
  return canvass;
}

/** The block with this id in a canvass, or a refusal naming both. */
export function findBlock(ctx: CommandContext, canvass: Canvass, code: string): Block {
  const block = canvassStore(ctx).block(canvass.id, code);
  if (!block) throw new UserError("canvass.blockNotFound", { num: canvass.num, block: truncate(code, 20) });
  return block;
}

/** The canvass's own lead, or a network lead or admin. */
export function isCanvassLead(ctx: CommandContext, canvass: Canvass): boolean {
  return canvass.leadId === ctx.person.id || allows(ctx.roles, "lead");
}

/** Refuse anyone who is not a lead of this canvass. */
export function requireCanvassLead(ctx: CommandContext, canvass: Canvass): void {
  if (!isCanvassLead(ctx, canvass)) throw new UserError("core.needsRole", { role: ctx.t("role.lead") });
}
