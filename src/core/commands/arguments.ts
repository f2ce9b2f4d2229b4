import { type Lang, type MessageParams, t } from "../i18n/catalog.js";
import { truncate } from "../text.js";
import type { Token } from "./grammar.js";
import type { AnyParam, ParseEnv } from "./params.js";

/** What binding made of the tokens: raw values by parameter name. */
export type Bound = Record<string, unknown>;

/**
 * Default binding: positional tokens to the declared parameters in order, a `rest` parameter taking
 * what is left. Null when there are more tokens than parameters. `option` parameters are left to
 * the command's own binder.
 */
export function bindPositional(params: readonly AnyParam[], tokens: readonly Token[]): Bound | null {
  const out: Bound = {};
  let i = 0;
  for (const param of params) {
    if (param.option) continue;
    if (param.rest) {
      const rest = tokens.slice(i).map((tk) => tk.text);
      if (rest.length > 0) out[param.name] = rest.join(" ");
      i = tokens.length;
      continue;
    }
    const token = tokens[i];
    if (token !== undefined) out[param.name] = token.text;
    i++;
  }
  return i < tokens.length ? null : out;
}

/** A command's binder produced a value for a parameter it does not declare. */
export class UndeclaredParameter extends Error {
  override readonly name = "UndeclaredParameter";
  readonly code = "UNDECLARED_PARAMETER";
  constructor(param: string) {
    super(`binder produced undeclared parameter "${param}"`);
  }
}

/** The outcome of validating bound values: the handler's arguments, or the answer to a refusal. */
export type Validated = { ok: true; args: Record<string, unknown> } | { ok: false; reply: string; missing?: AnyParam };

/** A name in the middle of a sentence: `El número de turno` -> `el número de turno`. */
function inSentence(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/**
 * Read every declared parameter from what was bound, in order. The first one refused is answered
 * with its own message, naming the parameter, what was written and what is allowed; a missing one
 * names itself and shows the usage line.
 */
export function validateArgs(params: readonly AnyParam[], bound: Bound, env: ParseEnv, usage: string): Validated {
  const lang: Lang = env.lang;
  // A binder that makes a name no parameter declares is a programming error, not a member's.
  const stray = Object.keys(bound).find((name) => !params.some((p) => p.name === name));
  if (stray !== undefined) throw new UndeclaredParameter(stray);
  const args: Record<string, unknown> = {};
  for (const param of params) {
    const raw = bound[param.name];
    const name = t(lang, param.noun);
    if (raw === undefined || (typeof raw === "string" && raw.trim() === "" && param.type.kind !== "text")) {
      if (param.optional) continue;
      return { ok: false, reply: t(lang, "argError.missing", { name, nameInSentence: inSentence(name), label: t(lang, param.label), usage }), missing: param };
    }
    if (typeof raw === "string" && raw.trim() === "" && param.optional) continue;
    const parsed = param.type.parse(raw, env);
    if (parsed.ok) {
      args[param.name] = parsed.value;
      continue;
    }
    if (parsed.key === "core.usage") return { ok: false, reply: t(lang, "core.usage", { usage }) };
    if (parsed.key === "argError.tooShort" && typeof raw === "string" && raw.trim() === "") {
      return { ok: false, reply: t(lang, "argError.missing", { name, nameInSentence: inSentence(name), label: t(lang, param.label), usage }) };
    }
    const text = typeof raw === "string" ? raw : "";
    const params: MessageParams = {
      ...parsed.params,
      name,
      nameInSentence: inSentence(name),
      value: truncate(text, 40),
      [param.name]: truncate(text, 80),
    };
    return { ok: false, reply: t(lang, parsed.key, params) };
  }
  return { ok: true, args };
}
