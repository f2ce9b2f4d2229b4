import type { z } from "zod";
import type { Access } from "../auth.js";
import type { CommandContext } from "../context.js";
import { type Lang, type MessageKey, t } from "../i18n/catalog.js";
import type { CommandMenuEntry } from "../port.js";
import { foldWord, type Token } from "./grammar.js";

/** One parameter, for binding tokens and for the usage line. */
export interface ParamSpec {
  /** Catalog key of the label shown in usage lines (e.g. `param.when` -> WHEN / CUANDO). */
  label: MessageKey;
  optional?: boolean;
  /** Takes all remaining tokens as one text. Only the last parameter may. */
  rest?: boolean;
}

/**
 * A command, described once for every platform: its words in English and Spanish, the role it needs,
 * its parameters, how its arguments are validated, and what it does. Handlers are synchronous and run
 * inside one database transaction; they express output through the context, which sends after commit.
 */
export interface CommandSpec<A = unknown> {
  /** Stable id, also the action name of its buttons: `shift.new`, `signup`. */
  id: string;
  /** English words, e.g. ["shift", "new"]. */
  words: readonly string[];
  /** Spanish words, e.g. ["turno", "nuevo"]. */
  esWords?: readonly string[];
  /** Further accepted spellings. */
  aliases?: readonly (readonly string[])[];
  summary: MessageKey;
  params: readonly ParamSpec[];
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
   * `/network create` as a network created.
   */
  limit?: "reports" | "networks";
  /**
   * Never limited, not even by the commands-per-minute limit: verifiers' votes and alert
   * broadcasts must get through whatever else the person or chat did.
   */
  unlimited?: boolean;
  /** Whether a button may trigger it (its payload is then the argument text). */
  button?: boolean;
  /** Map tokens to the raw object `schema` checks. Default: one field per param, named p0, p1, ... */
  bind?: (tokens: Token[]) => unknown;
  schema: z.ZodType<A>;
  run(ctx: CommandContext, args: A): void;
}

/** A spec with its argument type erased, for storage in the registry. */
// biome-ignore lint/suspicious/noExplicitAny: the registry holds commands of every argument type.
export type AnyCommand = CommandSpec<any>;

/** Define a command with its argument type inferred from its schema. */
export function defineCommand<A>(spec: CommandSpec<A>): CommandSpec<A> {
  return spec;
}

/** The outcome of looking a typed command up. */
export type Resolution =
  /** `spoken` is the language of the words typed, when they belong to one only (`/ayuda`: es). */
  | { kind: "command"; spec: AnyCommand; tokens: Token[]; spoken?: Lang }
  | { kind: "group"; word: string; specs: AnyCommand[] }
  | { kind: "unknown" };

/** Default binding: positional tokens to p0..pN, a `rest` parameter taking what is left. */
export function bindPositional(params: readonly ParamSpec[], tokens: Token[]): Record<string, string> | null {
  const out: Record<string, string> = {};
  let i = 0;
  for (const [n, param] of params.entries()) {
    if (param.rest) {
      const rest = tokens.slice(i).map((tk) => tk.text);
      if (rest.length > 0) out[`p${n}`] = rest.join(" ");
      i = tokens.length;
      continue;
    }
    const token = tokens[i];
    if (token !== undefined) out[`p${n}`] = token.text;
    i++;
  }
  return i < tokens.length ? null : out;
}

/** All commands, looked up by their words in either language. */
export class Registry {
  private readonly byPath = new Map<string, AnyCommand>();
  private readonly groups = new Map<string, AnyCommand[]>();
  /** The language of a command's words, for words that are one language's only (aliases are neither). */
  private readonly pathLang = new Map<string, Lang>();
  readonly all: AnyCommand[] = [];

  add(...specs: AnyCommand[]): this {
    for (const spec of specs) {
      this.all.push(spec);
      const paths = [spec.words, ...(spec.esWords ? [spec.esWords] : []), ...(spec.aliases ?? [])];
      const en = spec.words.map(foldWord).join(" ");
      const es = spec.esWords?.map(foldWord).join(" ");
      if (es !== undefined && es !== en) {
        this.pathLang.set(en, "en");
        this.pathLang.set(es, "es");
      }
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
    const params = spec.params.map((p) => {
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
      };
      if (spec.words.length > 1) {
        entry.subcommands = [...(entry.subcommands ?? []), { name: spec.words[1]!, description, usage: this.usage(spec, "en") }];
      }
      entries.set(name, entry);
    }
    return [...entries.values()];
  }
}
