import { foldWord } from "../commands/grammar.js";
import type { Lang } from "./catalog.js";

/** What people type to name a language, accents and case aside: codes, and names in either language. */
const NAMES: Record<string, Lang> = {
  en: "en",
  eng: "en",
  english: "en",
  ingles: "en",
  es: "es",
  esp: "es",
  spa: "es",
  spanish: "es",
  espanol: "es",
  castellano: "es",
};

/**
 * The language a person named: `en`, `es`, `english`, `spanish`, `inglés`, `ingles`, `español`,
 * `espanol`. Null for anything else, so a typo is refused rather than guessed.
 */
export function readLangName(text: string): Lang | null {
  return NAMES[foldWord(text.trim())] ?? null;
}
