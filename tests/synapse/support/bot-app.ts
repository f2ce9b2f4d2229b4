import { join } from "node:path";
import pino from "pino";
import { configSchema } from "../../../src/config/schema.js";
import type { Clock } from "../../../src/core/clock.js";
import { type App, buildPlatformAdapters, createApp } from "../../../src/main.js";
import { openStore } from "../../../src/store/open.js";
import { TEST_KEY } from "../../support/app.js";

/** The bot's account on the homeserver: one device, kept for the whole story. */
export interface BotAccount {
  accessToken: string;
  /** People whose invites the bot accepts. */
  allowedInviters: string[];
}

/** A running Porchlight app on Matrix, and every line it logged (to check nothing private is there). */
export interface BotApp {
  app: App;
  logLines: string[];
}

/**
 * The real app (store, core, delivery, scheduler) with the Matrix adapter built from the
 * configuration by buildPlatformAdapters (end-to-end encryption on by default), on an
 * encrypted SQLite database in `dir`. A second call on the same `dir` is a restart.
 */
export async function startBotApp(homeserverUrl: string, dir: string, account: BotAccount, clock: Clock): Promise<BotApp> {
  const config = configSchema.parse({
    database: { path: join(dir, "porchlight.db") },
    // The sandbox's limits are raised for tests; the bot is told so, as an operator would.
    matrix: {
      homeserverUrl,
      accessToken: account.accessToken,
      allowedInviters: account.allowedInviters,
      rateLimit: { burst: 100, perSecond: 100 },
    },
  });
  const logLines: string[] = [];
  const log = pino({ level: "debug" }, { write: (line: string) => void logLines.push(line) });
  const adapters = await buildPlatformAdapters(config, log);
  const store = openStore({ path: config.database.path, key: TEST_KEY });
  const app = createApp({ config, adapters, log, clock, store });
  await app.start();
  return { app, logLines };
}
