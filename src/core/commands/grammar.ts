/**
 * The one command grammar for every platform. Adapters hand the core a command word and the rest of
 * the line; this splits the rest into tokens, honouring quotes as phones type them.
 */

/** One argument as typed. `quoted` tells `"6"` (a place called 6) from `6` (a number). */
export interface Token {
  text: string;
  quoted: boolean;
}

/** Opening quote -> closing quote. Phones insert curly and guillemet quotes. */
const QUOTES: Record<string, string> = { '"': '"', "“": "”", "„": "“", "«": "»", "'": "'", "‘": "’" };

/**
 * Split `input` on whitespace, keeping quoted stretches together. A quote may start mid-token
 * (`where="Main St"`). An unclosed quote runs to the end of the line rather than failing: the
 * command's own validation then decides.
 */
export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let text = "";
  let quoted = false;
  let inToken = false;
  let close: string | null = null;
  let escaped = false;
  for (const ch of input) {
    if (close !== null) {
      // Inside quotes, a backslash keeps the next character as it is (`"say \"hi\""`): adapters
      // that build a line from structured options (Discord) quote values this way.
      if (escaped) {
        text += ch;
        escaped = false;
      } else if (ch === "\\" && close === '"') escaped = true;
      else if (ch === close) close = null;
      else text += ch;
      continue;
    }
    const closing = QUOTES[ch];
    // An apostrophe inside a word (O'Brien, calle d'Or) is a letter, not a quote.
    if (closing && !(ch === "'" && inToken && text.length > 0) && !(ch === "‘" && inToken && text.length > 0)) {
      close = closing;
      quoted = true;
      inToken = true;
      continue;
    }
    if (/\s/u.test(ch)) {
      if (inToken) tokens.push({ text, quoted });
      text = "";
      quoted = false;
      inToken = false;
      continue;
    }
    text += ch;
    inToken = true;
  }
  if (inToken) tokens.push({ text, quoted });
  return tokens;
}

/** The join of tokens back into text, for free-text fields such as notes. */
export function untokenize(tokens: readonly Token[]): string {
  return tokens.map((t) => t.text).join(" ");
}

/**
 * Split `key=value` options from positional tokens. Only keys in `keys` (lower-cased, accents kept)
 * are options; any other `a=b` stays positional. `aliases` maps Spanish keys to canonical ones.
 */
export function splitOptions(
  tokens: readonly Token[],
  keys: readonly string[],
  aliases: Readonly<Record<string, string>> = {},
): { positional: Token[]; options: Record<string, string> } {
  const positional: Token[] = [];
  const options: Record<string, string> = {};
  for (const token of tokens) {
    const eq = token.text.indexOf("=");
    if (eq > 0) {
      const raw = token.text.slice(0, eq).toLowerCase();
      const key = aliases[raw] ?? raw;
      if (keys.includes(key)) {
        options[key] = token.text.slice(eq + 1);
        continue;
      }
    }
    positional.push(token);
  }
  return { positional, options };
}

/** Lower-case and strip accents, so `apúntame` and `apuntame` are the same word. */
export function foldWord(word: string): string {
  return word
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase();
}
