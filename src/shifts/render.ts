import { asWritten } from "../core/commands/command-refs.js";
import { type Lang, t, tn } from "../core/i18n/catalog.js";
import type { Button, Outbound } from "../core/port.js";
import type { PlaceView } from "../core/visibility.js";
import { formatEnd, formatWhen } from "../core/time.js";
import { type Shift, shiftEnd } from "./store.js";

/**
 * The place as a chat may show it: exact in a private channel; elsewhere the public label the lead
 * chose, or a neutral line saying it goes privately to those signed up.
 */
export function shownPlace(shift: Pick<Shift, "place" | "publicPlace">, view: PlaceView, lang: Lang): string {
  if (view === "exact") return shift.place;
  return shift.publicPlace ?? t(lang, "shift.placePrivate");
}

/**
 * Placeholders shared by shift messages: number, start, end and place, in the network's zone. The
 * place is exact only for `view: "exact"` (a private channel: see src/core/visibility.ts).
 */
export function shiftParams(shift: Shift, tz: string, lang: Lang, view: PlaceView, now?: number): Record<string, string | number> {
  return {
    num: shift.num,
    when: formatWhen(shift.startsAt, tz, lang, now),
    end: formatEnd(shift.startsAt, shiftEnd(shift), tz, lang, now),
    place: shownPlace(shift, view, lang),
    capacity: shift.capacity,
    // The note goes with the exact place, never without it.
    note: view === "exact" && shift.note ? t(lang, "shift.noteLine", { note: asWritten(shift.note) }) : "",
    // A duty shift says so wherever it is shown: "verifier duty · ".
    duty: shift.role ? t(lang, "shift.dutyTag", { role: shift.role }) : "",
    role: shift.role ?? "",
  };
}

/** One line of `/shifts`: when, where (as `view` allows) and how many places are left. */
export function shiftLine(shift: Shift, tz: string, lang: Lang, view: PlaceView, now?: number): string {
  const left = shift.capacity - shift.confirmed;
  const status =
    left > 0
      ? tn(lang, "shift.placesLeft", left, { capacity: shift.capacity })
      : shift.waitlisted > 0
        ? t(lang, "shift.full", { waiting: shift.waitlisted })
        : t(lang, "shift.fullNoWait");
  return t(lang, "shift.line", { ...shiftParams(shift, tz, lang, view, now), left: status });
}

/** Whether people may still sign up for (or leave) a shift: not cancelled and not started. */
export function shiftOpen(shift: Shift, now: number): boolean {
  return shift.cancelledAt === null && shift.startsAt > now;
}

/**
 * The sign-up button for a shift: "Sign up" while places are left, "Join waitlist" once it is full.
 * `view` says how to redraw its message after a press (`card`, or `list`/`list.N` for page N of `/shifts`).
 */
export function signupButton(shift: Shift, lang: Lang, view: string = "card"): Button {
  const key = shift.confirmed < shift.capacity ? "shift.signupButton" : "shift.waitlistButton";
  return { label: t(lang, key, { num: shift.num }), action: view === "card" ? "signup" : `signup:${view}`, payload: String(shift.num) };
}

/** The button that takes the presser off a shift or its waitlist. */
export function cancelButton(shift: Shift, lang: Lang, status: "confirmed" | "waitlisted" = "confirmed", view = "card"): Button {
  const key = status === "waitlisted" ? "shift.leaveWaitlistButton" : "shift.cancelButton";
  return { label: t(lang, key, { num: shift.num }), action: view === "card" ? "cancel" : `cancel:${view}`, payload: String(shift.num) };
}

/**
 * The buttons of a shift's card in a chat everyone reads: sign up (or join the waitlist when full)
 * and, once anyone is on it, cancel. A shared message cannot show each reader their own state, so
 * both are offered; the presser's own state shows in the private answer and in /myshifts.
 */
export function cardButtons(shift: Shift, lang: Lang, now: number): Button[] {
  if (!shiftOpen(shift, now)) return [];
  return [signupButton(shift, lang), ...(shift.confirmed + shift.waitlisted > 0 ? [cancelButton(shift, lang)] : [])];
}

/** One shift as a short card with the buttons its state allows. */
export function shiftCard(shift: Shift, tz: string, lang: Lang, now: number, view: PlaceView): Outbound {
  return { text: shiftLine(shift, tz, lang, view, now), buttons: cardButtons(shift, lang, now) };
}
