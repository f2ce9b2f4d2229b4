import type { Outbound } from "../../src/core/port.js";

/**
 * How the console chat prints a bot message: a block whose first line starts with the chat's
 * prefix (`[console:main] ` or `[dm:ana] `), with buttons listed as numbered lines under it.
 */
export function renderBlock(prefix: string, msg: Outbound): string {
  const lines = [`${prefix} ${msg.text}`];
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
