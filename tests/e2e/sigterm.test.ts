/**
 * One SIGTERM stops `porchlight start` while its platform is down, as systemd and Docker send it:
 * once, then a kill some seconds later. Each platform is started against a port where nothing
 * listens and against a server that accepts and never answers; the signal comes once the bot has
 * begun trying. The process must end within 5 s of the signal, with code 0 and a "stopping" log
 * line, and leave a database that opens with the key and still holds what was queued before.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Outbox, type Target } from "../../src/delivery/outbox.js";
import { openStore } from "../../src/store/open.js";
import { eventually } from "../contract/adapter-contract.js";
import { FakeDiscord } from "../fakes/discord/server.js";
import { FakeTelegram } from "../fakes/telegram/index.js";
import { TEST_KEY, tempDir } from "../support/app.js";
import { type RunningCli, logMessages, startCli } from "../support/cli.js";
import { TEST_NOW } from "../support/clock.js";
import { type SilentServer, refusedPort, silentServer } from "../support/unreachable.js";

/** The bound, measured from the signal. */
const STOP_BOUND_MS = 5000;
/** Generous: tsx compiles the CLI and loads an SDK first, on a machine that may be busy. */
const SPAWN_LIMIT_MS = 60_000;
const ENV = { PORCHLIGHT_DB_KEY: TEST_KEY };

interface PlatformCase {
  name: string;
  /** The platform's configuration section, pointing at `base` (http://127.0.0.1:PORT). */
  section(base: string, webhookPort: number): string[];
  /** Where the message queued before the run goes. */
  target: Target;
  /**
   * Discord and Matrix give up at once when the connection is refused (exit 2, one line): the
   * signal may then come after the start already failed. Telegram keeps retrying getMe.
   */
  failsFastWhenRefused: boolean;
}

const PLATFORMS: PlatformCase[] = [
  {
    name: "telegram (long polling)",
    section: (base) => ["telegram:", '  token: "123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"', `  apiRoot: ${base}`],
    target: { kind: "direct", platform: "telegram", user: "1001" },
    failsFastWhenRefused: false,
  },
  {
    name: "telegram (webhook)",
    section: (base, webhookPort) => [
      "telegram:",
      '  token: "123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"',
      `  apiRoot: ${base}`,
      "  webhook:",
      "    url: https://bot.example.org/telegram/hook",
      "    secretToken: a-secret-token-of-some-length",
      `    port: ${webhookPort}`,
    ],
    target: { kind: "direct", platform: "telegram", user: "1001" },
    failsFastWhenRefused: false,
  },
  {
    name: "discord",
    section: (base) => ["discord:", '  token: "discord-bot-token"', '  applicationId: "100"', '  guilds: ["200"]', `  apiBase: ${base}/api`],
    target: { kind: "direct", platform: "discord", user: "300" },
    failsFastWhenRefused: true,
  },
  {
    name: "matrix",
    section: (base) => ["matrix:", `  homeserverUrl: ${base}`, '  accessToken: "syt_bot_token"'],
    target: { kind: "direct", platform: "matrix", user: "@alice:example.org" },
    failsFastWhenRefused: true,
  },
];

describe("one SIGTERM stops porchlight start while the platform is down", { timeout: SPAWN_LIMIT_MS + 10_000 }, () => {
  let temp: ReturnType<typeof tempDir>;
  let silent: SilentServer | undefined;

  beforeEach(() => {
    temp = tempDir("porchlight-sigterm-");
  });
  afterEach(async () => {
    await silent?.close();
    silent = undefined;
    temp.cleanup();
  });

  /** A database holding one queued message, and a configuration pointing at `base`. */
  async function prepare(platform: PlatformCase, base: string): Promise<{ config: string; db: string }> {
    const db = join(temp.dir, "porchlight.db");
    const store = openStore({ path: db, env: ENV });
    new Outbox(store.db).enqueue({ key: "queued-before", target: platform.target, msg: { text: "Shift tomorrow at 7" } }, TEST_NOW);
    store.close();
    const config = join(temp.dir, "porchlight.yaml");
    const yaml = ["database:", `  path: ${db}`, ...platform.section(base, await refusedPort()), ""].join("\n");
    writeFileSync(config, yaml, { mode: 0o600 });
    return { config, db };
  }

  /** Wait until the bot says it is connecting to the platform (or has ended by itself). */
  async function untilConnecting(run: RunningCli, ended: () => boolean): Promise<void> {
    await eventually(() => {
      expect(ended() || logMessages(run.output()).includes("connecting")).toBe(true);
    }, SPAWN_LIMIT_MS);
  }

  /** The database opens with the key, is whole, and the message queued before is still queued. */
  function expectDatabaseIntact(db: string): void {
    const store = openStore({ path: db, env: ENV, migrate: false });
    try {
      expect(store.db.pragma("integrity_check", { simple: true })).toBe("ok");
      const row = store.db.prepare("SELECT status, body FROM outbox WHERE key = ?").get("queued-before") as { status: string; body: string } | undefined;
      expect(row?.body).toContain("Shift tomorrow at 7");
      // Not given up on: pending, or `sending` (a send the stop cut short goes again on the next start).
      expect(["pending", "sending"]).toContain(row?.status);
    } finally {
      store.close();
    }
  }

  for (const platform of PLATFORMS) {
    it(`${platform.name}: a server that accepts and never answers`, async () => {
      silent = await silentServer();
      const { config, db } = await prepare(platform, `http://127.0.0.1:${silent.port}`);
      const run = startCli(["start", "--config", config], { env: ENV, limitMs: SPAWN_LIMIT_MS });
      let ended = false;
      void run.done.then(() => (ended = true));
      // The bot has begun trying: its first request is waiting on the silent server.
      await Promise.race([silent.connected, run.done]);
      expect(ended, `ended before the signal: ${run.output()}`).toBe(false);
      const signalledAt = Date.now();
      run.child.kill("SIGTERM");
      const result = await run.done;
      expect(result.killed).toBe(false);
      expect(result.endedAt - signalledAt).toBeLessThan(STOP_BOUND_MS);
      expect(result.signal).toBeNull();
      expect(result.code, result.stderr).toBe(0);
      expect(logMessages(result.stderr)).toContain("stopping");
      expect(result.stderr).not.toMatch(/^\s+at /m);
      expectDatabaseIntact(db);
    });

    it(`${platform.name}: a port where nothing listens`, async () => {
      const { config, db } = await prepare(platform, `http://127.0.0.1:${await refusedPort()}`);
      const run = startCli(["start", "--config", config], { env: ENV, limitMs: SPAWN_LIMIT_MS });
      let ended = false;
      void run.done.then(() => (ended = true));
      await untilConnecting(run, () => ended);
      if (!platform.failsFastWhenRefused) expect(ended, `ended before the signal: ${run.output()}`).toBe(false);
      const signalledAt = Date.now();
      run.child.kill("SIGTERM");
      const result = await run.done;
      expect(result.killed).toBe(false);
      expect(result.signal).toBeNull();
      if (result.code === 0) {
        expect(result.endedAt - signalledAt).toBeLessThan(STOP_BOUND_MS);
        expect(logMessages(result.stderr)).toContain("stopping");
      } else {
        // The start failed by itself before the signal: one clear line, exit 2.
        expect(platform.failsFastWhenRefused).toBe(true);
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(/^porchlight: .*(unreachable|cannot reach)/m);
      }
      expect(result.stderr).not.toMatch(/^\s+at /m);
      expectDatabaseIntact(db);
    });
  }
});

describe("one SIGTERM stops porchlight console", { timeout: SPAWN_LIMIT_MS + 10_000 }, () => {
  it("with its input still open (a person at the console, or a script mid-way): exit 0, the database whole", async () => {
    const temp = tempDir("porchlight-sigterm-console-");
    try {
      const db = join(temp.dir, "porchlight.db");
      const run = startCli(["console", "--db", db], { env: ENV, limitMs: SPAWN_LIMIT_MS });
      run.child.stdin?.write("/network create Eastside\n");
      await eventually(() => expect(run.output()).toContain("Eastside"), SPAWN_LIMIT_MS);
      const signalledAt = Date.now();
      run.child.kill("SIGTERM");
      const result = await run.done;
      expect(result.killed).toBe(false);
      expect(result.endedAt - signalledAt).toBeLessThan(STOP_BOUND_MS);
      expect(result.signal).toBeNull();
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).not.toMatch(/^\s+at /m);
      // What the line did before the signal was kept.
      const store = openStore({ path: db, env: ENV, migrate: false });
      try {
        expect(store.db.pragma("integrity_check", { simple: true })).toBe("ok");
        expect(store.db.prepare("SELECT name FROM networks").all()).toEqual([{ name: "Eastside" }]);
      } finally {
        store.close();
      }
    } finally {
      temp.cleanup();
    }
  });
});

describe("one SIGTERM stops porchlight start on a platform that stops answering mid-run", { timeout: SPAWN_LIMIT_MS + 10_000 }, () => {
  let temp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    temp = tempDir("porchlight-sigterm-midrun-");
  });
  afterEach(() => temp.cleanup());

  /** End a run with one SIGTERM and check the bound, exit code and log line. */
  async function stopWithOneSignal(run: RunningCli): Promise<void> {
    const signalledAt = Date.now();
    run.child.kill("SIGTERM");
    const result = await run.done;
    expect(result.killed).toBe(false);
    expect(result.endedAt - signalledAt).toBeLessThan(STOP_BOUND_MS);
    expect(result.signal).toBeNull();
    expect(result.code, result.stderr).toBe(0);
    expect(logMessages(result.stderr)).toContain("stopping");
    expect(result.stderr).not.toMatch(/^\s+at /m);
  }

  it("telegram, during a broadcast whose sends the Bot API takes and never answers: no message given up on", async () => {
    const fake = await FakeTelegram.start();
    try {
      const groups = Array.from({ length: 4 }, (_, i) => fake.addGroup({ title: `Block ${i + 1}` }));
      const db = join(temp.dir, "porchlight.db");
      const store = openStore({ path: db, env: ENV });
      const outbox = new Outbox(store.db);
      for (const [i, group] of groups.entries()) {
        for (const n of [1, 2]) {
          outbox.enqueue({ key: `alert-${i}-${n}`, target: { kind: "chat", chat: `telegram:${group.chat.id}` }, msg: { text: `Alert ${n}` } }, TEST_NOW);
        }
      }
      store.close();
      // Every send is stored by the platform and then never answered within the run.
      fake.failNext({ kind: "slow", ms: 120_000 }, 100);
      const config = join(temp.dir, "porchlight.yaml");
      writeFileSync(config, ["database:", `  path: ${db}`, "telegram:", `  token: "${fake.token}"`, `  apiRoot: ${fake.apiRoot}`, ""].join("\n"));
      const run = startCli(["start", "--config", config], { env: ENV, limitMs: SPAWN_LIMIT_MS });
      // The broadcast is under way: a send reached the platform and waits for its answer.
      await eventually(() => expect(groups.some((g) => fake.texts(g.chat.id).length > 0)).toBe(true), SPAWN_LIMIT_MS);
      await stopWithOneSignal(run);
      const after = openStore({ path: db, env: ENV, migrate: false });
      try {
        const statuses = after.db.prepare("SELECT status FROM outbox WHERE key LIKE 'alert-%'").all() as { status: string }[];
        expect(statuses).toHaveLength(8);
        // Cut short by the stop: left in the outbox (`sending` goes again on the next start), never failed.
        for (const { status } of statuses) expect(["pending", "sending"]).toContain(status);
      } finally {
        after.close();
      }
    } finally {
      await fake.close();
    }
  });

  it("discord, while the gateway is gone and discord.js reconnects", async () => {
    const fake = await FakeDiscord.start();
    let closed = false;
    try {
      const guild = fake.state.addGuild("Eastside Rapid Response");
      const db = join(temp.dir, "porchlight.db");
      const config = join(temp.dir, "porchlight.yaml");
      writeFileSync(
        config,
        ["database:", `  path: ${db}`, "discord:", `  token: "${fake.token}"`, `  applicationId: "${fake.applicationId}"`, `  guilds: ["${guild.id}"]`, `  apiBase: ${fake.apiBase}`, ""].join(
          "\n",
        ),
      );
      const run = startCli(["start", "--config", config], { env: ENV, limitMs: SPAWN_LIMIT_MS });
      await eventually(() => expect(logMessages(run.output())).toContain("porchlight is running"), SPAWN_LIMIT_MS);
      // Discord goes away: the gateway drops and every reconnect is refused.
      await fake.close();
      closed = true;
      // Give discord.js a moment to notice and try to reconnect (it does so quietly; nothing is asserted on it).
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await stopWithOneSignal(run);
      const after = openStore({ path: db, env: ENV, migrate: false });
      expect(after.db.pragma("integrity_check", { simple: true })).toBe("ok");
      after.close();
    } finally {
      if (!closed) await fake.close();
    }
  });
});
