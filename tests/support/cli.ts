import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { isoInstant, TEST_NOW } from "./clock.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** What a finished CLI run printed. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Run `porchlight ARGS` as a separate process with `input` on stdin; killed after `timeoutMs`.
 * `console` and `start` run on the test clock: `--now` is the test's start instant unless `now`
 * (or an explicit `--now` in ARGS) says otherwise.
 */
export function runCli(
  args: string[],
  opts: { input?: string; env?: Record<string, string>; cwd?: string; timeoutMs?: number; now?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", `${ROOT}src/cli.ts`, ...withTestClock(args, opts.now)], {
      cwd: opts.cwd ?? ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...opts.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 30_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? "");
  });
}

/** ARGS with `--now` added where the command runs the bot and none was given. */
export function withTestClock(args: string[], now: number = TEST_NOW): string[] {
  const runsTheBot = args[0] === "console" || args[0] === "start";
  return runsTheBot && !args.includes("--now") ? [...args, "--now", isoInstant(now)] : args;
}

/** A CLI process the test can signal while it runs. */
export interface RunningCli {
  child: ChildProcess;
  /** Everything printed so far, stdout then stderr. */
  output(): string;
  /** Settles when the process has ended (killed with SIGKILL after `limitMs`: `killed` is then true). */
  done: Promise<CliResult & { signal: NodeJS.Signals | null; killed: boolean; endedAt: number }>;
}

/** Start `porchlight ARGS` as a separate process (stdin left open), for tests that signal it mid-run. */
export function startCli(args: string[], opts: { env?: Record<string, string>; limitMs?: number } = {}): RunningCli {
  const child = spawn(process.execPath, ["--import", "tsx", `${ROOT}src/cli.ts`, ...withTestClock(args)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...opts.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    child.kill("SIGKILL");
  }, opts.limitMs ?? 60_000);
  const done = new Promise<CliResult & { signal: NodeJS.Signals | null; killed: boolean; endedAt: number }>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, killed, stdout, stderr, endedAt: Date.now() });
    });
  });
  return { child, output: () => stdout + stderr, done };
}

/** The messages of the structured log records (JSON lines) in an output. */
export function logMessages(text: string): string[] {
  return text.split("\n").flatMap((line) => {
    try {
      const record = JSON.parse(line) as { msg?: unknown };
      return typeof record.msg === "string" ? [record.msg] : [];
    } catch {
      return [];
    }
  });
}

/** Split console output into blocks: each starts with a `[console:…]` or `[dm:…]` prefix. */
export function blocks(stdout: string): { to: string; text: string }[] {
  const out: { to: string; text: string }[] = [];
  for (const line of stdout.split("\n")) {
    const m = /^\[(console:[^\]]+|dm:[^\]]+)\] (.*)$/.exec(line);
    if (m) out.push({ to: m[1]!, text: m[2]! });
    else if (out.length > 0 && line !== "") out[out.length - 1]!.text += `\n${line}`;
  }
  return out;
}
