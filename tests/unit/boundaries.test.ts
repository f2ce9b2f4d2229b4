import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const SDKS = ["grammy", "@grammyjs/", "discord.js", "@discordjs/", "matrix-bot-sdk", "matrix-js-sdk", "@matrix-org/"];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
}

function imports(path: string): string[] {
  const text = readFileSync(path, "utf8");
  return [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']/gm)].map((m) => m[1]!);
}

describe("boundaries", () => {
  it("keeps the core and the jobs free of SDKs and of adapters", () => {
    const offenders: string[] = [];
    for (const file of files("src")) {
      if (file === join("src", "main.ts")) continue;
      for (const spec of imports(file)) {
        if (SDKS.some((sdk) => spec === sdk || spec.startsWith(sdk))) offenders.push(`${file} imports ${spec}`);
        if (spec.includes("/adapters/")) offenders.push(`${file} imports ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("lets adapters import from the core only its port", () => {
    const offenders: string[] = [];
    for (const file of files("adapters")) {
      for (const spec of imports(file)) {
        if (!spec.includes("/src/")) continue;
        if (!spec.endsWith("/src/core/port.js")) offenders.push(`${relative(".", file)} imports ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
