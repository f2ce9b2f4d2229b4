import { t } from "../core/i18n/catalog.js";
import type { Person } from "../core/people.js";
import { shiftParams } from "./render.js";
import { ShiftStore } from "./store.js";
import { countRows, sql } from "../store/statements.js";
import type { KindCounts, PersonalDataHook } from "../privacy/hooks.js";

/**
 * The shifts job's data about a person: their sign-ups (with waitlist places and check-ins) and the
 * shifts they posted. Forgetting takes them off every roster; where they held a place on a shift
 * still to come, the first person waiting moves up and is told, as with `/cancel`. Shifts they
 * posted stay for the people on them, with no creator.
 */
export const shiftsPersonalData: PersonalDataHook = {
  id: "shifts",
  kinds: [
    { id: "signups", label: "privacy.shifts.signups", kept: "privacy.shifts.signups.kept", keptDays: (r) => r.shiftsDays },
    { id: "posted", label: "privacy.shifts.posted", kept: "privacy.shifts.posted.kept", keptDays: (r) => r.shiftsDays },
  ],
  count(db, person: Person): KindCounts {
    return {
      signups: countRows(db, "SELECT count(*) AS n FROM signups WHERE person_id = ?", person.id),
      posted: countRows(db, "SELECT count(*) AS n FROM shifts WHERE created_by = ?", person.id),
    };
  },
  forget(ctx, person) {
    const { db } = ctx;
    const counts = this.count(db, person);
    const shifts = new ShiftStore(db);
    sql(db, "DELETE FROM shift_questions WHERE person_id = ?").run(person.id);
    const held = sql(db, "SELECT shift_id FROM signups WHERE person_id = ?").all(person.id) as { shift_id: number }[];
    for (const { shift_id } of held) {
      const shift = shifts.byId(shift_id);
      if (!shift) continue;
      const { promoted } = shifts.withdraw(shift, person.id);
      const network = ctx.services.networks.get(shift.networkId);
      if (!promoted || !network || shift.cancelledAt !== null || shift.startsAt <= ctx.now) continue;
      const next = ctx.services.people.byId(promoted.personId);
      if (!next) continue;
      ctx.sendDirect(next, (lang) => t(lang, "shift.promoted", shiftParams(shift, network.tz, lang, "exact", ctx.now)), `shift-promoted:${shift.id}:${next.id}:${ctx.now}`);
    }
    sql(db, "UPDATE shifts SET created_by = 0 WHERE created_by = ?").run(person.id);
    return counts;
  },
};
