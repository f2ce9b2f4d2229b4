import { DateTime } from "luxon";
import { z } from "zod";
import { splitOptions, type Token } from "../core/commands/grammar.js";
import { audit } from "../core/audit.js";
import { defineCommand } from "../core/commands/registry.js";
import { type CommandContext, UserError } from "../core/context.js";
import { type Lang, t, tn } from "../core/i18n/catalog.js";
import { formatWhen } from "../core/time.js";
import { REMINDER_OFFSETS } from "./reminders.js";
import { shiftCard, shiftList, shiftParams, shownPlace, signupButton } from "./render.js";
import { type Shift, ShiftStore, shiftEnd } from "./store.js";
import { DURATION_LIMITS, parseDuration, parseWhen } from "./when.js";
import { askWhichDate } from "./when-confirm.js";

const shiftNumber = z.coerce.number().int().positive().max(1_000_000);
const byNumber = z.object({ p0: shiftNumber });
const idParam = [{ label: "param.id" as const }];

/** How many shifts `/shifts` shows. */
const UPCOMING_LIMIT = 15;

/**
 * After a button press changed a shift's roster, redraw the message the button sat on (places left):
 * the whole list for a `/shifts` message, else the shift's card, showing the place as the origin
 * chat may (src/core/visibility.ts).
 */
function redrawOrigin(ctx: CommandContext, shiftId: number): void {
  if (ctx.event.kind !== "action") return;
  const shifts = store(ctx);
  if (ctx.buttonView === "list") {
    ctx.updateOrigin(shiftList(shifts.upcoming(ctx.net.id, ctx.now, UPCOMING_LIMIT), ctx.net.tz, ctx.lang, ctx.now, ctx.placeView));
  } else {
    const shift = shifts.byId(shiftId);
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
  const isDuration = (i: number) => tokens[i] !== undefined && !tokens[i]!.quoted && parseDuration(tokens[i]!.text) !== null;
  let d = tokens.findIndex((_tk, i) => i > 0 && isDuration(i));
  if (d < 1) return null;
  // "mañana 18h 2h": the first is the hour ("18h"), the last the length.
  while (isDuration(d + 1)) d++;
  const when = tokens.slice(0, d).map((tk) => tk.text).join(" ");
  const rest = tokens.slice(d + 1);
  let c: number;
  if (rest[0]?.quoted) c = 1;
  else c = rest.findIndex((tk) => !tk.quoted && /^\d+$/.test(tk.text));
  if (c < 1 || !rest[c] || !/^\d+$/.test(rest[c]!.text)) return null;
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
    { label: "param.when" },
    { label: "param.duration" },
    { label: "param.place" },
    { label: "param.capacity" },
    { label: "param.note", optional: true, rest: true },
  ],
  access: "lead",
  button: true, // the which-date question's buttons re-run it with the date written exactly
  bind: bindShiftNew,
  schema: z.object({
    when: z.string().min(1).max(80),
    duration: z.string(),
    place: z.string().trim().min(1).max(200),
    capacity: z.coerce.number().int().min(1).max(500),
    note: z.string().max(500).optional(),
    area: z.string().trim().max(80).optional(),
  }),
  run(ctx, args) {
    const minutes = parseDuration(args.duration);
    if (minutes === null || minutes < DURATION_LIMITS.min || minutes > DURATION_LIMITS.max) {
      throw new UserError("shift.badDuration", { duration: args.duration });
    }
    const when = parseWhen(args.when, ctx.net.tz, ctx.now, ctx.lang);
    if (!when.ok) {
      const key = when.problem === "noTime" ? "shift.noTime" : when.problem === "past" ? "shift.pastWhen" : "shift.badWhen";
      throw new UserError(key, { when: args.when });
    }
    if (when.alternative) return askWhichDate(ctx, "shift.new", args.when, when.at, when.alternative);
    const shift = store(ctx).create({
      networkId: ctx.net.id,
      startsAt: when.at,
      durationMin: minutes,
      place: args.place,
      publicPlace: args.area || null,
      capacity: args.capacity,
      note: args.note ?? null,
      createdBy: ctx.person.id,
      now: ctx.now,
    });
    const view = ctx.placeView;
    const shown = shownPlace(shift, "public", ctx.lang);
    ctx.reply({
      text: [
        ctx.t("shift.created", {
          ...shiftParams(shift, ctx.net.tz, ctx.lang, view, ctx.now),
          tz: ctx.net.tz,
          places: tn(ctx.lang, "shift.places", shift.capacity),
          note: shift.note && view === "exact" ? ctx.t("shift.noteLine", { note: shift.note }) : "",
        }),
        // The lead learns once, here, how the shift reads where the place may not be shown.
        view === "exact"
          ? ctx.t(shift.publicPlace ? "shift.shownElsewhereAs" : "shift.shownElsewherePrivate", { shown })
          : ctx.t(shift.publicPlace ? "shift.shownHereAs" : "shift.shownHerePrivate", { shown }),
      ].join("\n"),
      buttons: [signupButton(shift, ctx.lang)],
    });
  },
});

/** `/shifts`: upcoming shifts with places left, each with a sign-up button. */
export const shiftsCommand = defineCommand({
  id: "shifts",
  words: ["shifts"],
  esWords: ["turnos"],
  summary: "cmd.shifts",
  params: [],
  access: "member",
  schema: z.object({}),
  run(ctx) {
    ctx.reply(shiftList(store(ctx).upcoming(ctx.net.id, ctx.now, UPCOMING_LIMIT), ctx.net.tz, ctx.lang, ctx.now, ctx.placeView));
  },
});

/** `/shift cancel ID` (leads): everyone on the roster and the waitlist is told privately. */
export const shiftCancel = defineCommand({
  id: "shift.cancel",
  words: ["shift", "cancel"],
  esWords: ["turno", "cancelar"],
  summary: "cmd.shift.cancel",
  params: idParam,
  access: "lead",
  schema: byNumber,
  run(ctx, { p0: num }) {
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
    ctx.reply(ctx.t("shift.cancelDone", { num, people: tn(ctx.lang, "shift.people", people.length) }));
  },
});

/** `/shift repeat ID weekly COUNT` (leads): copies at the same local time in the following weeks. */
export const shiftRepeat = defineCommand({
  id: "shift.repeat",
  words: ["shift", "repeat"],
  esWords: ["turno", "repetir"],
  summary: "cmd.shift.repeat",
  params: [{ label: "param.id" }, { label: "param.weekly" }, { label: "param.count" }],
  access: "lead",
  schema: z.object({
    p0: shiftNumber,
    p1: z.string().refine((w) => ["weekly", "semanal", "semanalmente"].includes(w.toLowerCase())),
    p2: z.coerce.number().int(),
  }),
  run(ctx, { p0: num, p2: count }) {
    if (count < 1 || count > 12) throw new UserError("shift.badRepeat", { num });
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
  params: idParam,
  access: "member",
  button: true,
  schema: byNumber,
  run(ctx, { p0: num }) {
    const shift = findShift(ctx, num, { open: true });
    if (shift.startsAt <= ctx.now) throw new UserError("shift.over", { num });
    const outcome = store(ctx).signup(shift, ctx.person.id, ctx.chat.ref, ctx.now);
    if (outcome.kind !== "already") redrawOrigin(ctx, shift.id);
    // What a plain group sees names neither the place nor the person: the details go privately.
    const params = (lang: Lang) => shiftParams(shift, ctx.net.tz, lang, "exact", ctx.now);
    switch (outcome.kind) {
      case "confirmed":
        ctx.replyPrivately(
          (lang) => t(lang, "shift.confirmed", { ...params(lang), reminder: reminderPromise(ctx, shift, lang) }),
          (lang) => t(lang, "shift.confirmedNeutral", { num }),
        );
        return;
      case "waitlisted":
        ctx.replyPrivately(
          (lang) => t(lang, "shift.waitlisted", { ...params(lang), position: outcome.position }),
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
  params: idParam,
  access: "member",
  button: true,
  schema: byNumber,
  run(ctx, { p0: num }) {
    const shift = findShift(ctx, num);
    const { removed, promoted } = store(ctx).withdraw(shift, ctx.person.id);
    if (!removed) throw new UserError("shift.notOnIt", { num });
    redrawOrigin(ctx, shift.id);
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
    ctx.replyPrivately(
      (lang) => t(lang, "shift.withdrawn", shiftParams(shift, ctx.net.tz, lang, "exact", ctx.now)),
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
  params: idParam,
  access: "lead",
  schema: byNumber,
  run(ctx, { p0: num }) {
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
      if (shift.note) lines.push(t(lang, "shift.noteLine", { note: shift.note }).trim());
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
  params: idParam,
  access: "member",
  button: true,
  schema: byNumber,
  run(ctx, { p0: num }) {
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

export const shiftCommands = [shiftNew, shiftsCommand, shiftCancel, shiftRepeat, signup, withdraw, roster, checkin];
