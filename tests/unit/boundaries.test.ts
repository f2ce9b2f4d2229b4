import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { JOBS } from "../../src/main.js";

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

/** Code without its comments: a comment may give a job as an example. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
}

function literal(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Each of `job`'s table names in SQL, audit actions, configuration section and retention periods that `text` spells out. */
function namesIn(text: string, job: (typeof JOBS)[number]): string[] {
  const body = code(text);
  const found: string[] = [];
  for (const table of job.tables ?? []) {
    if (new RegExp(`\\b(FROM|JOIN|INTO|UPDATE|TABLE|EXISTS)\\s+${literal(table)}\\b`, "i").test(body)) found.push(`table ${table}`);
  }
  for (const action of job.auditActions ?? []) {
    if (new RegExp(`["'\`.]${literal(action)}["'\`]`).test(body)) found.push(`audit action ${action}`);
  }
  const section = job.settings?.section?.key;
  if (section && new RegExp(`\\.${literal(section)}\\b|["']${literal(section)}["']\\s*:|^\\s*${literal(section)}\\s*:`, "m").test(body)) {
    found.push(`configuration section ${section}`);
  }
  for (const period of job.settings?.retention ?? []) {
    if (new RegExp(`\\b${literal(period.key)}\\b`).test(body)) found.push(`retention period ${period.key}`);
  }
  for (const limit of job.settings?.limits ?? []) {
    if (new RegExp(`\\b${literal(limit.key)}\\b`).test(body)) found.push(`limit ${limit.key}`);
  }
  return found;
}

/** Files of src/ outside the jobs and the composition roots that name something of a job. */
function offendersByName(): string[] {
  const found: string[] = [];
  for (const file of files("src")) {
    if (ROOTS.includes(file) || JOB_FOLDERS.includes(ownTop(file) ?? "")) continue;
    const text = readFileSync(file, "utf8");
    for (const job of JOBS) for (const name of namesIn(text, job)) found.push(`${file} names the ${job.name} job's ${name}`);
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

  // Imports are not the only way to know a job: a table's name in SQL, an audit action's code, a
  // configuration section or a retention period spelled out in the core is knowing it too.
  it("keeps the core free of every job's tables, audit actions, configuration, retention and limit names", () => {
    expect(offendersByName()).toEqual([]);
  });

  it("finds a job's name in the core where there is one (the check can fail)", () => {
    const shifts = JOBS.find((job) => job.name === "shifts")!;
    expect(namesIn("const n = db.prepare(\"SELECT count(*) FROM signups\");", shifts)).toEqual(["table signups"]);
    expect(namesIn('const key = "privacy.audit.shift.cancel"; // shift.cancel in a comment is fine', shifts)).toEqual(["audit action shift.cancel"]);
    expect(namesIn("return retention.shiftsDays;", shifts)).toEqual(["retention period shiftsDays"]);
    const canvass = JOBS.find((job) => job.name === "canvass")!;
    expect(namesIn("const hours = config.canvass.claimHours;", canvass)).toEqual(["configuration section canvass"]);
    const alerts = JOBS.find((job) => job.name === "alerts")!;
    expect(namesIn("reportsPerHour: perWindow.default(5),", alerts)).toEqual(["limit reportsPerHour"]);
    expect(namesIn("/** canvass: the config.canvass section */ const x = 1;", canvass)).toEqual([]);
  });

  it("gives every job one descriptor in its index.ts", () => {
    for (const job of JOB_FOLDERS) {
      const text = readFileSync(join("src", job, "index.ts"), "utf8");
      expect(text, job).toMatch(/export const \w+Job = defineJob\(/);
    }
  });

  // One layout for every job (README, "How to add a job"); the test job in tests/support is one too.
  it("gives every job the same layout, its commands in commands/", () => {
    const LAYOUT = ["index.ts", "commands", "store.ts", "messages.ts", "migrations.ts", "privacy.ts", "jobs.ts"];
    for (const folder of [...JOB_FOLDERS.map((job) => join("src", job)), join("tests", "support", "jobs", "rides")]) {
      expect(LAYOUT.filter((name) => !existsSync(join(folder, name))), folder).toEqual([]);
      const stray = files(folder).filter((file) => !file.includes(`${sep}commands${sep}`) && /\bdefineCommand\(/.test(readFileSync(file, "utf8")));
      expect(stray, folder).toEqual([]);
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
