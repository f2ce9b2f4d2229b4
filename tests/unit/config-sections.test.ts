import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { loadConfig } from "../../src/config/load.js";
import { type ConfigContribution, RETENTION_DEFAULTS, registerConfigSections, withSections } from "../../src/config/schema.js";
import { FatalError } from "../../src/errors.js";
import { tempDir } from "../support/app.js";

/** A job's contribution as a descriptor gives it: its own section and a retention period. */
const carpool: ConfigContribution = {
  section: { key: "carpool", schema: z.strictObject({ seats: z.number().int().min(1).max(8).default(4) }) },
  retention: [{ key: "carpoolDays", days: 14, label: "privacy.retention.carpool" }],
};

describe("configuration sections contributed by jobs", () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  function load(yaml: string) {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const file = join(tmp.dir, "c.yaml");
    writeFileSync(file, yaml);
    return { file, load: () => loadConfig({ file, env: {} }) };
  }

  function problem(fn: () => unknown): string {
    try {
      fn();
    } catch (err) {
      if (err instanceof FatalError) return err.message;
      throw err;
    }
    throw new Error("expected a configuration error");
  }

  it("reads the app's jobs' sections from the file, with their defaults", () => {
    const config = load("canvass:\n  claimHours: 3\nretention:\n  custodyDays: 200\n").load();
    expect(config.canvass).toEqual({ claimHours: 3, deadlineHours: 72 });
    expect(config.alerts).toEqual({ pendingMinutes: 60, escalateMinutes: 3, verifiedHours: 4 });
    expect(config.retention).toEqual({ ...RETENTION_DEFAULTS, custodyDays: 200 });
    expect(config.limits).toEqual({ commandsPerMinute: 30, commandsPerChatPerMinute: 200, networksPerDay: 2, reportsPerHour: 5, verifierMessagesPerHour: 20 });
    expect(RETENTION_DEFAULTS).toMatchObject({ shiftsDays: 30, canvassDays: 30, custodyDays: 180, alertsDays: 30, auditDays: 90 });
  });

  it("checks a job's section as strictly as the core's: every problem with its path", () => {
    const { file, load: read } = load("canvass:\n  claimHourz: 3\nalerts:\n  pendingMinutes: 0\nretention:\n  shiftDays: 3\nlimits:\n  reportsPerHour: 0\n");
    expect(problem(read).split("\n").sort()).toEqual(
      [
        `config ${file}: limits.reportsPerHour: must be 1 or more`,
        `config ${file}: canvass: unknown key claimHourz`,
        `config ${file}: alerts.pendingMinutes: Too small: expected number to be >0`,
        `config ${file}: retention: unknown key shiftDays`,
      ].sort(),
    );
  });

  it("adds a registered job's section and period; a key already taken is refused", () => {
    registerConfigSections([carpool]);
    const { file, load: read } = load("carpool:\n  seats: 6\nretention:\n  carpoolDays: 3\n");
    const config = read() as unknown as Record<string, unknown> & { retention: Record<string, number> };
    expect(config.carpool).toEqual({ seats: 6 });
    expect(config.retention.carpoolDays).toBe(3);
    writeFileSync(file, "carpool:\n  seats: 0\n");
    expect(problem(read)).toContain("carpool.seats");
    expect(() => registerConfigSections([{ section: { key: "canvass", schema: z.strictObject({}) } }])).toThrow(/section "canvass" is defined twice/);
    expect(() => registerConfigSections([{ retention: [{ key: "auditDays", days: 1, label: "x" }] }])).toThrow(/"auditDays" is defined twice/);
  });

  it("gives a job that was not registered when the file was read its defaults", () => {
    const config = load("").load();
    const vanpool: ConfigContribution = {
      section: { key: "vanpool", schema: z.strictObject({ vans: z.number().default(2) }) },
      retention: [{ key: "vanpoolDays", days: 9, label: "privacy.retention.vanpool" }],
    };
    expect(config).not.toHaveProperty("vanpool");
    const full = withSections(config, [vanpool]) as unknown as Record<string, unknown> & { retention: Record<string, number> };
    expect(full.vanpool).toEqual({ vans: 2 });
    expect(full.retention.vanpoolDays).toBe(9);
  });
});
