/**
 * How a pasted or forwarded alert is read back into the exact text that was signed. Platforms and
 * copy-paste change whitespace, line breaks, formatting marks (`*`, `_`, `` ` ``), the code's case
 * and add invisible format characters at the edges of words; nothing else is forgiven. An
 * invisible character inside a word, a direction override or a letter from another script that
 * looks Latin (Cyrillic `а`, Greek `ο`, full-width `Ｅ`) is named, never silently accepted.
 *
 * These functions run in the bot and, as their own source text, inside the offline verifier page
 * (see verifier-page.ts): they use no imports and define no inner functions, so their source is
 * plain JavaScript once types are stripped. Keep them so.
 */

/** The prefix of the bytes a text signature covers, so it can never be taken for another signature. */
export const TEXT_FORMAT = "porchlight-text/1";

/**
 * The line that carries a broadcast's full text signature: `🔏 ` then its 64 bytes in base58
 * (letters and digits only, so no platform's Markdown takes part of it for formatting), perhaps
 * inside bold, italic or code marks a platform added.
 */
export const SEAL_LINE = /^[\s*_`]*🔏[\s*_`]*([1-9A-HJ-NP-Za-km-z]{80,90})[\s*_`]*$/u;

/** Bytes as base58 (Bitcoin's alphabet), for the seal line. */
export function base58Encode(bytes: Uint8Array): string {
  const alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  const digits: number[] = [0];
  for (let i = 0; i < bytes.length; i++) {
    let carry = bytes[i] as number;
    for (let j = 0; j < digits.length; j++) {
      carry += (digits[j] as number) * 256;
      digits[j] = carry % 58;
      carry = Math.floor(carry / 58);
    }
    while (carry > 0) {
      digits.push(carry % 58);
      carry = Math.floor(carry / 58);
    }
  }
  let out = "";
  for (let i = 0; i < bytes.length && bytes[i] === 0; i++) out += "1";
  for (let i = digits.length - 1; i >= 0; i--) out += alphabet[digits[i] as number];
  return out;
}

/** Base58 back to bytes; null when a character is not in the alphabet. */
export function base58Decode(text: string): Uint8Array | null {
  const alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  const bytes: number[] = [0];
  for (let i = 0; i < text.length; i++) {
    let carry = alphabet.indexOf(text[i] as string);
    if (carry < 0) return null;
    for (let j = 0; j < bytes.length; j++) {
      carry += (bytes[j] as number) * 58;
      bytes[j] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  for (let i = 0; i < text.length && text[i] === "1"; i++) bytes.push(0);
  return Uint8Array.from(bytes.reverse());
}

/**
 * The form of a text that is signed and compared: NFC, without the seal line, without formatting
 * marks and invisible format characters, codes in upper case, every run of whitespace one space.
 */
export function normaliseForSignature(text: string): string {
  // A markdown platform's raw copy keeps the backslash before escaped punctuation (Discord's
  // "Copy Text" of `\[`, `\*`): it changes nothing a reader sees.
  const lines = text
    .normalize("NFC")
    .replace(/\\([^\p{L}\p{N}\s])/gu, "$1")
    .split(/\r\n|\r|\n|\u2028|\u2029/);
  const kept: string[] = [];
  for (const line of lines) {
    if (/^[\s*_`]*🔏[\s*_`]*[1-9A-HJ-NP-Za-km-z]{80,90}[\s*_`]*$/u.test(line)) continue;
    kept.push(line);
  }
  return kept
    .join("\n")
    .replace(/[*_`]/g, "")
    .replace(/[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g, "")
    .replace(/\b(\d{1,9}\.\d{1,9}\.\d{1,4}-)([A-Za-z0-9]{10})\b/g, (_m: string, ref: string, chars: string) => ref + chars.toUpperCase())
    .replace(/\s+/gu, " ")
    .trim();
}

/**
 * An invisible character that changes how a word is read or matched: a zero-width or format
 * character between two letters or digits, or a direction override anywhere. Returns the word it
 * is in (with the character removed) and its code point (`U+200B`), or null.
 */
export function findHiddenCharacter(text: string): { word: string; codePoint: string } | null {
  const hidden = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/u;
  const words = text.normalize("NFC").split(/\s+/u);
  for (const word of words) {
    const chars = Array.from(word);
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i] as string;
      if (!hidden.test(ch)) continue;
      const override = /[\u202A-\u202E]/u.test(ch);
      const before = chars.slice(0, i).join("").replace(/[*_`]/g, "");
      const after = chars.slice(i + 1).join("").replace(/[*_`]/g, "");
      const inside = /[\p{L}\p{N}]$/u.test(before) && /^[\p{L}\p{N}]/u.test(after);
      if (override || inside) {
        const cp = ch.codePointAt(0) as number;
        return { word: word.replace(/^\p{P}+|\p{P}+$/gu, "").replace(/[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/gu, ""), codePoint: `U+${cp.toString(16).toUpperCase().padStart(4, "0")}` };
      }
    }
  }
  return null;
}

/**
 * A letter that only looks Latin: in a word that also has Latin letters, a Cyrillic, Greek,
 * Armenian or Cherokee letter; anywhere, a full-width Latin letter or digit. Returns the word, the
 * letter and its code point, or null.
 */
export function findLookalike(text: string): { word: string; letter: string; codePoint: string } | null {
  const words = text.normalize("NFC").split(/\s+/u);
  for (const word of words) {
    const latin = /\p{Script=Latin}/u.test(word.replace(/[\uFF21-\uFF3A\uFF41-\uFF5A]/gu, ""));
    for (const ch of Array.from(word)) {
      const foreign = /[\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Armenian}\p{Script=Cherokee}]/u.test(ch);
      const fullWidth = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/u.test(ch);
      if ((foreign && latin) || fullWidth) {
        const cp = ch.codePointAt(0) as number;
        return { word: word.replace(/^\p{P}+|\p{P}+$/gu, ""), letter: ch, codePoint: `U+${cp.toString(16).toUpperCase().padStart(4, "0")}` };
      }
    }
  }
  return null;
}

/** The bytes a text signature covers: the format, then the normalised text. */
export function textSignedBytes(text: string): string {
  return `${TEXT_FORMAT}\n${normaliseForSignature(text)}`;
}

/** The first line of a text, and the rest: a bot's mark ("⌛ EXPIRED: …") sits on the first line. */
export function splitFirstLine(text: string): { first: string; rest: string } {
  const trimmed = text.replace(/^\s+/u, "");
  const at = trimmed.search(/\r\n|\r|\n/);
  return at < 0 ? { first: trimmed, rest: "" } : { first: trimmed.slice(0, at), rest: trimmed.slice(at + 1) };
}
