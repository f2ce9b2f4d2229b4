import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, relative, sep } from "node:path";
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

/** The jobs: each a folder of src/ with an index.ts that exports its descriptor. */
const JOB_FOLDERS = ["shifts", "canvass", "alerts"];
/** The composition roots: the only files of src/ that may list jobs. */
const ROOTS = ["main.ts", "cli.ts", "operations.ts"].map((f) => join("src", f));

/** The src/ folder (or top-level file) a relative import of `file` lands in; null outside src/. */
function targetTop(file: string, spec: string): string | null {
  if (!spec.startsWith(".")) return null;
  const target = normalize(join(dirname(file), spec));
  const parts = target.split(sep);
  return parts[0] === "src" && parts.length > 2 ? parts[1]! : null;
}

/** The src/ folder a file lives in; null for a top-level file. */
function ownTop(file: string): string | null {
  const parts = file.split(sep);
  return parts.length > 2 ? parts[1]! : null;
}

/** Whether src/ holds an import of `file` to a folder not allowed by `allowed`. */
function offendersIn(pick: (file: string) => boolean, allowed: (from: string | null, to: string) => boolean): string[] {
  const found: string[] = [];
  for (const file of files("src")) {
    if (!pick(file)) continue;
    for (const spec of imports(file)) {
      const to = targetTop(file, spec);
      if (to !== null && !allowed(ownTop(file), to)) found.push(`${file} imports ${spec}`);
    }
  }
  return found;
}

describe("boundaries", () => {
  it("keeps the core free of every job: only the composition roots list them", () => {
    const offenders = offendersIn(
      (file) => !ROOTS.includes(file) && !JOB_FOLDERS.includes(ownTop(file) ?? ""),
      (_from, to) => !JOB_FOLDERS.includes(to),
    );
    expect(offenders).toEqual([]);
  });

  it("keeps each job free of every other job", () => {
    const offenders = offendersIn(
      (file) => JOB_FOLDERS.includes(ownTop(file) ?? ""),
      (from, to) => !JOB_FOLDERS.includes(to) || to === from,
    );
    expect(offenders).toEqual([]);
  });

  it("finds a job import where there is one (the check can fail)", () => {
    expect(targetTop(join("src", "core", "bot.ts"), "../shifts/store.js")).toBe("shifts");
    expect(targetTop(join("src", "core", "commands", "network.ts"), "../../alerts/keys.js")).toBe("alerts");
    expect(targetTop(join("src", "privacy", "commands.ts"), "../core/audit.js")).toBe("core");
  });

  it("gives every job one descriptor in its index.ts", () => {
    for (const job of JOB_FOLDERS) {
      const text = readFileSync(join("src", job, "index.ts"), "utf8");
      expect(text, job).toMatch(/export const \w+Job = defineJob\(/);
    }
  });

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

  // Adapters import from src/ only the port (core/port.ts): their errors, state and options are
  // theirs, and everything else reaches them through the port's types.
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
