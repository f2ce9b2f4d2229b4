import { asWritten } from "../../core/commands/command-refs.js";
import { defineCommand } from "../../core/commands/registry.js";
import { UserError } from "../../core/context.js";
import { t } from "../../core/i18n/catalog.js";
import { formatWhen } from "../../core/time.js";
import { shiftParams } from "../render.js";
import { shiftEnd } from "../store.js";
import { byNumber, CHECKIN_OPENS_MS, findShift, store } from "./shared.js";

/** `/roster ID` (leads): names, check-ins and past no-shows; sent privately. */
export const roster = defineCommand({
  id: "roster",
  words: ["roster"],
  esWords: ["lista"],
  summary: "cmd.roster",
  params: byNumber,
  access: "lead",
  run(ctx, { shift: num }) {
    const shift = findShift(ctx, num);
    const entries = store(ctx).roster(shift, ctx.now);
    const ended = shiftEnd(shift) <= ctx.now;
    ctx.replyPrivately((lang) => {
      const line = (e: (typeof entries)[number], n: number) =>
        t(lang, "shift.rosterLine", {
          n,
          name: e.displayName,
          checkin: e.checkedInAt ? t(lang, "shift.rosterCheckedIn", { time: formatWhen(e.checkedInAt, ctx.net.tz, lang, ctx.now) }) : "",
          noShows: e.noShows > 0 ? t(lang, "shift.rosterNoShows", { count: e.noShows }) : "",
        });
      const confirmed = entries.filter((e) => e.status === "confirmed");
      const waiting = entries.filter((e) => e.status === "waitlisted");
      const lines = [t(lang, "shift.rosterHeader", shiftParams(shift, ctx.net.tz, lang, "exact", ctx.now))];
      if (shift.note) lines.push(t(lang, "shift.noteLine", { note: asWritten(shift.note) }).trim());
      if (entries.length === 0) lines.push(t(lang, "shift.rosterEmpty"));
      if (confirmed.length > 0) {
        lines.push(t(lang, "shift.rosterConfirmed", { confirmed: confirmed.length, capacity: shift.capacity }));
        lines.push(...confirmed.map((e, i) => line(e, i + 1)));
      }
      if (waiting.length > 0) lines.push(t(lang, "shift.rosterWaitlist"), ...waiting.map((e, i) => line(e, i + 1)));
      if (ended) lines.push(t(lang, "shift.rosterNoShowCount", { count: confirmed.filter((e) => !e.checkedInAt).length }));
      return lines.join("\n");
    });
  },
});

/** `/checkin ID`: from an hour before the start until the end. */
export const checkin = defineCommand({
  id: "checkin",
  words: ["checkin"],
  esWords: ["llegue"],
  aliases: [["check-in"]],
  esAliases: [["llegué"], ["llegada"]],
  summary: "cmd.checkin",
  params: byNumber,
  access: "member",
  button: true,
  run(ctx, { shift: num }) {
    const shift = findShift(ctx, num, { open: true });
    const shifts = store(ctx);
    const status = shifts.statusOf(shift.id, ctx.person.id);
    if (status?.status !== "confirmed") throw new UserError("shift.checkinNotConfirmed", { num });
    if (status.checkedInAt) throw new UserError("shift.alreadyCheckedIn", { num });
    if (ctx.now < shift.startsAt - CHECKIN_OPENS_MS) {
      throw new UserError("shift.checkinTooEarly", { num, when: formatWhen(shift.startsAt, ctx.net.tz, ctx.lang, ctx.now) });
    }
    shifts.checkIn(shift.id, ctx.person.id, ctx.now);
    ctx.replyToAuthor(ctx.t("shift.checkedIn", { num }));
  },
});
