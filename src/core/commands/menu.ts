import { t } from "../i18n/catalog.js";
import type { CommandMenuParam } from "../port.js";
import type { Lang } from "../i18n/catalog.js";
import type { AnyParam, Choice } from "./params.js";

/** What a choice's value reads as on a button or in a menu, in `lang`. */
export function choiceLabel(c: Choice, lang: Lang): string {
  return c.label ? t(lang, c.label) : c[lang];
}

/** A declared parameter in the port's data-only shape, for adapters that render parameters natively. */
export function menuParam(p: AnyParam): CommandMenuParam {
  const { kind, min, max, choices } = p.type;
  return {
    name: p.name,
    kind,
    label: { en: t("en", p.label), es: t("es", p.label) },
    optional: p.optional,
    rest: p.rest,
    named: p.option,
    ...(min !== undefined ? { min } : {}),
    ...(max !== undefined ? { max } : {}),
    ...(choices ? { choices: choices.map((c) => ({ value: c.value, label: { en: choiceLabel(c, "en"), es: choiceLabel(c, "es") } })) } : {}),
  };
}
