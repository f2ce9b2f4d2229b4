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
import { type FanoutWorld, fanoutWorld } from "../tests/alerts/fanout-world.js";
import { silentLog, TEST_KEY, tempDir, testConfig } from "../tests/support/app.js";

/** Chats per platform. */
const CHATS = 50;
/** Round trip the fakes add to every request, like a real network. */
const LATENCY_MS = 50;
/** Synapse-style limit configured on the fake homeserver: a burst, then this many sends per second. */
const MATRIX_BURST = 10;
const MATRIX_RATE = 20;

/** Result of one fan-out. */
export interface FanoutFigures {
  wallMs: number;
  lost: number;
  duplicated: number;
  /** When each platform's last chat had it (Porchlight's run only). */
  perPlatformMs?: Record<string, number>;
  /** 429 answers the fakes gave. */
  refused?: number;
}

/** Fakes enforcing the documented limits, with a round trip on every request. */
async function limitedWorld(dir: string): Promise<FanoutWorld> {
  const w = await fanoutWorld(dir, CHATS);
  w.tg.enforceLimits();
  w.tg.server.latencyMs = LATENCY_MS;
  w.dc.enforceRealLimits();
  w.dc.latencyMs = LATENCY_MS;
  w.mx.limits.enforce(MATRIX_BURST, MATRIX_RATE);
  w.mx.limits.latencyMs = LATENCY_MS;
  w.tg.markStarted(w.vic);
  return w;
}

function count(w: FanoutWorld): { delivered: number; lost: number; duplicated: number } {
  let delivered = 0;
  let duplicated = 0;
  for (const copies of w.copies().values()) {
    if (copies.length > 0) delivered++;
    duplicated += Math.max(0, copies.length - 1);
  }
  return { delivered, lost: 3 * CHATS - delivered, duplicated };
}

/**
 * Each platform's floor from its own limits, plus one round trip for the last send: Telegram sends
 * 30 per second, Discord 50 per second (5 per 5 s per channel: one each here), Matrix a burst then
 * a steady rate.
 */
export function platformMinimumMs(): Record<"telegram" | "discord" | "matrix", number> {
  return {
    telegram: (Math.ceil(CHATS / 30) - 1) * 1000 + LATENCY_MS,
    discord: (Math.ceil(CHATS / 50) - 1) * 1000 + LATENCY_MS,
    matrix: (Math.max(0, CHATS - MATRIX_BURST) / MATRIX_RATE) * 1000 + LATENCY_MS,
  };
}

/** The platforms run side by side, so the whole broadcast's floor is the slowest one's. */
export function theoreticalMinimumMs(): number {
  return Math.max(...Object.values(platformMinimumMs()));
}

/** One verified alert to every chat through Porchlight: the outbox, per-platform workers and pacers. */
export async function porchlightFanout(): Promise<FanoutFigures> {
  const tmp = tempDir("porchlight-fanout-");
  const w = await limitedWorld(tmp.dir);
  const config = testConfig(tmp.dir);
  const tokenOf = (text: string) => /accessToken: (\S+)/.exec(text)?.[1] ?? "";
  const yaml = (await import("node:fs")).readFileSync(w.configPath, "utf8");
  const adapters = [
    createTelegramAdapter({ token: w.tg.token, apiRoot: w.tg.apiRoot }, { log: silentLog }),
    createDiscordAdapter(
      { token: w.dc.token, applicationId: w.dc.applicationId, guilds: [/guilds: \["(\d+)"\]/.exec(yaml)![1]!], apiBase: w.dc.apiBase, roleMap: {} },
      { log: silentLog },
    ),
    createMatrixAdapter(
      {
        homeserverUrl: w.mx.url,
        accessToken: tokenOf(yaml),
        syncTimeoutMs: 1000,
        // Synapse's bucket, as configured on this homeserver.
        pacing: { perWindow: MATRIX_BURST, windowMs: 1000, refillMs: 1000 / MATRIX_RATE },
      },
      { log: silentLog },
    ),
  ];
  const app = createApp({ config, adapters, log: silentLog, store: openStore({ path: w.dbPath, key: TEST_KEY }) });
  try {
    await app.start();
    // Let start-up requests (command menus) leave the platforms' rate windows.
    await new Promise((r) => setTimeout(r, 1500));
    // The quorum is reached: the alert, its deliveries and outbox rows are committed together, then
    // the workers wake. (A command's own reply is sent straight away, outside the pacer, so it is
    // left out here: it would take one of the platform's slots and skew the figure.)
    const started = performance.now();
    const { db } = app.store;
    db.transaction(() => {
      const store = new AlertStore(db);
      const lead = store.byNum(1, 1)!;
      const now = Date.now();
      store.setState(lead.id, "verified", null, now, now + 4 * 3_600_000);
      const network = app.services.networks.get(1)!;
      broadcast(app.services, { network, lead, kind: "alert", text: lead.text, what: lead.what, size: lead.size, place: lead.place, expiresAt: now + 4 * 3_600_000, now });
    })();
    app.delivery.wakeAll();
    let wallMs = Number.NaN;
    const done: Record<string, number> = {};
    for (const deadline = started + 60_000; performance.now() < deadline; ) {
      for (const p of ["telegram", "discord", "matrix"]) {
        if (done[p] === undefined && [...w.copies()].filter(([c, l]) => c.startsWith(p) && l.length > 0).length === CHATS) done[p] = performance.now() - started;
      }
      if (count(w).delivered === 3 * CHATS) {
        wallMs = performance.now() - started;
        break;
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    await app.delivery.flush(5000);
    const { lost, duplicated } = count(w);
    const refused = w.tg.server.limits.refused + (w.dc.faults.limits?.rejected ?? 0) + w.mx.limits.refused;
    return { wallMs, lost, duplicated, perPlatformMs: done, refused };
  } finally {
    await app.stop();
    await w.close();
    tmp.cleanup();
  }
}

/** The same alert sent chat by chat, awaiting each, with each SDK's default client. */
export async function sequentialFanout(): Promise<FanoutFigures> {
  const tmp = tempDir("porchlight-fanout-seq-");
  const w = await limitedWorld(tmp.dir);
  const yaml = (await import("node:fs")).readFileSync(w.configPath, "utf8");
  LogService.setLevel(LogLevel.ERROR);
  LogService.muteModule("MatrixHttpClient");
  const text = "🚨 VERIFIED ALERT #1 · Eastside\nWhat: 2 unmarked vans, agents at doors\nWhere: Elm St";
  const tg = new Bot(w.tg.token, { client: { apiRoot: w.tg.apiRoot } });
  const rest = new REST({ api: w.dc.apiBase }).setToken(w.dc.token);
  const mx = new MatrixClient(w.mx.url, /accessToken: (\S+)/.exec(yaml)![1]!);
  const sends: (() => Promise<unknown>)[] = [
    ...w.telegramChats.map((id) => () => tg.api.sendMessage(id, text)),
    ...w.discordChannels.map((id) => () => rest.post(Routes.channelMessages(id), { body: { content: text } })),
    ...w.matrixRooms.map((id) => () => mx.sendText(id, text)),
  ];
  try {
    const started = performance.now();
    for (const send of sends) await send().catch(() => undefined);
    const wallMs = performance.now() - started;
    const { lost, duplicated } = count(w);
    return { wallMs, lost, duplicated };
  } finally {
    await w.close();
    tmp.cleanup();
  }
}

/** Run both and print the figures; benchmarks never assert. */
export async function fanoutBenchmark(line: (what: string, figure: string) => void): Promise<void> {
  const ours = await porchlightFanout();
  const sequential = await sequentialFanout();
  const min = theoreticalMinimumMs();
  const ratio = ours.wallMs / min;
  const speedup = sequential.wallMs / ours.wallMs;
  line(`fan-out: 1 alert to ${CHATS} Telegram + ${CHATS} Discord + ${CHATS} Matrix chats`, `${ours.wallMs.toFixed(0)} ms`);
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
  line("  chat by chat with each SDK's defaults", `${sequential.wallMs.toFixed(0)} ms, lost ${sequential.lost}, duplicated ${sequential.duplicated}`);
  line("  speed-up over chat by chat", `${speedup.toFixed(1)}x (target >= 3) ${speedup >= 3 ? "OK" : "BELOW TARGET"}`);
  line(
    "  limits enforced by the fakes",
    `Telegram 30/s + 20/min/group + 1/s/private chat, Discord 50/s + 5/5s/channel, Matrix burst ${MATRIX_BURST} then ${MATRIX_RATE}/s; ${LATENCY_MS} ms per request`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await fanoutBenchmark((what, figure) => process.stdout.write(`${what.padEnd(55)} ${figure}\n`));
}
