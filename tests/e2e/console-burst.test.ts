import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { tempDir } from "../support/app.js";
import { blocks, runCli } from "../support/cli.js";

/** More lines than the console's sends per second, all at once on stdin. */
const LINES = 2500;

function burst(n: number): string {
  return Array.from({ length: n }, (_, i) => `/nope${i + 1}`).join("\n");
}

/** A configuration whose per-person and per-chat command limits a burst of this size stays under. */
function roomyConfig(dir: string): string {
  const file = join(dir, "porchlight.yaml");
  writeFileSync(file, `database:\n  path: ${join(dir, "p.db")}\nlog:\n  level: warn\nlimits:\n  commandsPerMinute: 100000\n  commandsPerChatPerMinute: 100000\n`);
  return file;
}

describe("console script mode under a burst", { timeout: 90_000 }, () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it("answers every line of a long script, in order, and exits 0", async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const run = await runCli(["console", "--config", roomyConfig(tmp.dir)], { input: burst(LINES), timeoutMs: 60_000 });
    expect(run.code).toBe(0);
    const answers = blocks(run.stdout).map((b) => b.text);
    expect(answers).toHaveLength(LINES);
    expect(answers[0]).toBe("I don't know /nope1. Send /help to see what I can do.");
    expect(answers.at(-1)).toBe(`I don't know /nope${LINES}. Send /help to see what I can do.`);
  });

  it("still answers every line when one is refused by a limit, and then exits non-zero", async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const input = `${burst(1200)}\n/nope ${"x".repeat(2500)}\n/nope-last`;
    const run = await runCli(["console", "--config", roomyConfig(tmp.dir)], { input, timeoutMs: 60_000 });
    const answers = blocks(run.stdout).map((b) => b.text);
    expect(answers).toHaveLength(1202);
    expect(answers[1200]).toBe("That message is too long for me. Please shorten it.");
    expect(answers[1201]).toBe("I don't know /nope-last. Send /help to see what I can do.");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("1 line(s) or replies were refused by a limit");
  });

  it("with the default limits, answers a flood once, drops nothing silently and exits non-zero", async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const run = await runCli(["console", "--db", join(tmp.dir, "p.db")], { input: burst(40), timeoutMs: 60_000 });
    const answers = blocks(run.stdout).map((b) => b.text);
    // 30 commands a minute per person: the 31st is told when to try again, once for the whole flood.
    expect(answers.slice(0, 30).every((a) => a.startsWith("I don't know /nope"))).toBe(true);
    expect(answers[30]).toMatch(/^You're sending me commands too fast\. Try again in/);
    expect(answers).toHaveLength(31);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("10 line(s) or replies were refused by a limit");
  });
});
