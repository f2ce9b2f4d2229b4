import fc from "fast-check";
import { buildRegistry } from "../../src/main.js";

/**
 * Command lines people might type, for property tests: arbitrary unicode, and lines built from the
 * real command words with awkward arguments (quotes, numbers, dates, roles, names, huge lengths).
 */

/** A command as an adapter hands it over: the word and the rest of the line. */
export interface TypedCommand {
  name: string;
  args: string;
}

/**
 * Every word path of every command (English, Spanish, aliases), except `network unlink`, which
 * would leave later runs of a shared world with no network to exercise.
 */
const PATHS: string[][] = buildRegistry()
  .all.filter((spec) => spec.id !== "network.unlink")
  .flatMap((spec) => [spec.words, ...(spec.esWords ? [spec.esWords] : []), ...(spec.aliases ?? [])].map((p) => [...p]));

/** Tokens that mean something to some command, plus the troublesome ones. */
const MEANINGFUL = [
  "1", "2", "3", "0", "-1", "1.5", "999999999999", "1e3", "0x10", "٣", "１",
  "sat", "10am", "sábado", "10:00", "tomorrow", "mañana", "2026-12-05", "2027-13-05", "10", "de", "la", "tarde",
  "2h", "90m", "1h30", "0m", "99h", "Church", "\"Elm St\"", "«calle Mayor»", "“x”",
  "weekly", "semanal", "12", "13",
  "lead", "admin", "verifier", "member", "coordinación", "constructor", "__proto__", "toString",
  "lena", "leo", "@ana", "<@123>", "zed", "es", "en", "fr", "America/Chicago", "Mars/Olympus", "UTC",
  "where=x", "\"", "“", "«", "'", "„", "”", "»", "=", "/help", "$&", "$1", "{name}", "{num}",
  "\n", "\t", "\u200b", "\u0301", "🙂", "\ud800", "",
];

const token: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...MEANINGFUL) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
);

const separator = fc.constantFrom(" ", " ", " ", "  ", "\t", "\n", "\u00a0");

/** A real command word path followed by random tokens. */
export const wordLine: fc.Arbitrary<TypedCommand> = fc
  .tuple(
    fc.constantFrom(...PATHS),
    // Mostly a few tokens, so commands get past their usage check; sometimes many.
    fc.oneof({ weight: 4, arbitrary: fc.array(fc.tuple(separator, token), { maxLength: 3 }) }, fc.array(fc.tuple(separator, token), { maxLength: 10 })),
    fc.boolean(),
  )
  .map(([path, tokens, upper]) => {
    const [head, ...sub] = path;
    const name = upper ? head!.toUpperCase() : head!;
    const args = [...sub.map((w) => ` ${w}`), ...tokens.map(([sep, tk]) => sep + tk)].join("").trimStart();
    return { name, args };
  });

/** Anything at all: unicode (lone surrogates included) as the word and the arguments. */
export const anyLine: fc.Arbitrary<TypedCommand> = fc.record({
  name: fc.oneof(fc.string({ unit: "binary", maxLength: 20 }), fc.constantFrom(...PATHS.map((p) => p[0]!))),
  args: fc.string({ unit: "binary", maxLength: 80 }),
});

/** Lines around and far beyond the longest accepted argument text. */
export const hugeLine: fc.Arbitrary<TypedCommand> = fc
  .tuple(fc.constantFrom(...PATHS), fc.constantFrom("x", "1 ", "\"", "🙂", "sat 10am 2h Church 3 "), fc.integer({ min: 1900, max: 20_000 }))
  .map(([path, unit, length]) => ({ name: path[0]!, args: [...path.slice(1), unit.repeat(Math.ceil(length / unit.length))].join(" ") }));

/** A huge command word. */
export const hugeName: fc.Arbitrary<TypedCommand> = fc
  .integer({ min: 41, max: 10_000 })
  .map((n) => ({ name: "ñ".repeat(n), args: "1" }));

/** Any of the above. */
export const typedCommand: fc.Arbitrary<TypedCommand> = fc.oneof(
  { weight: 12, arbitrary: wordLine },
  { weight: 5, arbitrary: anyLine },
  { weight: 2, arbitrary: hugeLine },
  { weight: 1, arbitrary: hugeName },
);

/** Who speaks: the admin, a lead, a member, someone new; and where: the network's group, another group, their DM. */
export const speaker = fc.record({
  who: fc.constantFrom("lena", "leo", "ana", "zed"),
  where: fc.constantFrom("main", "main", "main", "other", "dm"),
});

/** A button press with a real or forged action and payload. */
export const press = fc.record({
  action: fc.oneof(
    fc.constantFrom("signup", "cancel", "checkin", "signup:list", "shift.new", "help", "network.unlink", "role.grant", ""),
    fc.string({ unit: "binary", maxLength: 20 }),
  ),
  payload: fc.oneof(fc.constantFrom("1", "2", "99", "1 2", "1\n2", "x".repeat(300), ""), fc.string({ unit: "binary", maxLength: 20 })),
});
