import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** What a finished CLI run printed. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run `porchlight ARGS` as a separate process with `input` on stdin; killed after `timeoutMs`. */
export function runCli(args: string[], opts: { input?: string; env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", `${ROOT}src/cli.ts`, ...args], {
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
