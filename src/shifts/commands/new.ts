import { asWritten } from "../../core/commands/command-refs.js";
import { splitOptions, type Token } from "../../core/commands/grammar.js";
import { choice, duration, number, type Parsed, param, text, when } from "../../core/commands/params.js";
import { defineCommand } from "../../core/commands/registry.js";
import { t, tn } from "../../core/i18n/catalog.js";
import { shiftCardKey } from "../cards.js";
import { cardButtons, shiftParams, shownPlace } from "../render.js";
import { DURATION_LIMITS, parseDuration, parseWhen } from "../when.js";
import { askWhichDate } from "../when-confirm.js";
import { store } from "./shared.js";

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
 * The option that gives a shift's public label, in either language: `area="Eastside church"`,
 * `área="Iglesia del Eastside"`. `zona=` is the old Spanish word, still read as the label; it is
 * no longer shown, since "zona" now also names the network's time zone (`/red zona`) and alert
 * zones (`/zona agregar`), and a shift belongs to neither.
 */
const AREA_KEYS = ["area", "role"] as const;
const AREA_ALIASES: Record<string, string> = { zona: "area", área: "area", label: "area", etiqueta: "area", rol: "role", duty: "role", guardia: "role" };

/**
 * The role a duty shift is for (`role=verifier`, `rol=verificador`): only people holding it may
 * sign up, and while it lasts they are on duty (src/shifts/duty.ts). `member` is no duty role.
 */
const dutyRole = choice(
  [
    { value: "verifier", en: "verifier", es: "verificación", aliases: ["verifiers", "verificador", "verificadora", "verificadores", "verificadoras"] },
    { value: "lead", en: "lead", es: "coordinación", aliases: ["leads", "coordinador", "coordinadora", "lider"] },
    { value: "admin", en: "admin", es: "admin", aliases: ["admins", "administrador", "administradora"] },
  ],
  { message: "shift.badRole" },
);

/**
 * Bind `/shift new WHEN DURATION PLACE CAPACITY [NOTE] [area=LABEL]`. WHEN may be several words: it
 * runs up to the first token that is a duration. PLACE is one quoted token, or the words up to the
 * first bare number, which is CAPACITY; the rest is the note. `area=` (`área=`, old `zona=`) and `role=`
 * (`rol=`) may stand anywhere.
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
    ...(options.role !== undefined ? { role: options.role } : {}),
  };
}

/** `/shift new WHEN DURATION PLACE CAPACITY [NOTE] [area=LABEL] [role=ROLE]` (leads); with a role, a duty shift. */
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
    param("role", dutyRole, { optional: true, option: true, label: "param.dutyRole", noun: "arg.dutyRole" }),
  ],
  access: "lead",
  // The which-date question's buttons (shift.pick) re-run it with the date written exactly.
  bind: bindShiftNew,
  run(ctx, args) {
    if (args.when.alternative !== undefined) return askWhichDate(ctx, args.when.typed, args.when.at, args.when.alternative);
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
      role: args.role ?? null,
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
        ...(shift.role ? [t(ctx.lang, "shift.dutyCreated", { role: shift.role })] : []),
      ].join("\n"),
      buttons: cardButtons(shift, ctx.lang, ctx.now),
    }, shiftCardKey(shift.id, ctx.chat.ref));
  },
});
