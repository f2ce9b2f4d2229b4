import { OffsetClock, systemClock } from "../src/core/clock.js";
import type { Platform } from "../src/core/port.js";
import { Outbox } from "../src/delivery/outbox.js";
import { createApp } from "../src/main.js";
import { openStore } from "../src/store/open.js";
import { TEST_NOW } from "../tests/support/clock.js";
import { silentLog, TEST_KEY, tempDir, testConfig } from "../tests/support/app.js";
import { adaptersFor, LATENCY_MS, limitedWorld, MATRIX_BURST, MATRIX_RATE, wallNow } from "./fanout.js";
import type { Members } from "./remote-world.js";
import { SCALE } from "./scale.js";

const DM_MARK = "SHIFT REMINDER";
const PLATFORMS = ["telegram", "discord", "matrix"] as const;

/**
 * Each platform's floor for one private message to each of `n` people, from its adapter's pacing:
 * Telegram 30 per second (1 per second per private chat: one each here); Discord 50 requests per
 * second, two per person (opening the DM channel, then the message); Matrix a burst, then a rate.
 */
export function dmMinimumMs(n: number): Record<(typeof PLATFORMS)[number], number> {
  return {
    telegram: (Math.ceil(n / 30) - 1) * 1000 + LATENCY_MS,
    discord: (Math.ceil((2 * n) / 50) - 1) * 1000 + 2 * LATENCY_MS,
    matrix: (Math.max(0, n - MATRIX_BURST) / MATRIX_RATE) * 1000 + LATENCY_MS,
  };
}

/** Shift reminders to `members` people over the three platforms at once, with a command typed in a group halfway. */
export async function dmFanout(members = SCALE.members): Promise<{
  perPlatform: number;
  doneMs: Record<string, number>;
  lost: number;
  repeats: number;
  refused: number;
  replyMs: number;
}> {
  const per = Math.ceil(members / 3);
  const tmp = tempDir("porchlight-dm-fanout-");
  const { remote, facts } = await limitedWorld(tmp.dir, 2);
  const people = (await remote.ask({ op: "members", perPlatform: per })) as Members;
  const clock = new OffsetClock(systemClock, TEST_NOW);
  const app = createApp({ config: testConfig(tmp.dir), adapters: adaptersFor(facts), log: silentLog, clock, store: openStore({ path: facts.dbPath, key: TEST_KEY }) });
  try {
    await app.start();
    await new Promise((r) => setTimeout(r, 1500));
    await remote.ask({ op: "watch", mark: DM_MARK });
    const outbox = new Outbox(app.store.db);
    const now = clock.now();
    outbox.batch(() => {
      for (const platform of PLATFORMS) {
        for (const user of people[platform]) {
          const target = { kind: "direct" as const, platform: platform as Platform, user };
          outbox.enqueue({ key: `bench-dm:${platform}:${user}`, target, msg: { text: `${DM_MARK}: shift #1 starts in 2 hours.` } }, now);
        }
      }
    });
    const started = wallNow();
    app.delivery.wakeAll();
    // Halfway through the fastest platform's share, someone asks for help in a group.
    await new Promise((r) => setTimeout(r, Math.min(...Object.values(dmMinimumMs(per))) / 2));
    const replyMs = (await remote.ask({ op: "ask", chatIndex: 0, text: "/help" })) as number;
    await remote.ask({ op: "wait", n: 3 * per, timeoutMs: 180_000 });
    await app.delivery.flush(5000);
    const report = await remote.report();
    const doneMs: Record<string, number> = {};
    for (const platform of PLATFORMS) {
      const mine = report.first.filter(([chat]) => chat.startsWith(`${platform}:`)).map(([, t]) => t);
      if (mine.length === per) doneMs[platform] = Math.max(...mine) - started;
    }
    return { perPlatform: per, doneMs, lost: 3 * per - report.first.length, repeats: report.repeats, refused: report.refused, replyMs };
  } finally {
    await app.stop();
    await remote.close();
    tmp.cleanup();
  }
}

/** Run the DM fan-out and print its figures; benchmarks never assert. */
export async function dmFanoutBenchmark(line: (what: string, figure: string) => void): Promise<void> {
  const r = await dmFanout();
  line(`DM fan-out: a reminder to ${3 * r.perPlatform} members (${r.perPlatform} per platform)`, `lost ${r.lost}, repeated ${r.repeats}, 429s ${r.refused} (target 0, 0, 0)`);
  for (const [platform, floor] of Object.entries(dmMinimumMs(r.perPlatform))) {
    const ms = r.doneMs[platform];
    const own = ms === undefined ? Number.NaN : ms / floor;
    line(
      `  ${platform}: done after / its own minimum`,
      `${ms?.toFixed(0) ?? "never"} ms / ${floor.toFixed(0)} ms = ${own.toFixed(2)} (target <= 1.15) ${own <= 1.15 ? "OK" : "ABOVE TARGET"}`,
    );
  }
  line("  reply to /help typed in a group mid-fan-out", `${r.replyMs.toFixed(0)} ms (target < 1000) ${r.replyMs < 1000 ? "OK" : "ABOVE TARGET"}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await dmFanoutBenchmark((what, figure) => process.stdout.write(`${what.padEnd(55)} ${figure}\n`));
}
