import { IntlMessageFormat } from "intl-messageformat";

/**
 * Renders ICU MessageFormat messages (`{count, plural, one {…} other {…}}`, `{kind, select, …}`)
 * with CLDR plural rules through intl-messageformat. Each message is compiled once per language
 * and kept, so a busy broadcast does not parse the same text again for every chat.
 */

/** Values a message may be given: plain strings and numbers. */
export type RenderValues = Record<string, string | number>;

/** A message that does not parse as ICU MessageFormat: a bug in a catalog, found by the catalog test. */
export class MessageSyntaxError extends Error {
  readonly code = "message_syntax";
  constructor(
    readonly locale: string,
    readonly source: string,
    cause: unknown,
  ) {
    super(`Message does not parse as ICU MessageFormat (${locale}): ${source}`, { cause });
    this.name = "MessageSyntaxError";
  }
}

interface Compiled {
  readonly format: IntlMessageFormat;
  /** Every argument the message names. */
  readonly args: ReadonlySet<string>;
  /** Arguments used as numbers (plural or number), which must stay numbers. */
  readonly numeric: ReadonlySet<string>;
  /** Arguments whose value appears in the text (`{name}`), not only choosing a plural or select form. */
  readonly shown: ReadonlySet<string>;
}

const compiled = new Map<string, Map<string, Compiled>>();

interface AstElement {
  type: number;
  value?: unknown;
  options?: Record<string, { value: AstElement[] }>;
}

// Element types of @formatjs/icu-messageformat-parser: 1 argument, 2 number, 3 date, 4 time, 5 select, 6 plural.
const ARGUMENT_TYPES = new Set([1, 2, 3, 4, 5, 6]);
const NUMERIC_TYPES = new Set([2, 6]);

// Types whose value is printed: a plain argument, or a formatted number, date or time.
const SHOWN_TYPES = new Set([1, 2, 3, 4]);

function collect(elements: readonly AstElement[], found: { args: Set<string>; numeric: Set<string>; shown: Set<string> }): void {
  for (const element of elements) {
    if (ARGUMENT_TYPES.has(element.type) && typeof element.value === "string") {
      found.args.add(element.value);
      if (NUMERIC_TYPES.has(element.type)) found.numeric.add(element.value);
      if (SHOWN_TYPES.has(element.type)) found.shown.add(element.value);
    }
    for (const option of Object.values(element.options ?? {})) collect(option.value, found);
  }
}

function compile(locale: string, source: string): Compiled {
  let byLocale = compiled.get(locale);
  if (!byLocale) {
    byLocale = new Map();
    compiled.set(locale, byLocale);
  }
  let entry = byLocale.get(source);
  if (!entry) {
    let format: IntlMessageFormat;
    try {
      // Tags are plain text here: messages go to chat platforms, not to HTML.
      format = new IntlMessageFormat(source, locale, undefined, { ignoreTag: true });
    } catch (error) {
      throw new MessageSyntaxError(locale, source, error);
    }
    const found = { args: new Set<string>(), numeric: new Set<string>(), shown: new Set<string>() };
    collect(format.getAst() as unknown as AstElement[], found);
    entry = { format, ...found };
    byLocale.set(source, entry);
  }
  return entry;
}

/** Check that `source` parses in `locale`; throws {@link MessageSyntaxError} when it does not. */
export function compileMessage(locale: string, source: string): void {
  compile(locale, source);
}

/** Names of the arguments `source` uses (plain, plural, select), for tests and tooling. */
export function messageArguments(locale: string, source: string): ReadonlySet<string> {
  return compile(locale, source).args;
}

/**
 * Names of the arguments whose value `source` prints (`{name}`), leaving out those that only choose
 * a plural or select form (Spanish may pick "se borra" / "se borran" by a count English never shows).
 */
export function shownArguments(locale: string, source: string): ReadonlySet<string> {
  return compile(locale, source).shown;
}

/**
 * Render `source` in `locale` with `values`. A value the message needs but was not given is shown
 * as `{name}` rather than failing, so a missing value shows up in tests instead of crashing a reply.
 * Plain numbers are shown as given (no digit grouping), as ids and counts always were.
 */
export function renderMessage(locale: string, source: string, values: RenderValues = {}): string {
  const { format, args, numeric } = compile(locale, source);
  const filled: Record<string, string | number> = {};
  for (const name of args) {
    const value = values[name];
    if (value === undefined) filled[name] = `{${name}}`;
    else filled[name] = typeof value === "number" && !numeric.has(name) ? String(value) : value;
  }
  const out = format.format(filled);
  return Array.isArray(out) ? out.join("") : String(out);
}
