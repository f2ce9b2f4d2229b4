import type { z } from "zod";
import type { Lang, MessageKey, MessageParams } from "../i18n/catalog.js";
import { foldWord } from "./grammar.js";

/**
 * Command parameters as typed data, declared once: `param("shift", shiftNumber)`. The usage line,
 * `/help`, binding, validation with a message per refused parameter, the handler's typed arguments
 * and what adapters publish (Discord option types) all come from the declaration.
 */

/** What a parameter is, for adapters that render parameters natively (Discord option types). */
export type ParamKind = "member" | "number" | "choice" | "when" | "duration" | "text";

/** What a parameter's reader may know besides the text: the language, the time and the network's zone. */
export interface ParseEnv {
  lang: Lang;
  now: number;
  /** The network's time zone; UTC before a network is known. */
  tz: string;
}

/**
 * A value read, or why not: a message key and its values. The pipeline adds `{name}` (the
 * parameter's name in the member's language), `{value}` (what they wrote) and `{<param name>}`.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; key: MessageKey; params?: MessageParams };

/** One fixed value of a `choice`, with the words that stand for it in each language. */
export interface Choice<V extends string = string> {
  value: V;
  en: string;
  es: string;
  /** Further accepted spellings. */
  aliases?: readonly string[];
  /**
   * The words people read for this value on buttons and in native menus, when they are not the
   * word typed (`en` is shown as "English"); absent: the typed word of the reader's language.
   */
  label?: MessageKey;
}

/** A parameter type: how text becomes a value, and what adapters may know of it. */
export interface ParamType<T> {
  readonly kind: ParamKind;
  /** Numbers: the smallest value. Texts: the shortest length. Durations: minutes. */
  readonly min?: number;
  /** Numbers: the largest value. Texts: the longest length. Durations: minutes. */
  readonly max?: number;
  readonly choices?: readonly Choice[];
  /** Read what was bound (text, or for `shaped` types whatever a custom binder made). */
  parse(raw: unknown, env: ParseEnv): Parsed<T>;
}

/** How a parameter is bound and shown. */
export interface ParamOptions {
  /** May be left out; the handler then gets `undefined`. */
  optional?: boolean;
  /** Takes every remaining token as one text. Only the last positional parameter may. */
  rest?: boolean;
  /** Given as `name=value` anywhere on the line (bound by the command's own binder); not in the usage line unless `inUsage`. */
  option?: boolean;
  /** An `option` the usage line shows all the same (its label says how to write it: `deadline=72h`). */
  inUsage?: boolean;
  /** Catalog key of the usage label (WHEN / CUANDO). Default `param.<name>`. */
  label?: MessageKey;
  /** Catalog key of the name used in error messages (Capacity / La capacidad). Default `arg.<name>`. */
  noun?: MessageKey;
}

/** A declared parameter. */
export interface Param<N extends string = string, T = unknown, O extends boolean = boolean> {
  readonly name: N;
  readonly type: ParamType<T>;
  readonly optional: O;
  readonly rest: boolean;
  readonly option: boolean;
  readonly inUsage: boolean;
  readonly label: MessageKey;
  readonly noun: MessageKey;
}

/** Declare a parameter by name and type. */
export function param<N extends string, T>(name: N, type: ParamType<T>, opts: ParamOptions & { optional: true }): Param<N, T, true>;
export function param<N extends string, T>(name: N, type: ParamType<T>, opts?: ParamOptions & { optional?: false }): Param<N, T, false>;
export function param<N extends string, T>(name: N, type: ParamType<T>, opts: ParamOptions = {}): Param<N, T, boolean> {
  return {
    name,
    type,
    optional: opts.optional ?? false,
    rest: opts.rest ?? false,
    option: opts.option ?? false,
    inUsage: opts.inUsage ?? !opts.option,
    label: opts.label ?? (`param.${name}` as MessageKey),
    noun: opts.noun ?? (`arg.${name}` as MessageKey),
  };
}

/** Any declared parameter, for lists. */
// biome-ignore lint/suspicious/noExplicitAny: a list holds parameters of every value type.
export type AnyParam = Param<string, any, boolean>;

/** The handler's arguments, inferred from the declared parameters. */
export type ArgsOf<P extends readonly AnyParam[]> = {
  [X in P[number] as X["name"]]: X extends Param<string, infer T, infer O> ? (O extends true ? T | undefined : T) : never;
};

const fail = (key: MessageKey, params?: MessageParams): Parsed<never> => ({ ok: false, key, ...(params ? { params } : {}) });

/** Length in characters as people count them (code points). */
export function textLength(text: string): number {
  return [...text].length;
}

/** A message of one's own for a refused value, instead of the generic one (keeps a job's wording). */
interface Worded {
  message?: MessageKey;
}

/** A whole number from `min` to `max`. */
export function number(opts: { min: number; max: number } & Worded): ParamType<number> {
  const key = opts.message ?? "argError.number";
  return {
    kind: "number",
    min: opts.min,
    max: opts.max,
    parse(raw) {
      if (typeof raw !== "string" || !/^[+-]?\d{1,16}$/.test(raw.trim())) return fail(key, { min: opts.min, max: opts.max });
      const n = Number(raw.trim());
      return n >= opts.min && n <= opts.max ? { ok: true, value: n } : fail(key, { min: opts.min, max: opts.max });
    },
  };
}

/** Free text of `min` (default 1) to `max` characters, trimmed unless `trim: false`. */
export function text(opts: { max: number; min?: number; trim?: boolean }): ParamType<string> {
  const min = opts.min ?? 1;
  return {
    kind: "text",
    min,
    max: opts.max,
    parse(raw) {
      if (typeof raw !== "string") return fail("argError.tooShort", { min });
      const value = opts.trim === false ? raw : raw.trim();
      const length = textLength(value);
      if (length > opts.max) return fail("argError.tooLong", { max: opts.max, length });
      if (length < min) return fail("argError.tooShort", { min, length });
      return { ok: true, value };
    },
  };
}

/** A member as typed (a name, a mention, a user id); whom it names is the command's to resolve. */
export function member(opts: { max: number } = { max: 120 }): ParamType<string> {
  return { ...text({ max: opts.max }), kind: "member" };
}

/**
 * One of fixed values, typed in either language (case and accents folded). `fold` may widen what
 * counts as a word (the language takes `english` as `en`).
 */
export function choice<const V extends string>(
  choices: readonly Choice<V>[],
  opts: { fold?: (word: string) => string } & Worded = {},
): ParamType<V> {
  const fold = opts.fold ?? foldWord;
  return {
    kind: "choice",
    choices,
    parse(raw, env) {
      const word = typeof raw === "string" ? fold(raw.trim()) : "";
      const found = choices.find((c) => [c.value, c.en, c.es, ...(c.aliases ?? [])].some((w) => fold(w) === word));
      if (found) return { ok: true, value: found.value };
      const words = choices.map((c) => c[env.lang]);
      const listed = new Intl.ListFormat(env.lang, { type: "disjunction" }).format(words);
      return fail(opts.message ?? "argError.choice", { choices: listed, word: typeof raw === "string" ? raw : "" });
    },
  };
}

/**
 * A length of time, read by the job's own reader into minutes, from `min` to `max` minutes; the
 * job's message (`shift.badDuration`) keeps its wording.
 */
export function duration(opts: { read: (text: string) => number | null; min: number; max: number } & Worded): ParamType<number> {
  const key = opts.message ?? "argError.duration";
  return {
    kind: "duration",
    min: opts.min,
    max: opts.max,
    parse(raw) {
      const minutes = typeof raw === "string" ? opts.read(raw) : null;
      if (minutes === null || minutes < opts.min || minutes > opts.max) return fail(key, { min: opts.min, max: opts.max });
      return { ok: true, value: minutes };
    },
  };
}

/**
 * A date and time, read by the job's own parser (shifts read ahead, canvass incidents behind),
 * which names its own problems. Text over `max` characters is refused first.
 */
export function when<T>(opts: { read: (text: string, env: ParseEnv) => Parsed<T>; max: number }): ParamType<T> {
  const length = text({ max: opts.max });
  return {
    kind: "when",
    max: opts.max,
    parse(raw, env) {
      const checked = length.parse(raw, env);
      return checked.ok ? opts.read(checked.value, env) : checked;
    },
  };
}

/**
 * A value a custom binder shapes itself (a list of block pairs, a record of counts), checked by a
 * zod schema; a value that does not fit is answered with the usage line.
 */
export function shaped<T>(kind: ParamKind, schema: z.ZodType<T>): ParamType<T> {
  return {
    kind,
    parse(raw) {
      const result = schema.safeParse(raw);
      return result.success ? { ok: true, value: result.data } : fail("core.usage");
    },
  };
}
