import { asWritten } from "../../core/commands/command-refs.js";
import { redrawCards, shiftCardKey } from "../cards.js";
import { DateTime } from "luxon";
import { splitOptions, type Token } from "../../core/commands/grammar.js";
import { choice, duration, number, type Parsed, param, text, when } from "../../core/commands/params.js";
import { audit } from "../../core/audit.js";
import { defineCommand } from "../../core/commands/registry.js";
import { type CommandContext, UserError } from "../../core/context.js";
import { type Lang, t, tn } from "../../core/i18n/catalog.js";
import { formatWhen } from "../../core/time.js";
import { REMINDER_OFFSETS } from "../jobs.js";
import { myShifts, myShiftsMessage } from "../my-shifts.js";
import { pageOfView, shiftListPage } from "../pages.js";
import { cancelButton, cardButtons, shiftCard, shiftOpen, shiftParams, shownPlace, signupButton } from "../render.js";
import { type Shift, ShiftStore, shiftEnd } from "../store.js";
import { DURATION_LIMITS, parseDuration, parseWhen } from "../when.js";
import { askWhichDate } from "../when-confirm.js";

/** A shift's number in its network. */
const shiftNumber = number({ min: 1, max: 1_000_000 });
const byNumber = [param("shift", shiftNumber, { label: "param.id" })] as const;

/** A start as read: the instant, the words typed, and another date the words may mean ("next friday"). */
interface ReadStart {
  at: number;
  typed: string;
  alternative?: number;
}

/** A shift's start, read ahead of now in the network's zone; each problem keeps its own message. */
const shiftStart = when({
  max: 80,
  read(text, env): Parsed<ReadStart> {
    const read = parseWhen(text, env.tz, env.now, env.lang);
    if (read.ok) return { ok: true, value: { at: read.at, typed: text, ...(read.alternative !== undefined ? { alternative: read.alternative } : {}) } };
    const key = read.problem === "noTime" ? "shift.noTime" : read.problem === "past" ? "shift.pastWhen" : "shift.badWhen";
    return { ok: false, key, params: { when: text } };
  },
});

/**
 * Something typed as a length of time, well formed or not (`2h`, `-2h`, `2.5h`, `90m`): where the
 * binder takes DURATION to be, so that a bad one is refused by name rather than misread.
 */
const DURATION_LIKE = /^[-+]?\d+(?:[.,]\d+)?(?:h|hr|hrs|hora|horas|m|min|mins|minutos)(?:\d{1,4}(?:m|min|mins|minutos)?)?$/i;
/** Something typed as a number, well formed or not (`3`, `-3`, `2.5`): where CAPACITY is. */
const NUMBER_LIKE = /^[-+]?\d+(?:[.,]\d+)?$/;

/**
 * After a button press changed a shift's roster, redraw the message the button sat on: the page of
 * `/shifts` it was on, the member's `/myshifts` list, else the shift's card, showing the place as
 * the origin chat may (src/core/visibility.ts).
 */
function redrawOrigin(ctx: CommandContext, shiftId: number): void {
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
const CHECKIN_OPENS_MS = 60 * 60 * 1000;

function store(ctx: CommandContext): ShiftStore {
  return new ShiftStore(ctx.db);
}

/** The shift with this number in the command's network, or a clear refusal. */
function findShift(ctx: CommandContext, num: number, opts: { open?: boolean } = {}): Shift {
  const shift = store(ctx).byNum(ctx.net.id, num);
  if (!shift) throw new UserError("shift.notFound", { num });
  if (opts.open && shift.cancelledAt !== null) throw new UserError("shift.cancelled", { num });
  if (opts.open && shiftEnd(shift) <= ctx.now) throw new UserError("shift.over", { num });
  return shift;
}

/** The option that gives a shift's public label, in either language: `area="Eastside church"`. */
const AREA_KEYS = ["area"] as const;
const AREA_ALIASES: Record<string, string> = { zona: "area", área: "area", label: "area", etiqueta: "area" };

/**
 * Bind `/shift new WHEN DURATION PLACE CAPACITY [NOTE] [area=LABEL]`. WHEN may be several words: it
 * runs up to the first token that is a duration. PLACE is one quoted token, or the words up to the
 * first bare number, which is CAPACITY; the rest is the note. `area=` (`zona=`) may stand anywhere.
 */
export function bindShiftNew(all: Token[]): Record<string, string> | null {
  const { positional: tokens, options } = splitOptions(all, AREA_KEYS, AREA_ALIASES);
  const isDuration = (i: number) => tokens[i] !== undefined && !tokens[i]!.quoted && (parseDuration(tokens[i]!.text) !== null || DURATION_LIKE.test(tokens[i]!.text));
  let d = tokens.findIndex((_tk, i) => i > 0 && isDuration(i));
  if (d < 1) return null;
  // "mañana 18h 2h": the first is the hour ("18h"), the last the length.
  while (isDuration(d + 1)) d++;
  const when = tokens.slice(0, d).map((tk) => tk.text).join(" ");
  const rest = tokens.slice(d + 1);
  let c: number;
  if (rest[0]?.quoted) c = 1;
  else c = rest.findIndex((tk) => !tk.quoted && NUMBER_LIKE.test(tk.text));
  if (c < 1 || !rest[c] || rest[c]!.quoted || !NUMBER_LIKE.test(rest[c]!.text)) return null;
  return {
    when,
    duration: tokens[d]!.text,
    place: rest.slice(0, c).map((tk) => tk.text).join(" "),
    capacity: rest[c]!.text,
    ...(rest.length > c + 1 ? { note: rest.slice(c + 1).map((tk) => tk.text).join(" ") } : {}),
    ...(options.area !== undefined ? { area: options.area } : {}),
  };
}

/** `/shift new WHEN DURATION PLACE CAPACITY [NOTE]` (leads). */
export const shiftNew = defineCommand({
  id: "shift.new",
  words: ["shift", "new"],
  esWords: ["turno", "nuevo"],
  summary: "cmd.shift.new",
  params: [
    param("when", shiftStart),
    param("duration", duration({ read: parseDuration, ...DURATION_LIMITS, message: "shift.badDuration" })),
    param("place", text({ max: 200 })),
    param("capacity", number({ min: 1, max: 500 })),
    param("note", text({ max: 500, trim: false }), { optional: true, rest: true }),
    param("area", text({ max: 80 }), { optional: true, option: true }),
  ],
  access: "lead",
  button: true, // the which-date question's buttons re-run it with the date written exactly
  bind: bindShiftNew,
  run(ctx, args) {
    if (args.when.alternative !== undefined) return askWhichDate(ctx, "shift.new", args.when.typed, args.when.at, args.when.alternative);
    const shift = store(ctx).create({
      networkId: ctx.net.id,
      startsAt: args.when.at,
      durationMin: args.duration,
      place: args.place,
      publicPlace: args.area || null,
      capacity: args.capacity,
      note: args.note ?? null,
      createdBy: ctx.person.id,
      now: ctx.now,
    });
    const view = ctx.placeView;
    const shown = shownPlace(shift, "public", ctx.lang);
    // Kept, so that a sign-up or cancel made elsewhere redraws it (cards.ts).
    ctx.replyKept({
      text: [
        ctx.t("shift.created", {
          ...shiftParams(shift, ctx.net.tz, ctx.lang, view, ctx.now),
          tz: ctx.net.tz,
          places: tn(ctx.lang, "shift.places", shift.capacity),
          note: shift.note && view === "exact" ? ctx.t("shift.noteLine", { note: asWritten(shift.note) }) : "",
        }),
        // The lead learns once, here, how the shift reads where the place may not be shown.
        view === "exact"
          ? ctx.t(shift.publicPlace ? "shift.shownElsewhereAs" : "shift.shownElsewherePrivate", { shown })
          : ctx.t(shift.publicPlace ? "shift.shownHereAs" : "shift.shownHerePrivate", { shown }),
      ].join("\n"),
      buttons: cardButtons(shift, ctx.lang, ctx.now),
    }, shiftCardKey(shift.id, ctx.chat.ref));
  },
});

/** `/shifts [PAGE]`: upcoming shifts with places left, each with a sign-up button, a page at a time. */
export const shiftsCommand = defineCommand({
  id: "shifts",
  words: ["shifts"],
  esWords: ["turnos"],
  summary: "cmd.shifts",
  params: [param("page", number({ min: 1, max: 1000 }), { optional: true })],
  access: "member",
  button: true,
  run(ctx, { page = 1 }) {
    const list = shiftListPage(ctx, page);
    // A Next/Previous press turns the page in place where the platform can edit.
    if (ctx.event.kind === "action" && ctx.event.messageId && ctx.chat.caps.edits) ctx.updateOrigin(list);
    else ctx.reply(list);
  },
});

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
  aliases: [["sign-up"], ["apuntar"], ["apuntame"]],
  summary: "cmd.signup",
  params: byNumber,
  access: "member",
  button: true,
  run(ctx, { shift: num }) {
    const shift = findShift(ctx, num, { open: true });
    if (shift.startsAt <= ctx.now) throw new UserError("shift.over", { num });
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
  aliases: [["darme-de-baja"]],
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
  aliases: [["check-in"], ["llegué"], ["llegada"]],
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

export const shiftCommands = [shiftNew, shiftsCommand, myShifts, shiftCancel, shiftRepeat, signup, withdraw, roster, checkin];
