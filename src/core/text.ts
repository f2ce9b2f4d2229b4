/** Text helpers that respect characters: an emoji is two UTF-16 units and must never be cut in two. */

/** Cut text to at most `max` characters without splitting one. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max).join("");
}

/**
 * Split text into pieces of at most `max` UTF-16 units (platform limits count those), preferring
 * line breaks, and never inside a character.
 */
export function splitText(text: string, max: number): string[] {
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
 * A message cut to a platform's limit: the text split into pieces, an image on the first piece only
 * and buttons on the last, so neither is repeated.
 */
export function splitMessage<M extends { text: string; buttons?: unknown; image?: unknown }>(msg: M, max: number): M[] {
  const pieces = splitText(msg.text, max);
  return pieces.map((text, i) => {
    const piece = { ...msg, text };
    if (i > 0) delete piece.image;
    if (i < pieces.length - 1) delete piece.buttons;
    return piece;
  });
}
