import { describe, expect, it } from "vitest";
import { splitMessage } from "../../src/core/text.js";

describe("splitMessage", () => {
  it("puts an image on the first piece and buttons on the last, never repeating either", () => {
    const image = { png: "iVBORw0KGgo=", alt: "status" };
    const buttons = [{ label: "Sign up #1", action: "signup", payload: "1" }];
    const pieces = splitMessage({ text: "aaaa\nbbbb\ncccc", image, buttons }, 5);
    expect(pieces.map((p) => p.text)).toEqual(["aaaa", "bbbb", "cccc"]);
    expect(pieces.map((p) => p.image)).toEqual([image, undefined, undefined]);
    expect(pieces.map((p) => p.buttons)).toEqual([undefined, undefined, buttons]);
  });

  it("leaves a short message whole", () => {
    const msg = { text: "hi", buttons: [] };
    expect(splitMessage(msg, 10)).toEqual([msg]);
  });

  it("keeps pieces within the limit as the platform measures them (escapes included), losing nothing", () => {
    const escaped = (t: string) => t.replace(/[_*]/g, (c) => `\\${c}`);
    const text = "_*ab*_ ".repeat(300);
    const pieces = splitMessage({ text }, 100, (t) => escaped(t).length);
    for (const p of pieces) expect(escaped(p.text).length).toBeLessThanOrEqual(100);
    expect(pieces.map((p) => p.text).join("")).toBe(text);
  });

  it("repairs lone surrogates in the text, button labels and alt text", () => {
    const [piece] = splitMessage({ text: "a\uD83D", buttons: [{ label: "b\uDC00", action: "x", payload: "" }], image: { png: "", alt: "c\uD800" } }, 50);
    expect(piece).toMatchObject({ text: "a\uFFFD", buttons: [{ label: "b\uFFFD" }], image: { alt: "c\uFFFD" } });
  });
});
