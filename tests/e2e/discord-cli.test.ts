/**
 * The CLI against the fake Discord, as an operator runs it: `porchlight doctor` and `porchlight start`
 * in a separate process, with a YAML configuration and a database in a temp folder, the database key
 * in PORCHLIGHT_DB_KEY. Every spawned process is bounded by a timeout and reported if it hit it.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../contract/adapter-contract.js";
import { FakeDiscord } from "../fakes/discord/server.js";
import type { FakeGuild } from "../fakes/discord/state.js";
import { tempDir } from "../support/app.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const DB_KEY = "cli-test-key-0123456789abcdef";
const WRONG_TOKEN = "wrong-token-5f3a9c";
/** Generous: a CLI run takes a few seconds here (tsx compiles on start). */
const RUN_LIMIT_MS = 30_000;

interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The process had to be killed because it did not end within the limit. */
  timedOut: boolean;
}

/** Start `porchlight ARGS`; `done` resolves when it exits (killed after `limitMs`). */
function spawnCli(
  args: string[],
  limitMs = RUN_LIMIT_MS,
): { child: ChildProcessWithoutNullStreams; stderr: () => string; done: Promise<CliRun> } {
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "src/cli.ts"), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", PORCHLIGHT_DB_KEY: DB_KEY },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let timedOut = false;
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  child.stdin.end();
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, limitMs);
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
  return { child, stderr: () => stderr, done };
}

const lines = (text: string) => text.split("\n").filter((l) => l.trim() !== "");

/** No stack frames, no error class dumps: what an operator reads is plain sentences. */
function expectNoStackTrace(run: CliRun): void {
  const all = `${run.stdout}\n${run.stderr}`;
  expect(all).not.toMatch(/^\s+at .+\(.*:\d+:\d+\)/m);
  expect(all).not.toMatch(/node:internal|DiscordAPIError|\.ts:\d+/);
}

describe("porchlight doctor and start against Discord", { timeout: 45_000 }, () => {
  let fake: FakeDiscord;
  let guild: FakeGuild;
  let temp: ReturnType<typeof tempDir>;
  let configs = 0;

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    guild = fake.state.addGuild("Eastside Rapid Response");
    fake.state.addTextChannel(guild.id, "general");
    temp = tempDir("porchlight-discord-cli-");
  });
  afterAll(async () => {
    await fake?.close();
    temp?.cleanup();
  });

  /** A configuration file for the fake, with its own database path; returns the file's path. */
  function writeConfig(token: string): { file: string; db: string } {
    configs++;
    const db = join(temp.dir, `run-${configs}`, "porchlight.db");
    const file = join(temp.dir, `porchlight-${configs}.yaml`);
    writeFileSync(
      file,
      [
        "database:",
        `  path: ${db}`,
        "discord:",
        `  token: ${token}`,
        `  applicationId: "${fake.applicationId}"`,
        `  guilds: ["${guild.id}"]`,
        `  apiBase: ${fake.apiBase}`,
        "",
      ].join("\n"),
    );
    return { file, db };
  }

  it("doctor with a wrong token: exits non-zero with one line naming Discord and the rejected token", async () => {
    const { file } = writeConfig(WRONG_TOKEN);
    const run = await spawnCli(["doctor", "--config", file]).done;
    expect(run.timedOut).toBe(false);
    expect(run.code).not.toBe(0);
    expect(lines(run.stderr)).toEqual(["problem: discord: the bot token was rejected (401 Unauthorized)"]);
    expect(`${run.stdout}${run.stderr}`).not.toContain(WRONG_TOKEN);
    expectNoStackTrace(run);
  });

  it("start with a wrong token: exits by itself, non-zero, with one clear line, leaving nothing running", async () => {
    const { file } = writeConfig(WRONG_TOKEN);
    const sessionsBefore = fake.gateway.sessions.length;
    const run = await spawnCli(["start", "--config", file]).done;
    expect(run.timedOut).toBe(false);
    expect(run.signal).toBeNull();
    expect(run.code).not.toBe(0);
    // The start log (JSON records: where the database key came from) comes before the one line for people.
    const [line, ...more] = lines(run.stderr).filter((l) => !l.startsWith("{"));
    expect(more).toEqual([]);
    expect(line).toMatch(/^porchlight: .*discord.*token/i);
    expect(`${run.stdout}${run.stderr}`).not.toContain(WRONG_TOKEN);
    expectNoStackTrace(run);
    // It never got as far as a gateway session, and registered nothing.
    expect(fake.gateway.sessions.length).toBe(sessionsBefore);
    expect(fake.state.guildCommands.get(guild.id) ?? []).toEqual([]);
  });

  it("start when the gateway refuses the token after REST accepted it: exits non-zero with one line", async () => {
    const { file } = writeConfig(fake.token);
    fake.gateway.rejectAllTokens = true;
    try {
      const run = await spawnCli(["start", "--config", file]).done;
      expect(run.timedOut).toBe(false);
      expect(run.code).not.toBe(0);
      // discord.js's gateway error is logged (a JSON record, level warn) before the one line for people.
      const plain = lines(run.stderr).filter((l) => !l.startsWith("{"));
      expect(plain).toEqual([lines(run.stderr).at(-1)]);
      expect(plain[0]).toMatch(/^porchlight: .*discord.*token/i);
      expectNoStackTrace(run);
      expect(fake.gateway.live).toBeUndefined();
    } finally {
      fake.gateway.rejectAllTokens = false;
    }
  });

  it("doctor with the right token exits 0 and reports Discord ok", async () => {
    const { file } = writeConfig(fake.token);
    const run = await spawnCli(["doctor", "--config", file]).done;
    expect(run.timedOut).toBe(false);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(lines(run.stdout)).toContain("ok: discord");
  });

  it("start with the right token connects, registers commands, and stops cleanly on SIGTERM", async () => {
    const { file, db } = writeConfig(fake.token);
    const { child, stderr, done } = spawnCli(["start", "--config", file]);
    // Running once it says so (its signal handlers are installed only then).
    await eventually(() => expect(stderr()).toContain('"msg":"porchlight is running"'), RUN_LIMIT_MS);
    expect(fake.state.guildCommands.get(guild.id)?.length ?? 0).toBeGreaterThan(0);
    expect(fake.gateway.live).toBeDefined();
    child.kill("SIGTERM");
    const run = await done;
    expect(run.timedOut).toBe(false);
    expect(run.code).toBe(0);
    expectNoStackTrace(run);
    // The database it created opens with the key: doctor says so.
    const check = await spawnCli(["doctor", "--config", file, "--db", db]).done;
    expect(check.code).toBe(0);
    expect(check.stdout).toContain(`ok: database key opens ${db}`);
  }, 75_000);

  // Regression (src/operations.ts, runDoctor): for a database that does not exist yet, doctor always says it
  // "will be created, with a new key file", even when PORCHLIGHT_DB_KEY is set, in which case no key
  // file is ever written (src/store/key.ts resolveDatabaseKey returns the env key first). An operator
  // is told to expect, and keep safe, a file that never appears.
  it("doctor does not promise a new key file when PORCHLIGHT_DB_KEY is set", async () => {
    const { file } = writeConfig(fake.token);
    const run = await spawnCli(["doctor", "--config", file]).done;
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("does not exist yet");
    expect(run.stdout).not.toContain("new key file");
  });

  // Regression (src/operations.ts, runStart): the SIGINT/SIGTERM handlers are installed only after
  // app.start() resolves. A stop asked for while Discord is slow to answer during start gets Node's
  // default action: the process dies by the signal, without app.stop() (no flush, no database
  // close, adapters not stopped). Fix: install the handlers before app.start() and, on a signal
  // during start, stop the app once start has settled, then exit 0.
  it("start asked to stop while still starting stops cleanly and exits 0", async () => {
    const { file } = writeConfig(fake.token);
    const before = fake.gateway.sessions.length;
    // Hold start up: the adapter reads the registered commands right after the gateway is ready.
    fake.inject({ kind: "delay", ms: 5000 }, 1, "GET /applications/");
    const { child, done } = spawnCli(["start", "--config", file]);
    await eventually(() => expect(fake.gateway.sessions.slice(before).some((s) => s.socket !== null)).toBe(true), RUN_LIMIT_MS);
    child.kill("SIGTERM");
    const run = await done;
    expect(run.timedOut).toBe(false);
    expect(run.signal).toBeNull();
    expect(run.code).toBe(0);
  });
});

describe("porchlight start when Discord goes away", { timeout: 75_000 }, () => {
  // Regression (src/cli.ts): with Discord gone, discord.js kept the process alive after the bot had
  // stopped and closed its database, so `start` never exited on SIGTERM.
  it("exits on SIGTERM, cleanly", async () => {
    const own = await FakeDiscord.start();
    const guild = own.state.addGuild("Westside");
    const temp = tempDir("porchlight-discord-gone-");
    try {
      const file = join(temp.dir, "porchlight.yaml");
      writeFileSync(
        file,
        [
          "database:",
          `  path: ${join(temp.dir, "porchlight.db")}`,
          "discord:",
          `  token: ${own.token}`,
          `  applicationId: "${own.applicationId}"`,
          `  guilds: ["${guild.id}"]`,
          `  apiBase: ${own.apiBase}`,
          "",
        ].join("\n"),
      );
      const { child, stderr, done } = spawnCli(["start", "--config", file], 30_000);
      await eventually(() => expect(stderr()).toContain('"msg":"porchlight is running"'), RUN_LIMIT_MS);
      await own.close();
      await new Promise((r) => setTimeout(r, 500));
      child.kill("SIGTERM");
      const run = await done;
      expect(run.timedOut).toBe(false);
      expect(run.code).toBe(0);
      expectNoStackTrace(run);
    } finally {
      temp.cleanup();
    }
  });
});
