import { foldWord } from "../core/commands/grammar.js";

/**
 * What a chat that is not end-to-end encrypted may be told about where a sighting is: the streets,
 * without house or flat numbers. `1420 Elm St, apt 3` becomes `Elm St`; `Elm & 5th` stays.
 */
export function coarsenPlace(place: string): string {
  const coarse = place
    // Flat, unit and house-number markers with their numbers.
    .replace(/\b(?:apt|apartment|unit|suite|ste|depto|departamento|dpto|piso|interior|int)\.?\s*#?\s*[\w-]+/giu, " ")
    .replace(/#\s*[\w-]+/gu, " ")
    // Bare numbers standing for a house (`1420 Elm`, `Elm 1420`, `No. 12`), not ordinals such as 5th or 3a.
    .replace(/\b(?:no\.?|n[º°]\.?|num\.?)\s*\d+\b/giu, " ")
    .replace(/(^|[\s,])\d{1,6}[a-z]?(?=$|[\s,])/giu, "$1 ")
    .replace(/\s*,\s*(,\s*)+/g, ", ")
    .replace(/\s+/g, " ")
    .replace(/^[\s,]+|[\s,]+$/g, "")
    .trim();
  return coarse;
}

/**
 * A key under which reports about the same place meet: the coarse place folded (case, accents,
 * punctuation), so `Elm St & 5th` and `elm st and 5th` group together.
 */
export function placeKey(place: string): string {
  return foldWord(coarsenPlace(place))
    .replace(/\s(?:and|y|&)\s/g, " ")
    .replace(/\b(?:street|st|avenue|ave|av|calle|road|rd|near|cerca de)\b\.?/g, " ")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}
