import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

const GOLDEN_DIR = fileURLToPath(new URL("../golden/", import.meta.url));

/**
 * Compare a transcript with its golden file in tests/golden/, failing on any difference. With
 * `PORCHLIGHT_UPDATE_GOLDEN=1` the file is written instead: the change to the text then shows in the
 * diff and is reviewed like code.
 */
export function expectGolden(name: string, transcript: string): void {
  const file = `${GOLDEN_DIR}${name}`;
  if (process.env.PORCHLIGHT_UPDATE_GOLDEN === "1") {
    writeFileSync(file, transcript);
    return;
  }
  if (!existsSync(file)) throw new Error(`no golden file tests/golden/${name}: run with PORCHLIGHT_UPDATE_GOLDEN=1 to write it, then read it`);
  expect(transcript).toBe(readFileSync(file, "utf8"));
}

/**
 * What differs from one run to the next because it is random by design (a network's signing key, so
 * its fingerprint, signature codes and signatures, invite codes) or a temp path, masked.
 */
export function maskRandom(text: string, codes: readonly string[] = []): string {
  let out = text
    .replace(/[0-9A-F]{4}(?: [0-9A-F]{4}){7}/g, "‹huella de la clave›")
    .replace(/\b\d+\.\d+\.\d+-[0-9A-Z]{10}\b/g, "‹código de firma›")
    .replace(/🔏 \S+/g, "🔏 ‹firma›")
    .replace(/(Clave pública: |--key )[A-Za-z0-9_-]{43}/g, "$1‹clave pública›")
    .replace(/\[image: [^\]]+\]/g, "[image: ‹archivo›]");
  for (const code of codes) out = out.split(code).join("‹código de invitación›");
  return out;
}
