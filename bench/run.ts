import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { tempDir } from "../tests/support/app.js";
import { bareCommitsPerSecond, coreSignupsPerSecond } from "./core.js";
import { cpus, loadavg } from "node:os";
import { dmFanoutBenchmark } from "./dm-fanout.js";
import { fanoutBenchmark } from "./fanout.js";
import { raidBenchmark } from "./raid.js";
import { QUICK, SCALE } from "./scale.js";

/** Memory is measured in a process of its own, so the other benchmarks' garbage does not count. */
function measureMemoryInFreshProcess(): { rssMb: number; baselineMb: number } {
  const script = fileURLToPath(new URL("./memory.ts", import.meta.url));
  const out = execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", script], { encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").pop()!) as { rssMb: number; baselineMb: number };
}

/**
 * `npm run bench`: figures and ratios against baselines measured in the same run. Benchmarks print;
 * they never assert, since timings depend on the machine.
 */
async function main(): Promise<void> {
  const count = SCALE.signups;
  line("machine load (1, 5, 15 min)", `${loadavg().map((l) => l.toFixed(2)).join(", ")} on ${cpus().length} cores${QUICK ? "; BENCH_QUICK: small scale" : ""}`);
  const tmp = tempDir("porchlight-bench-");
  try {
    // Alternate the two, three rounds each, and take the median: fsync time drifts with whatever
    // else the disk is doing, and alternating exposes both to the same drift.
    const bares: number[] = [];
    const cores: number[] = [];
    for (let round = 0; round < SCALE.rounds; round++) {
      const dir = tempDir("porchlight-bench-");
      bares.push(bareCommitsPerSecond(dir.dir, count));
      cores.push(await coreSignupsPerSecond(dir.dir, count));
      dir.cleanup();
    }
    const bare = median(bares);
    const core = median(cores);
    const ratio = core / bare;
    line("sign-ups through the core", `${core.toFixed(0)} commands/s`);
    line("bare better-sqlite3 commits (synchronous=FULL)", `${bare.toFixed(0)} commits/s`);
    line("ratio core / bare", `${ratio.toFixed(2)} (target >= 0.67) ${ratio >= 0.67 ? "OK" : "BELOW TARGET"}`);
    const mem = measureMemoryInFreshProcess();
    line("resident memory, 10,000 members and 500 chats", `${mem.rssMb.toFixed(1)} MB (target < 150) ${mem.rssMb < 150 ? "OK" : "ABOVE TARGET"}`);
    line("resident memory before loading", `${mem.baselineMb.toFixed(1)} MB`);
    await fanoutBenchmark(line);
    await dmFanoutBenchmark(line);
    await raidBenchmark(line);
  } finally {
    tmp.cleanup();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function line(what: string, figure: string): void {
  process.stdout.write(`${what.padEnd(50)} ${figure}\n`);
}

await main();
