import type { Capabilities, Outbound } from "../port.js";
import { foldWord } from "./grammar.js";
import { commandPaths, type Registry } from "./registry.js";

/**
 * Commands named in what the bot says, written the way the reader's platform types them. Messages
 * name commands as `/network invite`; where commands are typed with another prefix (Matrix's
 * `!pl network invite`, see Capabilities.commandPrefix) each such reference is rewritten on its
 * way out, for every reply, notice and reminder alike.
 */

/**
 * Marks around what a member wrote (a shift's note, a report's text) inside a message, so that a
 * `/word` in it is never rewritten as a command of ours. Private-use characters: taken out of the
 * text they wrap (so it cannot close its own span early) and out of every message before sending.
 */
const AS_WRITTEN_OPEN = "\uE000";
const AS_WRITTEN_CLOSE = "\uE001";
const AS_WRITTEN_SPAN = /\uE000([^\uE000\uE001]*)\uE001/gu;
const AS_WRITTEN_MARKS = /[\uE000\uE001]/gu;

/** `text` (a member's own words) marked to pass through the command rewrite as written. */
export function asWritten(text: string): string {
  return `${AS_WRITTEN_OPEN}${text.replace(AS_WRITTEN_MARKS, "")}${AS_WRITTEN_CLOSE}`;
}

/** A message without the as-written marks (for a path that rewrites nothing). */
export function withoutMarks<M extends Outbound>(msg: M): M {
  return AS_WRITTEN_MARKS.test(msg.text) ? { ...msg, text: msg.text.replace(AS_WRITTEN_MARKS, "") } : msg;
}

/** How commands are typed where `caps` says nothing: `/word`. */
export const SLASH = "/";

/** How a command is typed in a chat with these capabilities, up to its first word. */
export function commandPrefixOf(caps: Pick<Capabilities, "commandPrefix"> | null | undefined): string {
  return caps?.commandPrefix ?? SLASH;
}

/**
 * `/word` at the start of a word (after a space, an opening bracket or quote, or `¿`/`¡`), the word
 * running over letters, digits, `_` and `-`. A slash inside a word (America/Chicago, 5/12, a URL) is
 * never a command.
 */
const REFERENCE = /(^|[\s([{«“‘"'¿¡])\/(\p{L}[\p{L}\p{N}_-]*)(?![\p{L}\p{N}_/])/gu;

/**
 * `text` with the command word a person typed (`/shfit`, echoed in "I don't know /shfit") written as
 * they typed it here: a word no registry knows is left alone on the way out, so the answer that
 * echoes it renders it itself.
 */
export function echoTyped(text: string, caps: Pick<Capabilities, "commandPrefix"> | null | undefined, word: string): string {
  const prefix = commandPrefixOf(caps);
  if (prefix === SLASH || word === "") return text;
  return text.replace(REFERENCE, (whole, before: string, typed: string) => (typed === word ? `${before}${prefix}${typed}` : whole));
}

/** The command words a registry knows, and how to write references to them for a platform. */
export class CommandRefs {
  private readonly words = new Set<string>();

  constructor(registry: Registry) {
    for (const spec of registry.all) {
      for (const path of commandPaths(spec)) {
        if (path[0]) this.words.add(foldWord(path[0]));
      }
    }
  }

  /** `text` with every reference to a known command written with `prefix` (`!pl ` for `/`). */
  render(text: string, prefix: string): string {
    if (prefix === SLASH) return text.replace(AS_WRITTEN_MARKS, "");
    const ours = (part: string) =>
      part.replace(REFERENCE, (whole, before: string, word: string) => (this.words.has(foldWord(word)) ? `${before}${prefix}${word}` : whole));
    // Rewrite between the spans a member wrote, never inside them.
    let out = "";
    let at = 0;
    for (const m of text.matchAll(AS_WRITTEN_SPAN)) {
      out += ours(text.slice(at, m.index)) + m[1]!;
      at = m.index + m[0].length;
    }
    return (out + ours(text.slice(at))).replace(AS_WRITTEN_MARKS, "");
  }

  /** A message as a chat with `caps` should show it; a verbatim (signed) message stays exactly as it is. */
  forChat<M extends Outbound>(msg: M, caps: Pick<Capabilities, "commandPrefix"> | null | undefined): M {
    const prefix = commandPrefixOf(caps);
    if (msg.verbatim) return msg;
    if (prefix === SLASH) return withoutMarks(msg);
    return { ...msg, text: this.render(msg.text, prefix) };
  }
}
