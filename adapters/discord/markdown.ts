/**
 * Making the core's text inert for Discord. The core's text is plain by contract (port.ts: "Text
 * is plain; adapters may add formatting"): it holds no markup of the bot's own, only words, some of
 * them typed by people (names, places, notes, a `/help` topic). So the whole text is escaped, and
 * nothing of the bot's is lost: its headings are capitals and emoji, not markdown. Were the bot ever
 * to want bold, the adapter would add it around the escaped text, never the core inside it.
 *
 * Discord shows a backslash before any punctuation as that punctuation alone, so escapes are
 * invisible to readers. Escaped:
 * - inline markup anywhere: `\ * _ ~ \` |` (bold, italics, underline, strike, code, spoilers);
 * - `[` and `]`, so `[Urgent](https://evil.example/p)` is no masked link (the address shows as is);
 * - `<`, so `<@123>`, `<@&role>`, `<#channel>`, `</command:id>`, `<t:…>` and `<https://…>` are text;
 * - `@` of `@everyone` and `@here`, which then show without the mention look (`allowed_mentions`
 *   with an empty `parse`, sent on every message, is what keeps anyone from being pinged);
 * - at a line's start, before a space: `#` (headings), `-#` (subtext, small grey text that hides
 *   words) and `>` (quotes, which make typed text look like someone else's). Lists are left alone:
 *   they disguise nothing, and the bot's own numbered rosters read better as lists.
 */

const INLINE = /[\\*_~`|[\]<]/g;
const EVERYONE = /@(?=everyone|here)/gi;
/** Block markup, only where Discord reads it: a line's start followed by a space (`#1 Sat` is no heading). */
const LINE_START = /^(\s*)(#{1,3}(?= )|-#(?= )|>{1,3}(?= ))/gm;

/** `text` with Discord markdown, masked links and mention syntax escaped. */
export function escapeDiscord(text: string): string {
  return text
    .replace(INLINE, (c) => `\\${c}`)
    .replace(EVERYONE, "\\@")
    .replace(LINE_START, (_m, space: string, mark: string) => `${space}\\${mark}`);
}

/** The length of `text` once escaped: what counts against Discord's 2000 characters. */
export function escapedLength(text: string): number {
  return escapeDiscord(text).length;
}
