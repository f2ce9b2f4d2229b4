import type { Access } from "../auth.js";
import type { CommandContext } from "../context.js";
import type { LimitName } from "../limits.js";
import { catalogs, type Lang, type MessageKey, t } from "../i18n/catalog.js";
import type { CommandMenuEntry } from "../port.js";
import { foldWord, type Token } from "./grammar.js";
import { menuParam } from "./menu.js";
import type { AnyParam, ArgsOf } from "./params.js";

/**
 * A command, described once for every platform: its words in English and Spanish, the role it needs,
 * its parameters, how its arguments are validated, and what it does. Handlers are synchronous and run
 * inside one database transaction; they express output through the context, which sends after commit.
 */
export interface CommandSpec<P extends readonly AnyParam[] = readonly AnyParam[]> {
  /** Stable id, also the action name of its buttons: `shift.new`, `signup`. */
  id: string;
  /** English words, e.g. ["shift", "new"]. */
  words: readonly string[];
  /** Spanish words, e.g. ["turno", "nuevo"]. */
  esWords?: readonly string[];
  /** Further accepted spellings, of no one language (`/sign-up`, `/check-in`). */
  aliases?: readonly (readonly string[])[];
  /**
   * Further Spanish spellings (`/sondeo nuevo`, `/apuntar`, `/alerta`): like `esWords`, typing them
   * says the person reads Spanish.
   */
  esAliases?: readonly (readonly string[])[];
  summary: MessageKey;
  /** The parameters, declared once: usage, help, binding, validation and `run`'s arguments come from them. */
  params: P;
  access: Access;
  /** `group`: refused in a direct chat. */
  where?: "any" | "group";
  /**
   * In a direct chat, a line that is no command but that this command recognises is handed to it
   * whole, as its argument text (a pasted alert goes to /verify). Platforms where every private line
   * reaches the bot (Matrix, the console) get this without anything of their own.
   */
  claimsText?: (line: string) => boolean;
  /**
   * The command reads the argument text exactly as typed, invisible characters included, because
   * they are its evidence (`/verify` names a zero-width space or a direction override inside a word
   * of a pasted alert). Whatever such a command echoes must go through `inertText` itself.
   */
  readsRawText?: true;
  /**
   * A limit of its own, counted only when it succeeds (limits.ts): `/alert` counts as a report,
   * `/network create` as a network created. A refusal is worded by the message `limit.<name>`.
   */
  limit?: LimitName;
  /**
   * Never limited, not even by the commands-per-minute limit: verifiers' votes and alert
   * broadcasts must get through whatever else the person or chat did.
   */
  unlimited?: boolean;
  /** Whether a button may trigger it (its payload is then the argument text). */
  button?: boolean;
  /**
   * Map tokens to raw values by parameter name, where the line has a shape of its own (a WHEN of
   * several words, `key=value` options). Null when the line cannot be read at all (the usage line
   * answers). Default: positional, in declaration order.
   */
  bind?: (tokens: Token[]) => { [K in P[number]["name"]]?: unknown } | null;
  run(ctx: CommandContext, args: ArgsOf<P>): void;
}

/** A spec with its argument type erased, for storage in the registry. */
export type AnyCommand = CommandSpec<readonly AnyParam[]>;

/** Define a command with its arguments' types inferred from its declared parameters. */
export function defineCommand<const P extends readonly AnyParam[]>(spec: CommandSpec<P>): CommandSpec<P> {
  return spec;
}

/** Every way a command may be written: English words, Spanish words, then the aliases of each. */
export function commandPaths(spec: AnyCommand): (readonly string[])[] {
  return [spec.words, ...(spec.esWords ? [spec.esWords] : []), ...(spec.aliases ?? []), ...(spec.esAliases ?? [])];
}

/** The outcome of looking a typed command up. */
export type Resolution =
  /** `spoken` is the language of the words typed, when they belong to one only (`/ayuda`: es). */
  | { kind: "command"; spec: AnyCommand; tokens: Token[]; spoken?: Lang }
  | { kind: "group"; word: string; specs: AnyCommand[] }
  | { kind: "unknown" };

/** All commands, looked up by their words in either language. */
export class Registry {
  private readonly byPath = new Map<string, AnyCommand>();
  private readonly groups = new Map<string, AnyCommand[]>();
  /** The language of a command's words, for words that are one language's only (aliases are neither). */
  private readonly pathLang = new Map<string, Lang>();
  readonly all: AnyCommand[] = [];

  add(...specs: AnyCommand[]): this {
    for (const spec of specs) {
      checkParams(spec);
      this.all.push(spec);
      const paths = commandPaths(spec);
      const en = spec.words.map(foldWord).join(" ");
      const es = spec.esWords?.map(foldWord).join(" ");
      if (es !== undefined && es !== en) {
        this.pathLang.set(en, "en");
        this.pathLang.set(es, "es");
      }
      for (const alias of spec.esAliases ?? []) this.pathLang.set(alias.map(foldWord).join(" "), "es");
      for (const path of paths) {
        const key = path.map(foldWord).join(" ");
        const clash = this.byPath.get(key);
        if (clash && clash !== spec) throw new Error(`command words "${key}" used by both ${clash.id} and ${spec.id}`);
        this.byPath.set(key, spec);
        if (path.length > 1) {
          const head = foldWord(path[0]!);
          const members = this.groups.get(head) ?? [];
          if (!members.includes(spec)) members.push(spec);
          this.groups.set(head, members);
        }
      }
    }
    return this;
  }

  byId(id: string): AnyCommand | undefined {
    return this.all.find((s) => s.id === id);
  }

  /** Find the command for a command word and its argument tokens (sub-command words first). */
  resolve(name: string, tokens: Token[]): Resolution {
    const head = foldWord(name);
    const sub = tokens[0] && !tokens[0].quoted ? foldWord(tokens[0].text) : undefined;
    if (sub !== undefined) {
      const spec = this.byPath.get(`${head} ${sub}`);
      if (spec) return this.found(spec, tokens.slice(1), `${head} ${sub}`);
    }
    const spec = this.byPath.get(head);
    if (spec) return this.found(spec, tokens, head);
    const group = this.groups.get(head);
    if (group) return { kind: "group", word: head, specs: group };
    return { kind: "unknown" };
  }

  private found(spec: AnyCommand, tokens: Token[], path: string): Resolution {
    const spoken = this.pathLang.get(path);
    return spoken ? { kind: "command", spec, tokens, spoken } : { kind: "command", spec, tokens };
  }

  /** The command that recognises a free line in a direct chat, if one does. */
  claimant(line: string): AnyCommand | undefined {
    return this.all.find((spec) => spec.claimsText?.(line));
  }

  /** The usage line of a command in a language: `/shift new WHEN DURATION PLACE CAPACITY [NOTE]`. */
  usage(spec: AnyCommand, lang: Lang): string {
    const words = lang === "es" && spec.esWords ? spec.esWords : spec.words;
    const params = spec.params.filter((p) => p.inUsage).map((p) => {
      const label = t(lang, p.label) + (p.rest ? "…" : "");
      return p.optional ? `[${label}]` : label;
    });
    return [`/${words.join(" ")}`, ...params].join(" ");
  }

  /** The command menu platforms publish (Telegram's setMyCommands, Discord's slash commands). */
  menu(): CommandMenuEntry[] {
    const entries = new Map<string, CommandMenuEntry>();
    for (const spec of this.all) {
      const name = spec.words[0]!;
      const description = { en: t("en", spec.summary), es: t("es", spec.summary) };
      const entry = entries.get(name) ?? {
        name,
        description,
        usage: this.usage(spec, "en"),
        ...(spec.esWords ? { esName: spec.esWords[0] } : {}),
        ...(spec.words.length === 1 ? { params: spec.params.map(menuParam) } : {}),
      };
      if (spec.words.length > 1) {
        const sub = {
          name: spec.words[1]!,
          description,
          usage: this.usage(spec, "en"),
          ...(spec.esWords?.[1] ? { esName: spec.esWords[1] } : {}),
          params: spec.params.map(menuParam),
        };
        entry.subcommands = [...(entry.subcommands ?? []), sub];
      }
      entries.set(name, entry);
    }
    return [...entries.values()];
  }
}

/**
 * A declaration that cannot work fails at start-up, not in a chat: a label or name missing from the
 * catalog, two parameters of one name, a `rest` parameter that is not the last positional one.
 */
function checkParams(spec: AnyCommand): void {
  const names = new Set<string>();
  const positional = spec.params.filter((p) => !p.option);
  for (const p of spec.params) {
    if (names.has(p.name)) throw new Error(`command ${spec.id} declares parameter "${p.name}" twice`);
    names.add(p.name);
    for (const key of [p.label, p.noun]) {
      if (!(key in catalogs.en)) throw new Error(`command ${spec.id}: parameter "${p.name}" needs the message ${key}`);
    }
  }
  positional.forEach((p, i) => {
    if (p.rest && i !== positional.length - 1) throw new Error(`command ${spec.id}: only the last parameter may take the rest of the line`);
  });
}
