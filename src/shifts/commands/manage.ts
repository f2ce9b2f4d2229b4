import { DateTime } from "luxon";
import { audit } from "../../core/audit.js";
import { choice, number, param } from "../../core/commands/params.js";
import { defineCommand } from "../../core/commands/registry.js";
import { UserError } from "../../core/context.js";
import { t } from "../../core/i18n/catalog.js";
import { formatWhen } from "../../core/time.js";
import { shiftParams } from "../render.js";
import type { Shift } from "../store.js";
import { byNumber, findShift, shiftNumber, store } from "./shared.js";

/** `/shift cancel ID` (leads): everyone on the roster and the waitlist is told privately. */
export const shiftCancel = defineCommand({
  id: "shift.cancel",
  words: ["shift", "cancel"],
  esWords: ["turno", "cancelar"],
  summary: "cmd.shift.cancel",
  params: byNumber,
  access: "lead",
  run(ctx, { shift: num }) {
    const shift = findShift(ctx, num, { open: true });
    const shifts = store(ctx);
    shifts.cancel(shift.id, ctx.now);
    audit(ctx.db, { networkId: ctx.net.id, actorId: ctx.person.id, action: "shift.cancel", subject: `shift:${shift.num}`, at: ctx.now });
    const people = shifts.everyone(shift.id);
    for (const personId of people) {
      const person = ctx.services.people.byId(personId);
      if (!person) continue;
      ctx.sendDirect(person, (lang) => t(lang, "shift.cancelNotice", shiftParams(shift, ctx.net.tz, lang, "exact", ctx.now)), `shift-cancel:${shift.id}:${personId}`);
    }
    ctx.reply(ctx.t("shift.cancelDone", { num, count: people.length }));
  },
});

/** `/shift repeat ID weekly COUNT` (leads): copies at the same local time in the following weeks. */
export const shiftRepeat = defineCommand({
  id: "shift.repeat",
  words: ["shift", "repeat"],
  esWords: ["turno", "repetir"],
  summary: "cmd.shift.repeat",
  params: [
    param("shift", shiftNumber, { label: "param.id" }),
    param("weekly", choice([{ value: "weekly", en: "weekly", es: "semanal", aliases: ["semanalmente"] }])),
    param("weeks", number({ min: 1, max: 12 }), { label: "param.count" }),
  ],
  access: "lead",
  run(ctx, { shift: num, weeks: count }) {
    const origin = findShift(ctx, num);
    if (origin.cancelledAt !== null) throw new UserError("shift.cancelled", { num });
    const shifts = store(ctx);
    const start = DateTime.fromMillis(origin.startsAt, { zone: ctx.net.tz });
    const created: Shift[] = [];
    for (let week = 1; week <= count; week++) {
      created.push(
        shifts.create({
          networkId: ctx.net.id,
          // Same wall-clock time in the zone, across daylight-saving changes.
          startsAt: start.plus({ weeks: week }).toMillis(),
          durationMin: origin.durationMin,
          place: origin.place,
          publicPlace: origin.publicPlace,
          capacity: origin.capacity,
          note: origin.note,
          createdBy: ctx.person.id,
          now: ctx.now,
          repeatOf: origin.id,
          role: origin.role,
        }),
      );
    }
    ctx.reply(
      ctx.t("shift.repeated", {
        num,
        list: created.map((s) => `#${s.num} ${formatWhen(s.startsAt, ctx.net.tz, ctx.lang, ctx.now)}`).join(", "),
      }),
    );
  },
});
