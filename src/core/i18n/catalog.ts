import * as alerts from "../../alerts/messages.js";
import * as canvass from "../../canvass/messages.js";
import * as privacy from "../../privacy/messages.js";
import * as shifts from "../../shifts/messages.js";
import * as core from "./core-messages.js";
import { renderMessage } from "./render.js";

/**
 * The whole catalog: the core's messages and each job's, merged. A job adds its messages file here.
 * Spanish catalogs are typed as complete records of the English keys, so a missing key fails the build;
 * a test also compares placeholders.
 */
export const catalogs = {
  en: { ...core.en, ...shifts.en, ...canvass.en, ...privacy.en, ...alerts.en },
  es: { ...core.es, ...shifts.es, ...canvass.es, ...privacy.es, ...alerts.es },
} as const;

/** Languages the bot speaks. */
export type Lang = keyof typeof catalogs;
/** Every message key. */
export type MessageKey = keyof (typeof catalogs)["en"];
/** Values that fill a message's arguments (`{name}`, `{count, plural, …}`, `{kind, select, …}`). */
export type MessageParams = Record<string, string | number>;

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
  return renderMessage(lang, catalogs[lang][key], params);
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
