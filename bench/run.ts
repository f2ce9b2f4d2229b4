import { tempDir } from "../tests/support/app.js";
import { bareCommitsPerSecond, coreSignupsPerSecond, residentAfterLoad } from "./core.js";

/**
 * `npm run bench`: figures and ratios against baselines measured in the same run. Benchmarks print;
 * they never assert, since timings depend on the machine.
 */
async function main(): Promise<void> {
  const count = Number(process.env.BENCH_SIGNUPS ?? 2000);
  const tmp = tempDir("porchlight-bench-");
  try {
    // Warm up both paths so neither pays for first-use compilation in the measured run.
    bareCommitsPerSecond(tempDir("porchlight-warm-").dir, 200);
    const bare = bareCommitsPerSecond(tmp.dir, count);
    const core = await coreSignupsPerSecond(tmp.dir, count);
    const ratio = core / bare;
    line("sign-ups through the core", `${core.toFixed(0)} commands/s`);
    line("bare better-sqlite3 commits (synchronous=FULL)", `${bare.toFixed(0)} commits/s`);
    line("ratio core / bare", `${ratio.toFixed(2)} (target >= 0.67) ${ratio >= 0.67 ? "OK" : "BELOW TARGET"}`);
    const mem = await residentAfterLoad(tempDir("porchlight-mem-").dir, 10_000, 500);
    line("resident memory, 10,000 members and 500 chats", `${mem.rssMb.toFixed(1)} MB (target < 150) ${mem.rssMb < 150 ? "OK" : "ABOVE TARGET"}`);
    line("resident memory before loading", `${mem.baselineMb.toFixed(1)} MB`);
  } finally {
    tmp.cleanup();
  }
}

function line(what: string, figure: string): void {
  process.stdout.write(`${what.padEnd(50)} ${figure}\n`);
}

await main();
