import * as privacy from "../../privacy/messages.js";
import * as core from "./core-messages.js";
import * as zones from "./zone-messages.js";
import { renderMessage } from "./render.js";

/**
 * Every job's English messages, merged in by declaration: a job's messages file adds its keys with
 *
 * ```ts
 * declare module "../core/i18n/catalog.js" {
 *   interface JobMessageKeys extends Record<keyof typeof en, string> {}
 * }
 * ```
 *
 * so `MessageKey` covers every job's keys for type checks while the core imports no job. Each
 * job's Spanish catalog is typed as a complete record of its English keys, so a key missing in a
 * language fails the build; a test also compares placeholders.
 */
// biome-ignore lint/suspicious/noEmptyInterface: jobs extend it by declaration merging.
export interface JobMessageKeys {}

/** The core's own messages (privacy is a core feature: every job reports to it). */
const coreEn = { ...core.en, ...privacy.en, ...zones.en };
const coreEs = { ...core.es, ...privacy.es, ...zones.es };

/** Languages the bot speaks. */
export type Lang = "en" | "es";
/** Every message key: the core's and, by declaration merging, every job's. */
export type MessageKey = keyof typeof coreEn | keyof JobMessageKeys;
/** Values that fill a message's arguments (`{name}`, `{count, plural, …}`, `{kind, select, …}`). */
export type MessageParams = Record<string, string | number>;

/**
 * The whole catalog at run time: the core's messages, and each job's once registered
 * (`registerMessages`, which the app does for the jobs it lists).
 */
export const catalogs: Record<Lang, Record<MessageKey, string>> = {
  en: { ...coreEn } as Record<MessageKey, string>,
  es: { ...coreEs } as Record<MessageKey, string>,
};

/**
 * Add a job's messages to the catalog. Registering the same messages again changes nothing; a key
 * another module already gave a different text is a programming error and throws.
 */
export function registerMessages(messages: { en: Readonly<Record<string, string>>; es: Readonly<Record<string, string>> }): void {
  for (const lang of LANGS) {
    const target = catalogs[lang] as Record<string, string>;
    for (const [key, text] of Object.entries(messages[lang])) {
      const had = target[key];
      if (had !== undefined && had !== text) throw new Error(`message key "${key}" is defined twice with different texts`);
      target[key] = text;
    }
  }
}

/** All languages, for validation and menus. */
export const LANGS: readonly Lang[] = ["en", "es"];

/** True when `value` is a language the bot speaks. */
export function isLang(value: string | null | undefined): value is Lang {
  return value === "en" || value === "es";
}

/**
 * Render `key` in `lang`: the message is ICU MessageFormat (see render.ts), so plural and select
 * forms follow CLDR rules. A placeholder without a value is left visible rather than failing, so a
 * missing value shows up in tests instead of crashing a reply.
 */
export function t(lang: Lang, key: MessageKey, params: MessageParams = {}): string {
  const template: string | undefined = catalogs[lang][key];
  if (template === undefined) throw new Error(`message key "${key}" is not registered: is its job listed (registerJobMessages)?`);
  return renderMessage(lang, template, params);
}

/**
 * Render `key` with `count` as its `{count, plural, …}` argument; the same as `t` with `count` in
 * `params`, kept so call sites that count things read as such.
 */
export function tn(lang: Lang, key: MessageKey, count: number, params: MessageParams = {}): string {
  return t(lang, key, { ...params, count });
}

/** Pick the language for a platform locale hint such as `es-MX` or `es`; undefined when unknown. */
export function langFromLocale(locale: string | undefined): Lang | undefined {
  const base = locale?.toLowerCase().split(/[-_]/)[0];
  return isLang(base) ? base : undefined;
}
