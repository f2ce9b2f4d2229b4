import { type Lang, t } from "../core/i18n/catalog.js";
import type { Button, Outbound } from "../core/port.js";
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

/** The sign-up button for a shift; `view` says how to redraw its message after a press. */
export function signupButton(shift: Shift, lang: Lang, view: "card" | "list" = "card"): Button {
  return { label: t(lang, "shift.signupButton", { num: shift.num }), action: view === "list" ? "signup:list" : "signup", payload: String(shift.num) };
}

/** One shift as a short card with its sign-up button while places are left. */
export function shiftCard(shift: Shift, tz: string, lang: Lang, now: number): Outbound {
  const open = shift.cancelledAt === null && shift.startsAt > now && shift.confirmed < shift.capacity;
  return { text: shiftLine(shift, tz, lang), buttons: open ? [signupButton(shift, lang)] : [] };
}

/** The `/shifts` message: upcoming shifts with places left, a button for each that has room. */
export function shiftList(shifts: Shift[], tz: string, lang: Lang, now: number): Outbound {
  if (shifts.length === 0) return { text: t(lang, "shift.none") };
  return {
    text: [t(lang, "shift.listHeader", { tz }), ...shifts.map((s) => shiftLine(s, tz, lang))].join("\n"),
    buttons: shifts.filter((s) => s.startsAt > now && s.confirmed < s.capacity).map((s) => signupButton(s, lang, "list")),
  };
}
