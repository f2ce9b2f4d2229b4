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
});
