/**
 * Making people's text inert on the way in. Everything a member types (command arguments: names,
 * places, labels, notes) and every display name a platform hands over passes through here once, in
 * the core, before it is parsed or stored; the adapters then only deal with their own markup on the
 * way out (see `escapeDiscord`, Matrix `m.mentions`, `wellFormed`).
 *
 * Removed: control characters (C0 but line feed, C1), bidirectional overrides, embeddings, isolates
 * and marks (U+202A–202E, U+2066–2069, U+200E/200F, U+061C), zero-width and other invisible format
 * characters (Unicode category Cf: U+200B–200D, U+2060–2064, U+FEFF, soft hyphen, tag characters...)
 * and the Hangul fillers that pass for blank names. They can reverse a name on screen ("Beto" shown
 * for another string), hide words, or make two names look the same.
 *
 * Kept: emoji, because the joiner inside 👩‍👩‍👧 and the tags inside a subdivision flag are part of
 * one picture (a joiner is kept only between two pictographs, tags only after 🏴); line feeds where
 * the text may span lines; tabs become spaces, and a carriage return a line feed.
 *
 * Marker: each run of removed characters becomes one U+FFFD "�", the replacement character every
 * font draws and people read as "something was here", so a disguised name stays visibly odd rather
 * than silently passing as another. The same character stands in for a lone surrogate.
 */

/** What stands where something invisible or unsafe was removed. */
export const REMOVED_MARKER = "\uFFFD";

/** Lone halves of surrogate pairs. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Removed: controls, format characters (every bidi control and zero-width character), Hangul fillers, line and paragraph separators. */
const UNSAFE = /^[\p{Cc}\p{Cf}\u115F\u1160\u3164\uFFA0\u2028\u2029\uFFFD]$/u;
const PICTOGRAPH = /^(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\uFE0F)$/u;
const ZWJ = "\u200D";
const BLACK_FLAG = "\u{1F3F4}";

/** Replace lone surrogates (text a platform would refuse as not UTF-8) with U+FFFD. */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, REMOVED_MARKER);
}

/** Whether the format character at `i` is part of an emoji: a joiner between pictographs, or a tag after 🏴. */
function partOfEmoji(chars: readonly string[], i: number, kept: readonly string[]): boolean {
  const c = chars[i]!;
  const before = kept[kept.length - 1] ?? "";
  if (c === ZWJ) return PICTOGRAPH.test(before) && /^\p{Extended_Pictographic}$/u.test(chars[i + 1] ?? "");
  const cp = c.codePointAt(0)!;
  if (cp < 0xe0020 || cp > 0xe007f) return false;
  // Tags follow the flag directly or another kept tag.
  const prev = before.codePointAt(0) ?? 0;
  return before === BLACK_FLAG || (prev >= 0xe0020 && prev <= 0xe007f);
}

/**
 * `text` with unsafe characters removed, each run marked with {@link REMOVED_MARKER}. Line breaks
 * survive when `multiline`, else they become spaces (names, labels).
 */
export function inertText(text: string, opts: { multiline: boolean } = { multiline: true }): string {
  const chars = [...wellFormed(text).replace(/\r\n?/g, "\n").replace(/\t/g, " ")];
  const kept: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === "\n") kept.push(opts.multiline ? c : " ");
    else if (!UNSAFE.test(c) || partOfEmoji(chars, i, kept)) kept.push(c);
    else if (kept[kept.length - 1] !== REMOVED_MARKER) kept.push(REMOVED_MARKER);
  }
  return kept.join("");
}

/** True when `text` would come out of {@link inertText} unchanged (multi-line form). */
export function isInert(text: string): boolean {
  return inertText(text) === text;
}
