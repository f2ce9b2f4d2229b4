/**
 * The few texts the adapter itself shows (refusals Discord requires an answer for), in English
 * and Spanish. Everything else the person reads comes from the core's catalogs.
 */
import { isSpanish } from "./translate.js";

const TEXTS = {
  otherGuild: {
    en: "Porchlight is not set up for this server.",
    es: "Porchlight no está configurado para este servidor.",
  },
  staleButton: {
    en: "This button is no longer valid.",
    es: "Este botón ya no es válido.",
  },
} as const;

/** A notice in the person's language (Spanish for es-*, English otherwise). */
export function notice(key: keyof typeof TEXTS, locale: string | undefined): string {
  return isSpanish(locale) ? TEXTS[key].es : TEXTS[key].en;
}
