import { type Lang, t } from "../core/i18n/catalog.js";
import type { Button } from "../core/port.js";
import { formatTime, formatWhen } from "../core/time.js";
import { type Shift, shiftEnd } from "./store.js";

/** Placeholders shared by shift messages: number, start, end and place, in the network's zone. */
export function shiftParams(shift: Shift, tz: string, lang: Lang): Record<string, string | number> {
  return {
    num: shift.num,
    when: formatWhen(shift.startsAt, tz, lang),
    end: formatTime(shiftEnd(shift), tz),
    place: shift.place,
    capacity: shift.capacity,
  };
}

/** One line of `/shifts`: when, where and how many places are left. */
export function shiftLine(shift: Shift, tz: string, lang: Lang): string {
  const left = shift.capacity - shift.confirmed;
  const status =
    left > 0
      ? t(lang, "shift.placesLeft", { left, capacity: shift.capacity })
      : shift.waitlisted > 0
        ? t(lang, "shift.full", { waiting: shift.waitlisted })
        : t(lang, "shift.fullNoWait");
  return t(lang, "shift.line", { ...shiftParams(shift, tz, lang), left: status });
}

/** The sign-up button for a shift. */
export function signupButton(shift: Shift, lang: Lang): Button {
  return { label: t(lang, "shift.signupButton", { num: shift.num }), action: "signup", payload: String(shift.num) };
}
