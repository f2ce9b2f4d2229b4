import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { tempDir } from "../support/app.js";
import { blocks, runCli } from "../support/cli.js";

/** More lines than the console's sends per second, all at once on stdin. */
const LINES = 2500;

function burst(n: number): string {
  return Array.from({ length: n }, (_, i) => `/nope${i + 1}`).join("\n");
}

describe("console script mode under a burst", () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it("answers every line of a long script, in order, and exits 0", async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const run = await runCli(["console", "--db", join(tmp.dir, "p.db")], { input: burst(LINES), timeoutMs: 60_000 });
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
    const run = await runCli(["console", "--db", join(tmp.dir, "p.db")], { input, timeoutMs: 60_000 });
    const answers = blocks(run.stdout).map((b) => b.text);
    expect(answers).toHaveLength(1202);
    expect(answers[1200]).toBe("That message is too long for me. Please shorten it.");
    expect(answers[1201]).toBe("I don't know /nope-last. Send /help to see what I can do.");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("1 line(s) or replies were refused by a limit");
  });
});
