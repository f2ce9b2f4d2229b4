/**
 * Discord's rules for application commands, as the real API enforces them on PUT (400 Invalid
 * Form Body otherwise): names, descriptions and their localizations, at most 25 options, required
 * options before optional ones, sub-commands not mixed with plain options, choices, bounds.
 */

const NAME = /^[-_\p{L}\p{N}]{1,32}$/u;
/** Locales Discord accepts in `*_localizations` (the ones this project may use, and more). */
const LOCALES = new Set(["en-US", "en-GB", "es-ES", "es-419", "pt-BR", "fr", "de"]);
const STRING = 3;
const INTEGER = 4;
const NUMBER = 10;
const LEAF_TYPES = new Set([3, 4, 5, 6, 7, 8, 9, 10, 11]);

type Json = Record<string, unknown>;

function validName(name: unknown): boolean {
  return typeof name === "string" && NAME.test(name) && name === name.toLowerCase();
}

function validText(text: unknown, max: number): boolean {
  return typeof text === "string" && text.length >= 1 && text.length <= max;
}

/** Localizations: known locales, each value obeying `check`. */
function localizationsProblem(value: unknown, check: (v: unknown) => boolean, what: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "object") return `${what} must be an object`;
  for (const [locale, v] of Object.entries(value as Json)) {
    if (!LOCALES.has(locale)) return `${what}: unknown locale ${locale}`;
    if (!check(v)) return `${what}.${locale} is invalid`;
  }
  return null;
}

function namedProblem(o: Json, where: string): string | null {
  if (!validName(o.name)) return `${where}: invalid name ${String(o.name)}`;
  if (!validText(o.description, 100)) return `${where}: description must be 1-100 characters`;
  return (
    localizationsProblem(o.name_localizations, validName, `${where}.name_localizations`) ??
    localizationsProblem(o.description_localizations, (v) => validText(v, 100), `${where}.description_localizations`)
  );
}

function leafProblem(o: Json, where: string): string | null {
  if (!LEAF_TYPES.has(Number(o.type))) return `${where}: unknown option type ${String(o.type)}`;
  const choices = o.choices as Json[] | undefined;
  if (choices !== undefined) {
    if (![STRING, INTEGER, NUMBER].includes(Number(o.type))) return `${where}: choices on a type that has none`;
    if (!Array.isArray(choices) || choices.length > 25) return `${where}: at most 25 choices`;
    if (o.autocomplete === true && choices.length > 0) return `${where}: autocomplete with choices`;
    for (const c of choices) {
      if (!validText(c.name, 100)) return `${where}: a choice name must be 1-100 characters`;
      const bad = localizationsProblem(c.name_localizations, (v) => validText(v, 100), `${where}.choice.name_localizations`);
      if (bad) return bad;
      if (Number(o.type) === STRING ? typeof c.value !== "string" || c.value.length > 100 : typeof c.value !== "number") return `${where}: bad choice value`;
    }
  }
  if ((o.min_value !== undefined || o.max_value !== undefined) && ![INTEGER, NUMBER].includes(Number(o.type))) return `${where}: bounds on a non-number`;
  if ((o.min_length !== undefined || o.max_length !== undefined) && Number(o.type) !== STRING) return `${where}: lengths on a non-string`;
  if (o.min_length !== undefined && !(Number(o.min_length) >= 0 && Number(o.min_length) <= 6000)) return `${where}: min_length out of range`;
  if (o.max_length !== undefined && !(Number(o.max_length) >= 1 && Number(o.max_length) <= 6000)) return `${where}: max_length out of range`;
  return null;
}

/** Options of a command or sub-command: at most 25, unique names, required first. */
function optionsProblem(options: unknown, where: string, depth: number): string | null {
  if (options === undefined) return null;
  if (!Array.isArray(options) || options.length > 25) return `${where}: at most 25 options`;
  const list = options as Json[];
  const subs = list.filter((o) => o.type === 1 || o.type === 2);
  if (subs.length > 0 && subs.length !== list.length) return `${where}: sub-commands mixed with options`;
  const names = new Set<string>();
  let optionalSeen = false;
  for (const o of list) {
    const at = `${where}.${String(o.name)}`;
    const bad = namedProblem(o, at);
    if (bad) return bad;
    if (names.has(String(o.name))) return `${at}: duplicate name`;
    names.add(String(o.name));
    if (o.type === 1 || o.type === 2) {
      if (depth >= 2 || (o.type === 2 && depth >= 1)) return `${at}: nested too deep`;
      const inner = optionsProblem(o.options, at, depth + 1);
      if (inner) return inner;
      continue;
    }
    const leaf = leafProblem(o, at);
    if (leaf) return leaf;
    if (o.required === true && optionalSeen) return `${at}: a required option after an optional one`;
    if (o.required !== true) optionalSeen = true;
  }
  return null;
}

/** Why Discord would refuse this chat-input command, or null when it would take it. */
export function commandProblem(c: Json): string | null {
  return namedProblem(c, String(c.name)) ?? optionsProblem(c.options, String(c.name), 0);
}
