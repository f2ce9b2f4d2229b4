import { wellFormed } from "./inert.js";

/** Text helpers that respect characters: an emoji is two UTF-16 units and must never be cut in two. */

/** Cut text to at most `max` characters without splitting one. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max).join("");
}

/** How much of a platform's `maxText` a text takes once the adapter has rendered it. */
export type TextMeasure = (text: string) => number;

const plainLength: TextMeasure = (text) => text.length;

/**
 * Split text into pieces of at most `max` UTF-16 units (platform limits count those), preferring
 * line breaks, and never inside a character. With `measure`, each piece stays within `max` as the
 * platform will count it (Discord counts the escapes its adapter adds), split further where needed.
 */
export function splitText(text: string, max: number, measure: TextMeasure = plainLength): string[] {
  return splitWithin(text, max, max, measure);
}

function splitWithin(text: string, limit: number, max: number, measure: TextMeasure): string[] {
  if (measure(text) <= max) return [text];
  const out: string[] = [];
  for (const piece of splitAt(text, limit)) {
    const size = measure(piece);
    if (size <= max || piece.length <= 2) out.push(piece);
    // Escapes made this piece too long: split it again, shorter in proportion.
    else out.push(...splitWithin(piece, Math.max(2, Math.min(piece.length - 1, Math.floor((piece.length * max) / size))), max, measure));
  }
  return out;
}

/** Pieces of at most `max` UTF-16 units, cut at a line break where one is in reach. */
function splitAt(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf("\n", max);
    if (cut <= 0) {
      cut = max;
      // Do not end a piece on the first half of a surrogate pair.
      const code = rest.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut--;
    }
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^\n/, "");
  }
  if (rest) parts.push(rest);
  return parts;
}

/**
 * A message made ready for a platform: lone surrogates repaired (platforms that want UTF-8 refuse
 * the whole message, and the reply would be lost), the text split to the platform's limit as
 * `measure` counts it, an image on the first piece only and buttons on the last, so neither is repeated.
 */
export function splitMessage<M extends { text: string; buttons?: { label: string }[]; image?: { alt: string } }>(
  msg: M,
  max: number,
  measure?: TextMeasure,
): M[] {
  const whole = sendable(msg);
  const pieces = splitText(whole.text, max, measure);
  return pieces.map((text, i) => {
    const piece = { ...whole, text };
    if (i > 0) delete piece.image;
    if (i < pieces.length - 1) delete piece.buttons;
    return piece;
  });
}

/** A message with every text in it well-formed (lone surrogates -> U+FFFD): text, button labels, alt text. */
export function sendable<M extends { text: string; buttons?: { label: string }[]; image?: { alt: string } }>(msg: M): M {
  const out = { ...msg, text: wellFormed(msg.text) };
  if (msg.buttons) out.buttons = msg.buttons.map((b) => ({ ...b, label: wellFormed(b.label) }));
  if (msg.image) out.image = { ...msg.image, alt: wellFormed(msg.image.alt) };
  return out;
}
