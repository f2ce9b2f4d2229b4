import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eventually } from "../contract/adapter-contract.js";
import { FakeTelegram } from "../fakes/telegram/index.js";
import { TEST_KEY, tempDir } from "../support/app.js";

/**
 * The `porchlight` CLI as an operator runs it: a real process, a YAML configuration in a temp folder
 * pointing at the fake Bot API, the database key from PORCHLIGHT_DB_KEY.
 */

const CLI = join(import.meta.dirname, "../../src/cli.ts");
/** Longest a CLI run may take before the test kills it and fails. */
const RUN_LIMIT_MS = 20_000;

interface Run {
  /** Exit code, or null when the process was killed. */
  code: number | null;
  /** The signal that ended it, if one did. */
  signal: NodeJS.Signals | null;
  /** True when the test had to kill it: it did not end by itself. */
  killed: boolean;
  stdout: string;
  stderr: string;
}

/** Start `porchlight ARGS` with only the env it needs; `done` settles when it ends (killed after `limitMs`). */
function spawnCli(
  args: string[],
  env: Record<string, string>,
  limitMs = RUN_LIMIT_MS,
): { child: ChildProcess; done: Promise<Run>; output: () => string } {
  let child!: ChildProcess;
  let stdout = "";
  let stderr = "";
  const done = new Promise<Run>((resolve, reject) => {
    child = spawn(process.execPath, ["--import", "tsx", CLI, ...args], {
      cwd: join(import.meta.dirname, "../.."),
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr?.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill("SIGKILL");
    }, limitMs);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, killed, stdout, stderr });
    });
  });
  return { child, done, output: () => stdout + stderr };
}

/** Run `porchlight ARGS` to its end. */
function runCli(args: string[], env: Record<string, string>): Promise<Run> {
  return spawnCli(args, env).done;
}

/**
 * Lines meant for a person: everything but the structured log records (JSON objects, one per
 * line), which go to stderr too at the default level. Those are checked separately.
 */
function humanLines(text: string): string[] {
  return lines(text).filter((l) => !isLogRecord(l));
}

function isLogRecord(line: string): boolean {
  try {
    const record = JSON.parse(line) as { level?: unknown; msg?: unknown };
    return typeof record.level === "number" && typeof record.msg === "string";
  } catch {
    return false;
  }
}

/** Non-empty lines of an output. */
function lines(text: string): string[] {
  return text.split("\n").filter((l) => l.trim() !== "");
}

describe("porchlight CLI against a Telegram Bot API", () => {
  let fake: FakeTelegram;
  let temp: { dir: string; cleanup: () => void };

  beforeEach(async () => {
    fake = await FakeTelegram.start();
    temp = tempDir("porchlight-tg-cli-");
  });
  afterEach(async () => {
    await fake.close();
    temp.cleanup();
  });

  /** Write a configuration with `token` (and more YAML lines) and return its path. */
  function configWith(token: string, extra: string[] = []): string {
    const file = join(temp.dir, "porchlight.yaml");
    const yaml = [
      "database:",
      `  path: ${join(temp.dir, "data", "porchlight.db")}`,
      "telegram:",
      `  token: "${token}"`,
      `  apiRoot: ${fake.apiRoot}`,
      ...extra,
      "",
    ].join("\n");
    writeFileSync(file, yaml, { mode: 0o600 });
    return file;
  }

  const env = { PORCHLIGHT_DB_KEY: TEST_KEY };
  const wrongToken = () => `${fake.bot.id}:AAWrongTokenNotTheBots_${Math.random().toString(36).slice(2, 10)}`;

  it("doctor names the platform and the rejected token in one line, and exits non-zero", async () => {
    const token = wrongToken();
    const run = await runCli(["doctor", "--config", configWith(token)], env);
    expect(run.killed).toBe(false);
    expect(run.code).not.toBe(0);
    expect(lines(run.stderr)).toEqual(["problem: telegram: the bot token was rejected (401 Unauthorized)"]);
    expect(run.stdout + run.stderr).not.toContain(token);
    expect(run.stdout + run.stderr).not.toMatch(/^\s+at /m);
  });

  it("doctor exits 0 with the right token", async () => {
    const run = await runCli(["doctor", "--config", configWith(fake.token)], env);
    expect(run.killed).toBe(false);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toContain("ok: telegram");
    expect(run.stdout).not.toContain(fake.token);
  });

  it("start with a wrong token exits non-zero with one clear line, and leaves nothing running", async () => {
    const token = wrongToken();
    const run = await runCli(["start", "--config", configWith(token)], env);
    // Ended by itself: no poller, timer or socket kept the process alive.
    expect(run.killed).toBe(false);
    expect(run.code).not.toBe(0);
    // One line for the operator; the rest of stderr is log records (codes, no secrets).
    const out = humanLines(run.stderr);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^porchlight: .*telegram.*401 Unauthorized/i);
    expect(lines(run.stdout)).toEqual([]);
    expect(run.stdout + run.stderr).not.toContain(token);
    expect(run.stdout + run.stderr).not.toMatch(/^\s+at /m);
    // It never got as far as publishing its command menu on the platform.
    expect(fake.commands("default")).toBeUndefined();
  });

  it("start with the right token runs until SIGTERM, then exits 0", async () => {
    const { child, done, output } = spawnCli(["start", "--config", configWith(fake.token)], env);
    let ended: Run | undefined;
    void done.then((run) => {
      ended = run;
    });
    // Running once it says so (and only then does it listen for SIGTERM); its menu is on the platform.
    await eventually(() => {
      if (ended) throw new Error(`porchlight start ended early: ${ended.stderr}`);
      expect(lines(output()).filter(isLogRecord).map((l) => (JSON.parse(l) as { msg: string }).msg)).toContain("porchlight is running");
    }, RUN_LIMIT_MS);
    expect(fake.commands("default")?.map((c) => c.command)).toContain("signup");
    child.kill("SIGTERM");
    const run = await done;
    expect(run.killed).toBe(false);
    expect(run.code).toBe(0);
    expect(humanLines(run.stderr)).toEqual([]);
    expect(run.stdout + run.stderr).not.toContain(fake.token);
  });

  it("a running bot notices `porchlight wipe`, says goodbye in its group, and exits 0", async () => {
    const config = configWith(fake.token);
    const { done, output } = spawnCli(["start", "--config", config], env);
    await eventually(() => expect(output()).toContain("porchlight is running"), RUN_LIMIT_MS);
    // The start log says where the key came from.
    expect(output()).toContain("database key from the PORCHLIGHT_DB_KEY environment variable");
    const lena = fake.addUser({ first_name: "Lena" });
    const group = fake.addGroup({ memberIds: [lena.id] });
    fake.userSends(group.chat.id, lena, "/network create Eastside");
    await eventually(() => expect(fake.texts(group.chat.id).join("\n")).toContain("Eastside"), RUN_LIMIT_MS);
    const wipe = await runCli(["wipe", "--yes", "--config", config], {});
    expect(wipe.stderr).toBe("");
    expect(wipe.code).toBe(0);
    expect(wipe.stdout).toContain("wiped:");
    const run = await done;
    expect(run.killed).toBe(false);
    expect(humanLines(run.stderr)).toEqual([]);
    expect(run.code).toBe(0);
    expect(fake.texts(group.chat.id).at(-1)).toBe("This Porchlight bot was shut down and its data destroyed by its admins. It will not answer any more.");
  });
});
