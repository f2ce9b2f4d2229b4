import type { DutyProvider, OnDuty } from "../core/duty.js";
import type { Person } from "../core/people.js";
import { DutyShifts } from "./duty-store.js";
import { shiftEnd } from "./store.js";

/**
 * The duty rota other jobs read through `services.duty`: duty shifts and their confirmed sign-ups,
 * with the role checked now, so a person whose role was revoked is off duty at once.
 */
export const shiftDutyRota: DutyProvider = ({ db, people }) => {
  const shifts = new DutyShifts(db);
  const known = (ids: number[]): Person[] => ids.flatMap((id) => people.byId(id) ?? []);
  return {
    onDuty(networkId, role, now) {
      return shifts.onDuty(networkId, role, now).flatMap((row): OnDuty[] => {
        const person = people.byId(row.personId);
        return person ? [{ person, until: row.until }] : [];
      });
    },
    next(networkId, role, now) {
      const next = shifts.next(networkId, role, now);
      if (!next) return null;
      return { startsAt: next.shift.startsAt, endsAt: shiftEnd(next.shift), people: known(next.personIds) };
    },
  };
};
