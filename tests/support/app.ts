import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { MemoryAdapter } from "../../adapters/memory/index.js";
import { type Config, configSchema } from "../../src/config/schema.js";
import { ManualClock } from "../../src/core/clock.js";
import { type ChatRef, parseCommandLine } from "../../src/core/port.js";
import { type App, type AppOptions, createApp } from "../../src/main.js";
import { openStore } from "../../src/store/open.js";

/** The key test databases are encrypted with. */
export const TEST_KEY = "test-key-0123456789abcdef";

/** A fresh temp folder, removed by the returned cleanup. */
export function tempDir(prefix = "porchlight-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A validated configuration with the database in `dir`. */
export function testConfig(dir: string, extra: Record<string, unknown> = {}): Config {
  return configSchema.parse({ database: { path: join(dir, "porchlight.db") }, ...extra });
}

/** A logger that writes nowhere. */
export const silentLog = pino({ level: "silent" });

/** A running app on a memory adapter, with helpers to speak as people. */
export interface TestApp {
  app: App;
  adapter: MemoryAdapter;
  clock: ManualClock;
  dir: string;
  /** `who` types `line` in group chat `chat` (without the `memory:` prefix). */
  say(chat: string, who: string, line: string): Promise<void>;
  /** `who` types `line` in their direct chat with the bot. */
  dm(who: string, line: string): Promise<void>;
  /** Texts the group chat received. */
  group(chat: string): string[];
  /** Texts `who` received privately. */
  inbox(who: string): string[];
  /** Stop the app (waiting for deliveries) and keep the folder. */
  stop(): Promise<void>;
  /** Stop and remove the folder. */
  close(): Promise<void>;
}

/** 2026-12-01 12:00 UTC, a Tuesday: the default "now" of tests. */
export const T0 = Date.UTC(2026, 11, 1, 12, 0);

/** Start an app on a memory adapter with an encrypted database in a temp folder (or `dir`). */
export async function startTestApp(
  opts: { dir?: string; now?: number; clock?: ManualClock; adapter?: MemoryAdapter; config?: Record<string, unknown>; jobs?: AppOptions["jobs"] } = {},
): Promise<TestApp> {
  const temp = opts.dir ? { dir: opts.dir, cleanup: () => {} } : tempDir();
  const clock = opts.clock ?? new ManualClock(opts.now ?? T0);
  const adapter = opts.adapter ?? new MemoryAdapter();
  const config = testConfig(temp.dir, opts.config);
  const store = openStore({ path: config.database.path, key: TEST_KEY });
  const app = createApp({ config, adapters: [adapter], log: silentLog, clock, store, ...(opts.jobs ? { jobs: opts.jobs } : {}) });
  await app.start();
  const author = (who: string) => ({ id: who.toLowerCase(), displayName: who, isBot: false });
  const command = async (chat: ChatRef, who: string, line: string, isDirect: boolean) => {
    const parsed = parseCommandLine(line);
    if (!parsed) throw new Error(`not a command: ${line}`);
    await adapter.push({ kind: "command", chat, author: author(who), isDirect, ...parsed });
    await app.delivery.flush(5000);
  };
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await app.stop({ flush: true });
  };
  return {
    app,
    adapter,
    clock,
    dir: temp.dir,
    say: (chat, who, line) => command(`memory:${chat}`, who, line, false),
    dm: (who, line) => command(`memory:@${who.toLowerCase()}`, who, line, true),
    group: (chat) => adapter.textsTo(`memory:${chat}`),
    inbox: (who) => [...adapter.textsTo(`dm:${who.toLowerCase()}`), ...adapter.textsTo(`memory:@${who.toLowerCase()}`)],
    stop,
    close: async () => {
      await stop();
      temp.cleanup();
    },
  };
}

/** The last text a list holds. */
export function last(texts: string[]): string {
  return texts[texts.length - 1] ?? "";
}
