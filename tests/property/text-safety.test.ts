import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { splitText } from "../../src/core/text.js";
import { openWorld, type World } from "./world.js";

/**
 * Replies must be well-formed text: a lone half of a surrogate pair (an emoji cut in two) is
 * refused by platforms that want UTF-8 (Telegram answers 400), so the person would see nothing.
 */

/** True when `text` has no unpaired surrogate. */
function wellFormed(text: string): boolean {
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}

/** Text made of letters, emoji and line breaks: well-formed by construction. */
const richText = fc.string({ unit: fc.constantFrom("a", "ñ", " ", "\n", "🙂", "👩‍👩‍👧", "𝔸"), maxLength: 400 });

describe("splitText", () => {
  it("keeps every piece within the limit and loses nothing but the line breaks it split on", () => {
    fc.assert(
      fc.property(richText.filter((s) => s.length > 0), fc.integer({ min: 2, max: 60 }), (text, max) => {
        const pieces = splitText(text, max);
        for (const piece of pieces) {
          expect(piece.length).toBeLessThanOrEqual(max);
          expect(piece.length).toBeGreaterThan(0);
        }
        expect(pieces.join("").replaceAll("\n", "")).toBe(text.replaceAll("\n", ""));
      }),
      { numRuns: 200 },
    );
  });

  it("returns short text whole", () => {
    expect(splitText("hello", 10)).toEqual(["hello"]);
  });

  it("prefers to split at a line break", () => {
    expect(splitText("one\ntwo three", 8)).toEqual(["one", "two thre", "e"]);
  });

  // Regression: with no line break in reach, splitText used to cut at `max` UTF-16 units and could
  // split an emoji into two lone surrogates.
  it("never cuts a character in two", () => {
    fc.assert(
      fc.property(richText, fc.integer({ min: 2, max: 60 }), (text, max) => {
        for (const piece of splitText(text, max)) expect(wellFormed(piece)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe("echoed input in replies", () => {
  let w: World;
  beforeAll(async () => {
    w = await openWorld();
  });
  afterAll(async () => w?.close());

  it("a well-formed short command word comes back well-formed", async () => {
    const [reply] = await w.command("main", "lena", "zap🙂", "");
    expect(reply?.text).toContain("/zap🙂");
    expect(wellFormed(reply!.text)).toBe(true);
  });

  // Bug (src/core/bot.ts, "core.unknownCommand": `line.name.slice(0, 40)`): a long emoji command
  // word (Matrix `!pl 🙂🙂…`, the console) is cut mid-emoji and the reply carries a lone surrogate.
  // Fix: cut by code points, e.g. `[...name].slice(0, 40).join("")`.
  it("an unknown long emoji command word is echoed without a broken character", async () => {
    const [reply] = await w.command("main", "lena", `a${"🙂".repeat(30)}`, "");
    expect(wellFormed(reply!.text)).toBe(true);
  });

  // Same bug in src/core/commands/general.ts (/help with an unknown topic: `topic.slice(0, 40)`).
  it("an unknown long emoji help topic is echoed without a broken character", async () => {
    const [reply] = await w.command("main", "lena", "help", `a${"🙂".repeat(30)}`);
    expect(wellFormed(reply!.text)).toBe(true);
  });
});
