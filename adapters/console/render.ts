import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Outbound } from "../../src/core/port.js";

let imageDir: string | undefined;
let imageCount = 0;

/** Write a picture the bot sent (base64 PNG) to a file under the system temp folder; returns its path. */
export function writeImage(pngBase64: string): string {
  imageDir ??= mkdtempSync(join(tmpdir(), "porchlight-console-"));
  const path = join(imageDir, `image-${++imageCount}.png`);
  writeFileSync(path, Buffer.from(pngBase64, "base64"), { mode: 0o600 });
  return path;
}

/**
 * How the console chat prints a bot message: a block whose first line starts with the chat's
 * prefix (`[console:main] ` or `[dm:ana] `), with buttons listed as numbered lines under it.
 */
export function renderBlock(prefix: string, msg: Outbound, image?: { path: string; alt: string }): string {
  const lines = [`${prefix} ${msg.text}`];
  if (image) lines.push(`[image: ${image.path}] ${image.alt}`);
  for (const [i, button] of (msg.buttons ?? []).entries()) lines.push(`  (${i + 1}) ${button.label}   → :press ${i + 1}`);
  return `${lines.join("\n")}\n`;
}

/** A display name typed after `:as`, turned into the stable user id the core sees. */
export function userIdOf(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-|-$/g, "");
}

/** Parse `:clock +25h` amounts: `+30m`, `+2h`, `+1d`. Milliseconds, or null. */
export function parseClockStep(text: string): number | null {
  const m = /^\+?(\d+)\s*([mhd])$/.exec(text.trim());
  if (!m) return null;
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as "m" | "h" | "d"];
  return Number(m[1]) * unit;
}
