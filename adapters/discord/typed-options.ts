/**
 * The core's typed parameters -> Discord options: a member is a USER picker, a number an INTEGER
 * with its bounds, a fixed choice a STRING with `choices`, text a STRING with its length limits;
 * names and descriptions localized for Spanish. Options keep the core's order (required before
 * optional, as Discord demands; named ones last), so reading back needs only the registered list.
 * Pure functions.
 */
import { ApplicationCommandOptionType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from "discord.js";
import type { CommandMenuParam } from "../../src/core/port.js";
import type { DeclaredOption } from "./translate.js";

type OptionJSON = NonNullable<RESTPostAPIChatInputApplicationCommandsJSONBody["options"]>[number];

/** Discord's rule for command and option names (lower case is checked apart). */
const NAME = /^[-_\p{L}\p{N}]{1,32}$/u;
/** The Spanish locales Discord knows: Spain and Latin America. */
export const SPANISH_LOCALES = ["es-ES", "es-419"] as const;
/** Discord allows at most this many options, and this many choices, per command. */
const MAX_OPTIONS = 25;
const MAX_CHOICES = 25;

/** True for a name Discord accepts: 1-32 letters, digits, `-` or `_`, lower case. */
export function validName(name: string | undefined): name is string {
  return typeof name === "string" && NAME.test(name) && name === name.toLowerCase();
}

/** A text cut to Discord's 1-100 characters for descriptions. */
export function text100(value: string, fallback: string): string {
  const v = value.trim() || fallback;
  return v.length > 100 ? `${v.slice(0, 99)}…` : v;
}

/** The same value for every Spanish locale. */
export function spanish<T>(value: T): Record<string, T> {
  return Object.fromEntries(SPANISH_LOCALES.map((l) => [l, value]));
}

/**
 * An option name from a usage label (`CUÁNDO` -> `cuándo`, `zona=ETIQUETA` -> `zona`), or
 * undefined when the label is not one word (`puertas=N atendieron=N`, `CUADRA ["ETIQUETA"]`).
 */
function nameFromLabel(label: string, named: boolean): string | undefined {
  const word = (named ? label.split("=")[0]! : label).trim().toLowerCase().replace(/\s+/g, "-");
  return validName(word) && (named || !label.includes("=")) ? word : undefined;
}

/** One parameter as a Discord option (type, bounds, choices, Spanish name and description). */
function optionFor(p: CommandMenuParam, esName: string | undefined): OptionJSON {
  const base = {
    name: p.name,
    // A trailing "…" marks the rest of the line (read back after a restart by declaredFromRegistered).
    description: text100(p.rest ? `${p.label.en}…` : p.label.en, p.name),
    description_localizations: spanish(text100(p.label.es, p.name)),
    ...(esName && esName !== p.name ? { name_localizations: spanish(esName) } : {}),
    required: !p.optional,
  };
  if (p.kind === "member") return { ...base, type: ApplicationCommandOptionType.User };
  if (p.kind === "number") {
    return {
      ...base,
      type: ApplicationCommandOptionType.Integer,
      ...(p.min !== undefined ? { min_value: p.min } : {}),
      ...(p.max !== undefined ? { max_value: p.max } : {}),
      ...(p.autocomplete ? { autocomplete: true } : {}),
    };
  }
  if (p.kind === "choice" && p.choices && p.choices.length > 0 && p.choices.length <= MAX_CHOICES) {
    return {
      ...base,
      type: ApplicationCommandOptionType.String,
      choices: p.choices.map((c) => ({ name: text100(c.label.en, c.value), name_localizations: spanish(text100(c.label.es, c.value)), value: c.value })),
    };
  }
  // Texts carry their length limits; `when` text its longest; a duration is read from text (`2h`).
  const lengths =
    p.kind === "text"
      ? { ...(p.min !== undefined ? { min_length: Math.min(p.min, 6000) } : {}), ...(p.max !== undefined ? { max_length: Math.min(p.max, 6000) } : {}) }
      : p.kind === "when" && p.max !== undefined
        ? { max_length: Math.min(p.max, 6000) }
        : {};
  return { ...base, type: ApplicationCommandOptionType.String, ...lengths, ...(p.autocomplete ? { autocomplete: true } : {}) };
}

/** How an option's value goes back into the core's argument text. */
function declaredOf(p: CommandMenuParam): DeclaredOption {
  return {
    name: p.name,
    verbatim: p.rest,
    ...(p.kind === "member" ? { user: true } : {}),
    ...(p.named ? { named: true } : {}),
  };
}

/**
 * Discord options for typed parameters, required ones first, and the order the core declares them
 * in. Null when a parameter cannot be an option (a name Discord refuses, too many): the command
 * then falls back to what its usage line gives.
 */
export function typedOptions(params: readonly CommandMenuParam[]): { options: OptionJSON[]; declared: DeclaredOption[] } | null {
  if (params.length > MAX_OPTIONS || params.some((p) => !validName(p.name))) return null;
  const taken = new Set(params.map((p) => p.name));
  const esNames = params.map((p) => {
    const es = nameFromLabel(p.label.es, p.named);
    if (!es || es === p.name) return undefined;
    if (taken.has(es)) return undefined;
    taken.add(es);
    return es;
  });
  // Discord cannot leave a gap: an optional parameter before a required one is required here (the
  // member of `/role grant`, which elsewhere a reply may give, is picked). Named ones go last.
  const lastRequired = params.findLastIndex((p) => !p.optional && !p.named);
  const shaped = params.map((p, i) => (p.optional && !p.named && i < lastRequired ? { ...p, optional: false } : p));
  const order = [...shaped.filter((p) => !p.named), ...shaped.filter((p) => p.named)];
  const options = order.map((p) => optionFor(p, esNames[params.findIndex((q) => q.name === p.name)]));
  return { options, declared: order.map(declaredOf) };
}
