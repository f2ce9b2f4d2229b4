import { MemoryAdapter } from "../adapters/memory/index.js";
import { AlertStore } from "../src/alerts/store.js";
import { ManualClock } from "../src/core/clock.js";
import { Networks } from "../src/core/network/networks.js";
import { People } from "../src/core/people.js";
import { createApp } from "../src/main.js";
import { openStore } from "../src/store/open.js";
import { silentLog, T0, TEST_KEY, tempDir, testConfig } from "../tests/support/app.js";
import { SCALE } from "./scale.js";

/** Reports open for votes on the morning; each verifier votes on one of them. */
const REPORTS = 20;

/**
 * A raid morning: `members` people type at once in the network's group, a third confirming a
 * report, a third signing up for a response shift, a third voting unsure; each command is timed
 * from when it reached the core to when its answer was handed to the platform.
 */
export async function raidMorning(members = SCALE.raid): Promise<{ latencies: number[]; wallMs: number }> {
  const tmp = tempDir("porchlight-raid-");
  const config = testConfig(tmp.dir, { limits: { commandsPerMinute: 100_000, commandsPerChatPerMinute: 100_000 } });
  const store = openStore({ path: config.database.path, key: TEST_KEY, owner: true });
  const adapter = new MemoryAdapter();
  const clock = new ManualClock(T0);
  const app = createApp({ config, adapters: [adapter], log: silentLog, clock, store });
  try {
    await app.start();
    const say = (id: string, name: string, args: string) =>
      adapter.push({ kind: "command", chat: "memory:main", author: { id, displayName: id, isBot: false }, isDirect: false, name, args });
    await say("lead", "network", "create Eastside");
    const shifts = Math.max(1, Math.ceil(members / 3 / 10));
    for (let s = 0; s < shifts; s++) await say("lead", "shift", "new 2026-12-05 10:00 2h Hall 10");
    for (let i = 0; i < members; i++) await say(`m${i}`, "shifts", "");
    // Verifiers and open reports, as a network has them by the time the vans arrive.
    store.db.transaction(() => {
      const networks = new Networks(store.db);
      const network = networks.get(networks.chat("memory:main")!.networkId!)!;
      const people = new People(store.db);
      const lead = people.upsert("memory", { id: "lead", displayName: "lead", isBot: false }, null);
      const alerts = new AlertStore(store.db);
      for (let r = 0; r < REPORTS; r++) {
        alerts.create({
          networkId: network.id,
          groupOf: null,
          reporterId: lead.id,
          reportChat: null,
          text: `vans at block ${r}`,
          place: `${r} Elm St`,
          placeKey: `elm-${r}`,
          what: null,
          size: null,
          firsthand: true,
          createdAt: T0,
          expiresAt: T0 + 3_600_000,
        });
      }
      for (let i = 0; i < members; i += 1) {
        if (i % 3 === 1) continue;
        const p = people.upsert("memory", { id: `m${i}`, displayName: `m${i}`, isBot: false }, null);
        people.grant(network.id, p.id, "verifier", lead.id, T0);
      }
    })();
    const lines = Array.from({ length: members }, (_, i): [string, string] => {
      const report = String((i % REPORTS) + 1);
      if (i % 3 === 0) return ["confirm", report];
      if (i % 3 === 1) return ["signup", String((i % shifts) + 1)];
      return ["unsure", report];
    });
    const started = performance.now();
    adapter.sent.length = 0;
    const latencies = await Promise.all(
      lines.map(async ([name, args], i) => {
        const at = performance.now();
        await say(`m${i}`, name, args);
        return performance.now() - at;
      }),
    );
    const wallMs = performance.now() - started;
    return { latencies, wallMs };
  } finally {
    await app.stop();
    tmp.cleanup();
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Run the raid morning and print its figures; benchmarks never assert. */
export async function raidBenchmark(line: (what: string, figure: string) => void): Promise<void> {
  const { latencies, wallMs } = await raidMorning();
  const sorted = [...latencies].sort((a, b) => a - b);
  line(
    `raid morning: ${latencies.length} members confirming, signing up, voting at once`,
    `median ${percentile(sorted, 50).toFixed(0)} ms, p95 ${percentile(sorted, 95).toFixed(0)} ms, all answered in ${wallMs.toFixed(0)} ms`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await raidBenchmark((what, figure) => process.stdout.write(`${what.padEnd(55)} ${figure}\n`));
}
