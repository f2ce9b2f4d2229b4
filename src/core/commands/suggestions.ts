import type { Database } from "better-sqlite3-multiple-ciphers";
import { allows, GRANTED_ROLES, type GrantedRole } from "../auth.js";
import { type Lang, langFromLocale } from "../i18n/catalog.js";
import type { CommandMenuEntry, CommandMenuParam, Platform, SuggestQuery, Suggestion } from "../port.js";
import { type PlaceView, placeView } from "../visibility.js";
import type { CoreServices } from "../context.js";

/**
 * Values suggested while a member types a parameter (Discord autocomplete), contributed by the job
 * that owns what the parameter names: the shifts job suggests `shift` numbers, canvassing its ids.
 * Answered at once from the database, scoped to the chat's network, and showing only what the chat
 * may see (src/core/visibility.ts). A member is offered values only for a command they may run:
 * an infiltrator typing `/confirm` sees no pending reports.
 */

/** What a job's suggester may use: the network's data, the language, and how much the chat may show. */
export interface SuggestEnv {
  db: Database;
  networkId: number;
  tz: string;
  lang: Lang;
  now: number;
  /** Exact places only in a private chat. */
  view: PlaceView;
  /** What has been typed so far (a number's digits, a word of a label). */
  typed: string;
  /** The command's words as registered (`canvass claim`, `confirm`). */
  command: string;
  /** Values already filled in the command's other parameters (a block's canvass number). */
  given: Readonly<Record<string, string>>;
}

/** A job's suggester for the parameters it names. */
export interface ParamSuggester {
  /** Declared parameter names it answers, e.g. `shift`. */
  params: readonly string[];
  suggest(env: SuggestEnv): Suggestion[];
}

/** Discord shows at most 25 choices, each label at most 100 characters. */
const MAX_SUGGESTIONS = 25;
const MAX_LABEL = 100;

/** The suggesters of all jobs, and the answer to a query. */
export class Suggestions {
  constructor(private readonly suggesters: readonly ParamSuggester[]) {}

  /** Parameter names some job suggests values for (for the menu's `autocomplete` marks). */
  get params(): ReadonlySet<string> {
    return new Set(this.suggesters.flatMap((s) => s.params));
  }

  /** Suggestions for `query`; none outside a network or when no job knows the parameter. Never throws. */
  answer(services: CoreServices, query: SuggestQuery): Suggestion[] {
    const suggester = this.suggesters.find((s) => s.params.includes(query.param));
    if (!suggester) return [];
    try {
      const [word = "", ...rest] = query.command.split(/\s+/);
      const found = services.registry.resolve(word, rest.map((text) => ({ text, quoted: false })));
      if (found.kind !== "command" || !found.spec.params.some((p) => p.name === query.param)) return [];
      const platform = query.chat.slice(0, query.chat.indexOf(":")) as Platform;
      const person = query.author ? services.people.find(platform, query.author.id) : null;
      const chat = services.networks.chat(query.chat);
      // A private chat acts in the member's latest network, as its commands do.
      const networkId = query.isDirect ? (person ? services.people.latestNetwork(person.id) : null) : (chat?.networkId ?? null);
      const network = networkId ? services.networks.get(networkId) : null;
      if (!network) return [];
      if (found.spec.access !== "anyone" && found.spec.access !== "member") {
        const roles: Set<GrantedRole> = person ? services.people.roles(network.id, person.id) : new Set();
        if (!query.isDirect) for (const r of query.author?.roles ?? []) if ((GRANTED_ROLES as readonly string[]).includes(r)) roles.add(r as GrantedRole);
        if (!allows(roles, found.spec.access)) return [];
      }
      const e2ee = services.capabilitiesOf(query.chat)?.e2ee ?? false;
      const env: SuggestEnv = {
        db: services.db,
        networkId: network.id,
        tz: network.tz,
        lang: langFromLocale(query.locale) ?? chat?.lang ?? services.defaultLang,
        now: services.clock.now(),
        view: placeView({ isDirect: query.isDirect, e2ee }),
        typed: query.typed.trim(),
        command: found.spec.words.join(" "),
        given: query.given ?? {},
      };
      return suggester
        .suggest(env)
        .slice(0, MAX_SUGGESTIONS)
        .map((s) => ({ value: s.value, label: s.label.length > MAX_LABEL ? `${s.label.slice(0, MAX_LABEL - 1)}…` : s.label }));
    } catch {
      return [];
    }
  }
}

/** The menu with `autocomplete` marked on the number and one-word text parameters some job suggests values for. */
export function withAutocomplete(menu: readonly CommandMenuEntry[], params: ReadonlySet<string>): CommandMenuEntry[] {
  const mark = (list: CommandMenuParam[] | undefined) =>
    list?.map((p) => ((p.kind === "number" || (p.kind === "text" && !p.rest)) && !p.named && params.has(p.name) ? { ...p, autocomplete: true } : p));
  return menu.map((entry) => ({
    ...entry,
    ...(entry.params ? { params: mark(entry.params) } : {}),
    ...(entry.subcommands ? { subcommands: entry.subcommands.map((s) => ({ ...s, ...(s.params ? { params: mark(s.params) } : {}) })) } : {}),
  }));
}
