import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildRegistry, checkJobs, registerJobMessages, schemaOf } from "../../src/core/assemble.js";
import { catalogs } from "../../src/core/i18n/catalog.js";
import { defineJob } from "../../src/core/job.js";
import { JOBS } from "../../src/main.js";

registerJobMessages(JOBS);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith(".ts") ? [path] : [];
  });
}

/** What the descriptors declare agrees with what the jobs' code does. */
describe("job descriptors", () => {
  it("declare every audit action their code records, each named in /audit in both languages", () => {
    for (const job of JOBS) {
      const recorded = new Set(
        sources(join("src", job.name)).flatMap((file) => [...readFileSync(file, "utf8").matchAll(/audit\([^)]*?action: "([\w.]+)"/g)].map((m) => m[1]!)),
      );
      expect([...recorded].sort(), job.name).toEqual([...(job.auditActions ?? [])].sort());
      for (const action of job.auditActions ?? []) {
        const key = `privacy.audit.${action}` as keyof typeof catalogs.en;
        expect(catalogs.en[key], `${job.name}: ${action}`).toBeTruthy();
        expect(catalogs.es[key], `${job.name}: ${action}`).toBeTruthy();
      }
    }
  });

  it("name tables their own migrations create, and number rows only in those", () => {
    for (const module of schemaOf(JOBS)) {
      const created = module.migrations.flatMap((m) => [...m.sql.matchAll(/CREATE TABLE (\w+)/g)].map((x) => x[1]!));
      expect([...module.tables].sort(), module.name).toEqual(created.sort());
      const job = JOBS.find((j) => j.name === module.name)!;
      for (const n of job.numbering ?? []) expect(created, `${job.name}: ${n.id}`).toContain(n.table);
    }
  });

  it("refuses a sub-command for a group the core lacks, and a job listed twice", () => {
    const stray = defineJob({ name: "stray", groupCommands: [{ ...JOBS[0]!.commands![0]!, id: "x.y", words: ["nogroup", "y"] }] });
    expect(() => checkJobs([...JOBS, stray])).toThrow(/group the core does not have/);
    expect(() => checkJobs([...JOBS, JOBS[0]!])).toThrow(/listed twice/);
  });

  it("refuses an audit action its own catalog does not name", () => {
    const unnamed = defineJob({ name: "unnamed", auditActions: ["unnamed.thing"], messages: { en: {}, es: {} } });
    expect(() => checkJobs([...JOBS, unnamed])).toThrow(/unnamed\.thing without a message privacy\.audit\.unnamed\.thing/);
  });

  it("put the alerts job's /network sub-commands in the /network group", () => {
    const network = buildRegistry(JOBS).menu().find((e) => e.name === "network")!;
    expect(network.subcommands?.map((s) => s.name)).toEqual(expect.arrayContaining(["create", "info", "verifiers", "quorum", "key"]));
  });
});
