import { configSchema } from "../../src/config/schema.js";
import { ManualClock } from "../../src/core/clock.js";
import { type App, buildPlatformAdapters, createApp } from "../../src/main.js";
import { openStore } from "../../src/store/open.js";
import { FakeTelegram } from "../fakes/telegram/index.js";
import { silentLog, T0, TEST_KEY, tempDir } from "./app.js";

/** The whole app on the real Telegram adapter, against a fresh fake Bot API, on a manual clock at T0. */
export interface TelegramApp {
  fake: FakeTelegram;
  app: App;
  /** Stop the app (delivering what is due), close the fake, remove the folder. */
  close(): Promise<void>;
}

/** Start a {@link TelegramApp} with its encrypted database in a new temp folder named by `prefix`. */
export async function startTelegramApp(prefix: string): Promise<TelegramApp> {
  const temp = tempDir(prefix);
  const fake = await FakeTelegram.start();
  const config = configSchema.parse({ database: { path: `${temp.dir}/porchlight.db` }, telegram: { token: fake.token, apiRoot: fake.apiRoot } });
  const store = openStore({ path: config.database.path, key: TEST_KEY });
  const app = createApp({ config, adapters: await buildPlatformAdapters(config, silentLog), log: silentLog, clock: new ManualClock(T0), store });
  await app.start();
  return {
    fake,
    app,
    close: async () => {
      await app.stop({ flush: true });
      await fake.close();
      temp.cleanup();
    },
  };
}
