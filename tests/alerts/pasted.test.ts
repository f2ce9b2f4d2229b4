import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { base58Decode, base58Encode, normaliseForSignature, SEAL_LINE } from "../../src/alerts/pasted.js";

describe("reading a pasted alert", () => {
  it("carries any 64-byte signature through base58 and back, leading zero bytes included", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), fc.nat({ max: 3 }), (bytes, zeros) => {
        const sig = Uint8Array.from([...new Array(zeros).fill(0), ...bytes.slice(zeros)]);
        const text = base58Encode(sig);
        expect(text).toMatch(/^[1-9A-HJ-NP-Za-km-z]{80,90}$/);
        expect(SEAL_LINE.test(`🔏 ${text}`)).toBe(true);
        expect(base58Decode(text)).toEqual(sig);
      }),
    );
    expect(base58Decode("0OIl")).toBeNull();
  });

  it("drops the seal line even inside the marks a platform adds, and nothing else", () => {
    const seal = `🔏 ${base58Encode(new Uint8Array(64).fill(7))}`;
    expect(normaliseForSignature(`Elm  St\r\n_${seal}_`)).toBe("Elm St");
    expect(normaliseForSignature(`Elm St\n${seal} extra`)).toContain("extra");
  });
});
