import { number, param } from "../../core/commands/params.js";
import { type CommandContext, UserError } from "../../core/context.js";
import { pageOfView, shiftListPage } from "../pages.js";
import { myShiftsMessage } from "./my-shifts.js";
import { shiftCard } from "../render.js";
import { type Shift, ShiftStore, shiftEnd } from "../store.js";

/** What the shift commands share: how a shift is named, found and redrawn after a press. */

/** A shift's number in its network. */
export const shiftNumber = number({ min: 1, max: 1_000_000 });
export const byNumber = [param("shift", shiftNumber, { label: "param.id" })] as const;

/**
 * After a button press changed a shift's roster, redraw the message the button sat on: the page of
 * `/shifts` it was on, the member's `/myshifts` list, else the shift's card, showing the place as
 * the origin chat may (src/core/visibility.ts).
 */
export function redrawOrigin(ctx: CommandContext, shiftId: number): void {
  if (ctx.event.kind !== "action") return;
  const page = pageOfView(ctx.buttonView);
  // A button on one's own private answer: the new answer says the new state, with its own button.
  if (ctx.buttonView === "private") return;
  if (page !== null) {
    ctx.updateOrigin(shiftListPage(ctx, page));
  } else if (ctx.buttonView === "mine") {
    ctx.updateOrigin(myShiftsMessage(ctx)(ctx.lang));
  } else {
    const shift = store(ctx).byId(shiftId);
    if (shift) ctx.updateOrigin(shiftCard(shift, ctx.net.tz, ctx.lang, ctx.now, ctx.placeView));
  }
}

/** How far ahead check-in opens. */
export const CHECKIN_OPENS_MS = 60 * 60 * 1000;

/** The shifts store over the command's transaction. */
export function store(ctx: CommandContext): ShiftStore {
  return new ShiftStore(ctx.db);
}

/** The shift with this number in the command's network, or a clear refusal. */
export function findShift(ctx: CommandContext, num: number, opts: { open?: boolean } = {}): Shift {
  const shift = store(ctx).byNum(ctx.net.id, num);
  if (!shift) throw new UserError("shift.notFound", { num });
  if (opts.open && shift.cancelledAt !== null) throw new UserError("shift.cancelled", { num });
  if (opts.open && shiftEnd(shift) <= ctx.now) throw new UserError("shift.over", { num });
  return shift;
}

