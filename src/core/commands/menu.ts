import { t } from "../i18n/catalog.js";
import type { CommandMenuParam } from "../port.js";
import type { AnyParam } from "./params.js";

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
    ...(choices ? { choices: choices.map((c) => ({ value: c.value, label: { en: c.en, es: c.es } })) } : {}),
  };
}
