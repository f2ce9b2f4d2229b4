import { foldWord } from "../core/commands/grammar.js";

/** Flat, unit, floor and lot markers (English and Spanish) with the number that follows them. */
const UNIT =
  /(?:^|\s)(?:apt|apartment|unit|suite|ste|fl|floor|rm|room|bldg|building|space|spc|lot|trlr|depto|departamento|dpto|dept|piso|interior|int|casa|lote|local|oficina|of|mz|mza|manzana|lt|no|n[º°o]|num|núm|numero|número)\.?\s*(?:#\s*)?[\p{L}\p{N}]*\p{N}[\p{L}\p{N}/-]*/giu;
/** `#12`, `# 12-34`, `#3B`: a number sign and what follows. */
const NUMBER_SIGN = /#\s*[\p{L}\p{N}/-]+/gu;
/**
 * Where a cross street, a second street or a nearby point begins: the area keeps the first street
 * only, since a corner is as exact as a house (`&`, `and`, `y`, `esq.`, `/`, `@`, `at`, `near`,
 * `between`, `entre`, `con`, `corner of`; `60 x 45` as Yucatán writes corners).
 */
const CROSS = /\s*(?:&|\/|@|\+|\s(?:and|y|at|near|by|between|off|corner|cerca|entre|esq|esquina|con|frente|junto)\b\.?)\s*/iu;
/** Words after which a number names the street itself (`Calle 5`, `Avenida 3`, `Hwy 101`), not a house. */
const STREET_TYPES = new Set([
  "calle", "cl", "avenida", "av", "ave", "avda", "carrera", "cra", "kr", "diagonal", "dg", "transversal", "tv", "circunvalar",
  "highway", "hwy", "route", "rte", "ruta", "carretera", "autopista", "road", "street", "county", "eje", "periférico", "anillo",
]);
/** Ordinals that are street names (`5th`, `1st`, `3a`, `5ta`, `10º`). */
const ORDINAL = /^\d+(?:st|nd|rd|th|a|o|ta|to|va|vo|ra|ro|da|do|er|ero|era|ª|º|°)\.?$/iu;
/** A token with a digit: a house or unit number unless it is an ordinal or names a street. */
const HAS_DIGIT = /\p{N}/u;
/** Leading words of a cross-street phrase left without its streets (`corner of`, `esquina de`). */
const LEAD_WORDS = /^(?:the\s+)?(?:corner|esquina|cerca|near|block|cuadra)(?:\s+(?:of|de|del))?\s+/iu;

/**
 * What a chat that is not end-to-end encrypted may be told about where a sighting is: the first
 * street (and the neighbourhood or city after a comma), without house, unit, lot or cross-street
 * numbers. `1420-B Elm St, apt 3` becomes `Elm St`; `Calle 5 #12-34` becomes `Calle 5`; `Elm & 5th`
 * becomes `Elm`, since a corner is as exact as an address.
 */
export function coarsenPlace(place: string): string {
  const text = place
    .normalize("NFKC")
    .replace(/[\u00AD\u200B-\u200F\u2060\uFEFF]/gu, "")
    .replace(UNIT, " ")
    .replace(NUMBER_SIGN, " ")
    // Half addresses (`1420 1/2 Elm St`) and hundred blocks (`the 1400 block of Elm St`).
    .replace(/(^|\s)\d+\s*\/\s*\d+(?=\s|$)/gu, "$1 ")
    .replace(/\b(?:the\s+)?\d+\s*(?:block|cuadra)\s+(?:of|de|del)\s+/giu, " ")
    .replace(/(\d)\s*x\s*(\d)/giu, "$1 & $2");
  const segments = text.split(/[,;|()]+/u).map((seg) => coarseSegment(seg.replace(LEAD_WORDS, "")));
  return segments
    .filter((seg) => seg.length > 0)
    .join(", ")
    .replace(/\s+/gu, " ")
    .trim();
}

/** One comma-separated part of a place: its first street, without numbers that point at a house. */
function coarseSegment(segment: string): string {
  const first = segment.trim().replace(LEAD_WORDS, "").split(CROSS)[0] ?? "";
  const kept: string[] = [];
  let previous = "";
  for (const token of first.split(/\s+/u)) {
    const bare = token.replace(/^[.\-–—:]+|[.\-–—:]+$/gu, "");
    if (!bare) continue;
    // Only a street type that starts the street names it by number: `Calle 5`, not `5ta Avenida 300`.
    const namesStreet = kept.length === 1 && STREET_TYPES.has(previous.toLowerCase().replace(/\.$/u, ""));
    if (HAS_DIGIT.test(bare) && !ORDINAL.test(bare) && !(namesStreet && /^\d{1,3}[a-z]?$/iu.test(bare)) && !/^(?:I|US|CA|SR)-\d+$/u.test(bare)) {
      previous = "";
      continue;
    }
    kept.push(bare);
    previous = bare;
  }
  // A segment left with only a street type or a filler word says nothing about the street.
  if (kept.length === 1 && STREET_TYPES.has(kept[0]!.toLowerCase().replace(/\.$/u, "")) && !/\p{N}/u.test(kept[0]!)) return "";
  return kept.join(" ");
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
