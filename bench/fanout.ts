import { REST, Routes } from "discord.js";
import { Bot } from "grammy";
import { LogLevel, LogService, MatrixClient } from "matrix-bot-sdk";
import { createDiscordAdapter } from "../adapters/discord/index.js";
import { createMatrixAdapter } from "../adapters/matrix/index.js";
import { createTelegramAdapter } from "../adapters/telegram/index.js";
import { broadcast } from "../src/alerts/broadcast.js";
import { AlertStore } from "../src/alerts/store.js";
import { createApp } from "../src/main.js";
import { openStore } from "../src/store/open.js";
import { readFileSync } from "node:fs";
import type { PlatformAdapter } from "../src/core/port.js";
import { ALERT_MARK } from "../tests/alerts/fanout-world.js";
import { OffsetClock, systemClock } from "../src/core/clock.js";
import { TEST_NOW } from "../tests/support/clock.js";
import { SCALE } from "./scale.js";
import { RemoteWorld, type WorldFacts } from "./remote-world.js";
import { silentLog, TEST_KEY, tempDir, testConfig } from "../tests/support/app.js";

/** Chats per platform. */
const CHATS = SCALE.chats;
/** Round trip the fakes add to every request, like a real network. */
export const LATENCY_MS = 50;
/** Synapse-style limit configured on the fake homeserver: a burst, then this many sends per second. */
export const MATRIX_BURST = 10;
export const MATRIX_RATE = 20;

/** Result of one fan-out. */
export interface FanoutFigures {
  wallMs: number;
  lost: number;
  duplicated: number;
  /** When each platform's last chat had it (Porchlight's run only). */
  perPlatformMs?: Record<string, number>;
  /** 429 answers the fakes gave. */
  refused?: number;
  /** How long the quorum's transaction (alert, deliveries, outbox rows) took to commit. */
  commitMs?: number;
  /** With the verifier confirming in a target chat: whether that chat got the answer to /confirm. */
  confirmAnswered?: boolean;
}

/** Start the fakes, enforcing the documented limits with a round trip, in a process of their own. */
export function limitedWorld(dir: string, chats: number): Promise<{ remote: RemoteWorld; facts: WorldFacts }> {
  return RemoteWorld.start({ dir, chats, latencyMs: LATENCY_MS, matrixBurst: MATRIX_BURST, matrixRate: MATRIX_RATE });
}

/**
 * Each platform's floor from the limits in its adapter's `pacing`, for a server that counts a send
 * when it handles it (as the fakes do, after the round trip): the sends one window allows go at
 * once and are counted a round trip later, the next ones are counted one window after those.
 * Telegram 30 per second; Discord 50 per second (5 per 5 s per channel: one each here); Matrix a
 * burst, then a steady rate. The pacer counts a send from its answer, so it can reach this floor
 * plus one round trip per window, no closer.
 */
export function platformMinimumMs(chats = CHATS): Record<"telegram" | "discord" | "matrix", number> {
  return {
    telegram: (Math.ceil(chats / 30) - 1) * 1000 + LATENCY_MS,
    discord: (Math.ceil(chats / 50) - 1) * 1000 + LATENCY_MS,
    matrix: (Math.max(0, chats - MATRIX_BURST) / MATRIX_RATE) * 1000 + LATENCY_MS,
  };
}

/** The platforms run side by side, so the whole broadcast's floor is the slowest one's. */
export function theoreticalMinimumMs(chats = CHATS): number {
  return Math.max(...Object.values(platformMinimumMs(chats)));
}

/** The bot's three adapters, pointed at the fakes. */
export function adaptersFor(facts: WorldFacts): PlatformAdapter[] {
  const yaml = readFileSync(facts.configPath, "utf8");
  return [
    createTelegramAdapter({ token: facts.telegram.token, apiRoot: facts.telegram.apiRoot }, { log: silentLog }),
    createDiscordAdapter({ ...facts.discord, guilds: [/guilds: \["(\d+)"\]/.exec(yaml)![1]!], roleMap: {} }, { log: silentLog }),
    createMatrixAdapter(
      {
        homeserverUrl: facts.matrix.url,
        accessToken: /accessToken: (\S+)/.exec(yaml)![1]!,
        syncTimeoutMs: 1000,
        // Synapse's bucket, as configured on this homeserver.
        pacing: { perWindow: MATRIX_BURST, windowMs: 1000, refillMs: 1000 / MATRIX_RATE },
      },
      { log: silentLog },
    ),
  ];
}

/**
 * One verified alert to every chat through Porchlight: the outbox, per-platform workers and pacers.
 * `confirmInChat`: the quorum is reached by the verifier's /confirm typed in one of the target
 * Telegram groups, so the answer to it shares that group's limit with the alert; otherwise the
 * quorum's transaction is run directly and the clock starts when it has committed.
 */
export async function porchlightFanout(chats = CHATS, opts: { confirmInChat?: boolean } = {}): Promise<FanoutFigures> {
  const tmp = tempDir("porchlight-fanout-");
  const { remote, facts } = await limitedWorld(tmp.dir, chats);
  const config = testConfig(tmp.dir);
  // The world's report was made on the test clock; the bot runs on it too, from now on.
  const clock = new OffsetClock(systemClock, TEST_NOW);
  const app = createApp({ config, adapters: adaptersFor(facts), log: silentLog, clock, store: openStore({ path: facts.dbPath, key: TEST_KEY }) });
  try {
    await app.start();
    // Let start-up requests (command menus) leave the platforms' rate windows.
    await new Promise((r) => setTimeout(r, 1500));
    await remote.ask({ op: "watch", mark: ALERT_MARK });
    let started: number;
    let commitMs: number | undefined;
    if (opts.confirmInChat) {
      started = (await remote.ask({ op: "confirm", chatIndex: 0, text: "/confirm 1" })) as number;
    } else {
      // The quorum is reached: the alert, its deliveries and outbox rows are committed together,
      // then the workers wake. The clock starts at the commit (its time is printed on its own).
      const before = wallNow();
      const { db } = app.store;
      db.transaction(() => {
        const store = new AlertStore(db);
        const lead = store.byNum(1, 1)!;
        const now = clock.now();
        store.setState(lead.id, "verified", null, now, now + 4 * 3_600_000);
        const network = app.services.networks.get(1)!;
        broadcast(app.services, { network, lead, kind: "alert", text: lead.text, what: lead.what, size: lead.size, place: lead.place, expiresAt: now + 4 * 3_600_000, now });
      })();
      started = wallNow();
      commitMs = started - before;
      app.delivery.wakeAll();
    }
    await remote.ask({ op: "wait", n: 3 * chats, timeoutMs: 60_000 });
    await app.delivery.flush(5000);
    const report = await remote.report(opts.confirmInChat ? String(facts.telegramChats[0]) : undefined);
    const times = report.first.map(([, t]) => t);
    const perPlatformMs: Record<string, number> = {};
    for (const p of ["telegram", "discord", "matrix"]) {
      const mine = report.first.filter(([chat]) => chat.startsWith(`${p}:`)).map(([, t]) => t);
      if (mine.length === chats) perPlatformMs[p] = Math.max(...mine) - started;
    }
    return {
      wallMs: times.length === 3 * chats ? Math.max(...times) - started : Number.NaN,
      lost: 3 * chats - report.delivered,
      duplicated: report.duplicated,
      perPlatformMs,
      refused: report.refused,
      ...(commitMs !== undefined ? { commitMs } : {}),
      ...(opts.confirmInChat ? { confirmAnswered: report.texts.some((t) => /confirm/i.test(t) && !t.includes(ALERT_MARK)) } : {}),
    };
  } finally {
    await app.stop();
    await remote.close();
    tmp.cleanup();
  }
}

/** Wall-clock milliseconds with sub-millisecond precision, comparable with the fakes' process. */
export function wallNow(): number {
  return performance.timeOrigin + performance.now();
}

/** The same alert sent chat by chat, awaiting each, with each SDK's default client. */
export async function sequentialFanout(chats = CHATS): Promise<FanoutFigures> {
  const tmp = tempDir("porchlight-fanout-seq-");
  const { remote, facts } = await limitedWorld(tmp.dir, chats);
  const yaml = readFileSync(facts.configPath, "utf8");
  LogService.setLevel(LogLevel.ERROR);
  LogService.muteModule("MatrixHttpClient");
  const text = `🚨 ${ALERT_MARK} · Eastside\nWhat: 2 unmarked vans, agents at doors\nWhere: Elm St`;
  const tg = new Bot(facts.telegram.token, { client: { apiRoot: facts.telegram.apiRoot } });
  const rest = new REST({ api: facts.discord.apiBase }).setToken(facts.discord.token);
  const mx = new MatrixClient(facts.matrix.url, /accessToken: (\S+)/.exec(yaml)![1]!);
  const sends: (() => Promise<unknown>)[] = [
    ...facts.telegramChats.map((id) => () => tg.api.sendMessage(id, text)),
    ...facts.discordChannels.map((id) => () => rest.post(Routes.channelMessages(id), { body: { content: text } })),
    ...facts.matrixRooms.map((id) => () => mx.sendText(id, text)),
  ];
  try {
    const started = performance.now();
    for (const send of sends) await send().catch(() => undefined);
    const wallMs = performance.now() - started;
    const report = await remote.report();
    return { wallMs, lost: 3 * chats - report.delivered, duplicated: report.duplicated };
  } finally {
    await remote.close();
    tmp.cleanup();
  }
}

/** Print one fan-out's figures against each platform's own floor. */
function printFanout(line: (what: string, figure: string) => void, title: string, ours: FanoutFigures): void {
  const min = theoreticalMinimumMs();
  const ratio = ours.wallMs / min;
  line(title, `${ours.wallMs.toFixed(0)} ms`);
  if (ours.commitMs !== undefined) line("  the quorum's commit before it (not counted)", `${ours.commitMs.toFixed(0)} ms`);
  if (ours.confirmAnswered !== undefined) line("  the verifier's chat got the answer to /confirm", ours.confirmAnswered ? "yes" : "NO");
  line("  theoretical minimum from the limits (+1 round trip)", `${min.toFixed(0)} ms`);
  line("  ratio wall / minimum", `${ratio.toFixed(2)} (target <= 1.10) ${ratio <= 1.1 ? "OK" : "ABOVE TARGET"}`);
  line("  lost / duplicated", `${ours.lost} / ${ours.duplicated} (target 0 / 0)`);
  line("  429 answers from the fakes", `${ours.refused ?? 0} (target 0)`);
  for (const [platform, floor] of Object.entries(platformMinimumMs())) {
    const ms = ours.perPlatformMs?.[platform];
    const own = ms === undefined ? Number.NaN : ms / floor;
    line(
      `  ${platform}: done after / its own minimum`,
      `${ms?.toFixed(0) ?? "never"} ms / ${floor.toFixed(0)} ms = ${own.toFixed(2)} (target <= 1.10) ${own <= 1.1 ? "OK" : "ABOVE TARGET"}`,
    );
  }
}

/** Run the fan-outs and print the figures; benchmarks never assert. */
export async function fanoutBenchmark(line: (what: string, figure: string) => void): Promise<void> {
  const ours = await porchlightFanout();
  const confirmed = await porchlightFanout(CHATS, { confirmInChat: true });
  const sequential = await sequentialFanout();
  line(
    "fan-out: fakes in a process of their own, enforcing",
    `Telegram 30/s + 20/min/group + 1/s/private chat, Discord 50/s + 5/5s/channel, Matrix burst ${MATRIX_BURST} then ${MATRIX_RATE}/s; ${LATENCY_MS} ms per request`,
  );
  printFanout(line, `fan-out: 1 alert to ${CHATS} Telegram + ${CHATS} Discord + ${CHATS} Matrix chats`, ours);
  printFanout(line, "fan-out, the verifier confirming in a target group (from /confirm typed)", confirmed);
  const speedup = sequential.wallMs / ours.wallMs;
  line("  chat by chat with each SDK's defaults", `${sequential.wallMs.toFixed(0)} ms, lost ${sequential.lost}, duplicated ${sequential.duplicated}`);
  line("  speed-up over chat by chat", `${speedup.toFixed(1)}x (target >= 3) ${speedup >= 3 ? "OK" : "BELOW TARGET"}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await fanoutBenchmark((what, figure) => process.stdout.write(`${what.padEnd(55)} ${figure}\n`));
}
