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
    note: view === "exact" && shift.note ? t(lang, "shift.noteLine", { note: shift.note }) : "",
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

/** The sign-up button for a shift; `view` says how to redraw its message after a press. */
export function signupButton(shift: Shift, lang: Lang, view: "card" | "list" = "card"): Button {
  return { label: t(lang, "shift.signupButton", { num: shift.num }), action: view === "list" ? "signup:list" : "signup", payload: String(shift.num) };
}

/** One shift as a short card with its sign-up button while places are left. */
export function shiftCard(shift: Shift, tz: string, lang: Lang, now: number, view: PlaceView): Outbound {
  const open = shift.cancelledAt === null && shift.startsAt > now && shift.confirmed < shift.capacity;
  return { text: shiftLine(shift, tz, lang, view, now), buttons: open ? [signupButton(shift, lang)] : [] };
}

/** The `/shifts` message: upcoming shifts with places left, a button for each that has room. */
export function shiftList(shifts: Shift[], tz: string, lang: Lang, now: number, view: PlaceView): Outbound {
  if (shifts.length === 0) return { text: t(lang, "shift.none") };
  return {
    text: [t(lang, "shift.listHeader", { tz }), ...shifts.map((s) => shiftLine(s, tz, lang, view, now))].join("\n"),
    buttons: shifts.filter((s) => s.startsAt > now && s.confirmed < s.capacity).map((s) => signupButton(s, lang, "list")),
  };
}
