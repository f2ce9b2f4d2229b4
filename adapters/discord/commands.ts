/**
 * The core's command menu -> Discord slash-command definitions (with es-ES localizations), the
 * declared option order the translator needs, and a comparison so registration only PUTs when
 * something changed. Pure functions.
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import type { CommandMenuEntry, CommandMenuParam } from "../../src/core/port.js";
import { type DeclaredOption, type DeclaredOptions, FREE_TEXT_OPTION } from "./translate.js";
import { spanish, text100, typedOptions, validName } from "./typed-options.js";

type CommandJSON = RESTPostAPIChatInputApplicationCommandsJSONBody;
type OptionJSON = NonNullable<CommandJSON["options"]>[number];

/** One parsed usage token: `<name>` (required), `[name]` (optional), `...` marks the rest of the line. */
interface UsageParam {
  name: string;
  required: boolean;
  rest: boolean;
}

/**
 * Read a simple usage line (`/signup <shift> [note...]`) into parameters, or null when it is not
 * simple (literals, alternatives, a required after an optional): such commands get one free-text option.
 */
export function parseUsage(usage: string, skipWords: readonly string[]): UsageParam[] | null {
  const words = usage.trim().split(/\s+/).filter(Boolean);
  while (words.length > 0 && skipWords.some((w) => words[0] === w || words[0] === `/${w}`)) words.shift();
  const params: UsageParam[] = [];
  for (const [i, word] of words.entries()) {
    const m = /^(<|\[)([a-z0-9_-]{1,32})(\.\.\.)?(>|\])$/.exec(word);
    if (!m || (m[1] === "<") !== (m[4] === ">")) return null;
    const required = m[1] === "<";
    const rest = m[3] === "...";
    if (rest && i !== words.length - 1) return null;
    if (required && params.some((p) => !p.required)) return null;
    if (params.some((p) => p.name === m[2])) return null;
    params.push({ name: m[2]!, required, rest });
  }
  return params.length <= 25 ? params : null;
}

/** String options for a usage line, plus which of them the translator passes verbatim. */
function optionsFor(usage: string, skipWords: readonly string[]): { options: OptionJSON[]; declared: DeclaredOption[] } {
  if (usage.trim() === "" || parseUsage(usage, skipWords)?.length === 0) return { options: [], declared: [] };
  const params = parseUsage(usage, skipWords) ?? [{ name: FREE_TEXT_OPTION, required: false, rest: true }];
  const options = params.map((p) => ({
    type: ApplicationCommandOptionType.String as const,
    name: p.name,
    // A trailing "…" marks free text (read back after a restart by declaredFromRegistered).
    description: p.name === FREE_TEXT_OPTION ? text100(usage, "arguments") : p.rest ? `${p.name}…` : p.name,
    required: p.required,
  }));
  return { options, declared: params.map((p) => ({ name: p.name, verbatim: p.rest || p.name === FREE_TEXT_OPTION })) };
}

/** Options from the typed parameters where the core declares them, else from the usage line. */
function optionsOf(
  params: readonly CommandMenuParam[] | undefined,
  usage: string,
  skipWords: readonly string[],
): { options: OptionJSON[]; declared: DeclaredOption[] } {
  return (params && typedOptions(params)) || optionsFor(usage, skipWords);
}

/** Slash-command definitions for the menu, and the declared option order for translation. */
export function buildCommands(menu: readonly CommandMenuEntry[], global: boolean): { commands: CommandJSON[]; declared: DeclaredOptions } {
  const declared = new Map<string, DeclaredOption[]>();
  const commands: CommandJSON[] = [];
  for (const entry of menu) {
    if (!validName(entry.name)) continue;
    const skip = [entry.name, ...(entry.esName ? [entry.esName] : [])];
    const command: CommandJSON = {
      type: ApplicationCommandType.ChatInput,
      name: entry.name,
      description: text100(entry.description.en, entry.name),
      description_localizations: spanish(text100(entry.description.es, entry.name)),
      ...(validName(entry.esName) ? { name_localizations: spanish(entry.esName) } : {}),
      ...(global
        ? { contexts: [InteractionContextType.Guild, InteractionContextType.BotDM], integration_types: [ApplicationIntegrationType.GuildInstall] }
        : {}),
    };
    const subs = (entry.subcommands ?? []).filter((s) => validName(s.name)).slice(0, 25);
    if (subs.length > 0) {
      command.options = subs.map((sub) => {
        const { options, declared: order } = optionsOf(sub.params, sub.usage, [...skip, sub.name]);
        declared.set(`${entry.name} ${sub.name}`, order);
        return {
          type: ApplicationCommandOptionType.Subcommand as const,
          name: sub.name,
          description: text100(sub.description.en, sub.name),
          description_localizations: spanish(text100(sub.description.es, sub.name)),
          ...(validName(sub.esName) ? { name_localizations: spanish(sub.esName) } : {}),
          options: options as never,
        };
      });
    } else {
      const { options, declared: order } = optionsOf(entry.params, entry.usage, skip);
      declared.set(entry.name, order);
      if (options.length > 0) command.options = options;
    }
    commands.push(command);
  }
  return { commands: commands.slice(0, 100), declared };
}

/** The fields we set, in a canonical shape, so Discord's defaults and key order do not count as changes. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (!value || typeof value !== "object") return value;
  const o = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const keep = [
    "type",
    "name",
    "description",
    "name_localizations",
    "description_localizations",
    "options",
    "required",
    "contexts",
    "integration_types",
    "choices",
    "value",
    "min_value",
    "max_value",
    "min_length",
    "max_length",
    "autocomplete",
  ];
  for (const key of keep.sort()) {
    let v = o[key];
    if (key === "required") v = v === true;
    else if (key === "type") v = v ?? 1;
    else if (key.endsWith("_localizations")) v = v && Object.keys(v as object).length > 0 ? v : null;
    else if (key === "autocomplete") v = v === true;
    else if (key === "options" || key === "choices") v = Array.isArray(v) && v.length > 0 ? v : null;
    else if (key === "contexts" || key === "integration_types") v = Array.isArray(v) ? [...v].sort() : null;
    if (v !== undefined) out[key] = canonical(v);
  }
  return out;
}

/** True when what Discord holds already equals what we would register. */
export function sameCommands(registered: readonly unknown[], wanted: readonly CommandJSON[]): boolean {
  const key = (list: readonly unknown[]) =>
    JSON.stringify(
      list.map(canonical).sort((a, b) => String((a as { name: string }).name).localeCompare(String((b as { name: string }).name))),
    );
  return key(registered) === key(wanted);
}

/** Declared option order read back from registered commands (after a restart, before publishing). */
export function declaredFromRegistered(registered: readonly unknown[]): DeclaredOptions {
  const declared = new Map<string, DeclaredOption[]>();
  const walk = (path: string, options: unknown) => {
    const list = Array.isArray(options) ? (options as { type: number; name: string; description?: string; options?: unknown }[]) : [];
    const leaves = list.filter((o) => o.type !== ApplicationCommandOptionType.Subcommand && o.type !== ApplicationCommandOptionType.SubcommandGroup);
    declared.set(
      path,
      leaves.map((o) => {
        const description = String(o.description ?? "");
        return {
          name: o.name,
          verbatim: o.name === FREE_TEXT_OPTION || description.endsWith("…"),
          ...(o.type === ApplicationCommandOptionType.User ? { user: true } : {}),
          ...(description.startsWith(`${o.name}=`) ? { named: true } : {}),
        };
      }),
    );
    for (const o of list) if (o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup) walk(`${path} ${o.name}`, o.options);
  };
  for (const c of registered as { name: string; options?: unknown }[]) walk(c.name, c.options);
  return declared;
}
