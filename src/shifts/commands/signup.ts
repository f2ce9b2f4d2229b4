import { defineCommand } from "../../core/commands/registry.js";
import { type CommandContext, UserError } from "../../core/context.js";
import { type Lang, t } from "../../core/i18n/catalog.js";
import { redrawCards } from "../cards.js";
import { REMINDER_OFFSETS } from "../jobs.js";
import { cancelButton, shiftOpen, shiftParams, signupButton } from "../render.js";
import type { Shift } from "../store.js";
import { byNumber, findShift, redrawOrigin, store } from "./shared.js";

/** What the confirmation promises: only the reminders that will still come (see REMINDER_OFFSETS). */
function reminderPromise(ctx: CommandContext, shift: Shift, lang: Lang): string {
  const [day, hour] = REMINDER_OFFSETS;
  if (ctx.now < shift.startsAt - day.ms) return t(lang, "shift.remindBoth");
  if (ctx.now < shift.startsAt - hour.ms) return t(lang, "shift.remindHour");
  return "";
}

/** `/signup ID` (`/apuntarme`): a place, or the waitlist when full. */
export const signup = defineCommand({
  id: "signup",
  words: ["signup"],
  esWords: ["apuntarme"],
  aliases: [["sign-up"]],
  esAliases: [["apuntar"], ["apuntame"]],
  summary: "cmd.signup",
  params: byNumber,
  access: "member",
  button: true,
  run(ctx, { shift: num }) {
    const shift = findShift(ctx, num, { open: true });
    if (shift.startsAt <= ctx.now) throw new UserError("shift.over", { num });
    // A duty shift puts whoever is on it on call for its role: nobody else may take a place.
    if (shift.role && !ctx.roles.has(shift.role)) throw new UserError("shift.dutyRoleNeeded", { num, role: shift.role });
    const outcome = store(ctx).signup(shift, ctx.person.id, ctx.chat.ref, ctx.now);
    if (outcome.kind !== "already") {
      redrawOrigin(ctx, shift.id);
      redrawCards(ctx, shift.id);
    }
    // What a plain group sees names neither the place nor the person: the details go privately.
    const params = (lang: Lang) => shiftParams(shift, ctx.net.tz, lang, "exact", ctx.now);
    switch (outcome.kind) {
      case "confirmed":
        ctx.replyPrivately(
          (lang) => ({
            text: t(lang, "shift.confirmed", { ...params(lang), reminder: reminderPromise(ctx, shift, lang) }),
            buttons: [cancelButton(shift, lang, "confirmed", "private")],
          }),
          (lang) => t(lang, "shift.confirmedNeutral", { num }),
        );
        return;
      case "waitlisted":
        ctx.replyPrivately(
          (lang) => ({ text: t(lang, "shift.waitlisted", { ...params(lang), position: outcome.position }), buttons: [cancelButton(shift, lang, "waitlisted", "private")] }),
          (lang) => t(lang, "shift.waitlistedNeutral", { num }),
        );
        return;
      case "already":
        ctx.replyToAuthor(
          outcome.status === "confirmed"
            ? ctx.t("shift.alreadyConfirmed", { num })
            : ctx.t("shift.alreadyWaiting", { num, position: outcome.position }),
        );
    }
  },
});

/** `/cancel ID` (`/baja`): off the shift; the first person waiting is promoted and told. */
export const withdraw = defineCommand({
  id: "cancel",
  words: ["cancel"],
  esWords: ["baja"],
  esAliases: [["darme-de-baja"]],
  summary: "cmd.cancel",
  params: byNumber,
  access: "member",
  button: true,
  run(ctx, { shift: num }) {
    const shift = findShift(ctx, num);
    const { removed, promoted } = store(ctx).withdraw(shift, ctx.person.id);
    if (!removed) throw new UserError("shift.notOnIt", { num });
    redrawOrigin(ctx, shift.id);
    redrawCards(ctx, shift.id);
    if (promoted && shift.cancelledAt === null && shift.startsAt > ctx.now) {
      const person = ctx.services.people.byId(promoted.personId);
      if (person) {
        ctx.sendDirect(
          person,
          (lang) => t(lang, "shift.promoted", shiftParams(shift, ctx.net.tz, lang, "exact", ctx.now)),
          `shift-promoted:${shift.id}:${person.id}:${ctx.now}`,
        );
      }
    }
    const after = store(ctx).byId(shift.id);
    ctx.replyPrivately(
      (lang) => ({
        text: t(lang, "shift.withdrawn", shiftParams(shift, ctx.net.tz, lang, "exact", ctx.now)),
        buttons: after && shiftOpen(after, ctx.now) ? [signupButton(after, lang, "private")] : [],
      }),
      (lang) => t(lang, "shift.withdrawnNeutral", { num }),
    );
  },
});
