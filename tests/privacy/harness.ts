import { Writable } from "node:stream";
import { MemoryAdapter } from "../../adapters/memory/index.js";
import { ManualClock } from "../../src/core/clock.js";
import { type ChatRef, parseCommandLine } from "../../src/core/port.js";
import { createLogger } from "../../src/log.js";
import { type App, createApp } from "../../src/main.js";
import { openStore } from "../../src/store/open.js";
import { T0, TEST_KEY, tempDir, testConfig } from "../support/app.js";

/** A person with a platform id unlike their name, so a test can look for either. */
export interface Member {
  id: string;
  name: string;
}

/** A memory-adapter app whose real pino logger writes, at debug level, into `logText()`. */
export interface LoggedApp {
  app: App;
  adapter: MemoryAdapter;
  clock: ManualClock;
  dir: string;
  dbPath: string;
  say(chat: string, who: Member, line: string): Promise<void>;
  dm(who: Member, line: string): Promise<void>;
  inbox(who: Member): string[];
  logText(): string;
  close(): Promise<void>;
}

export async function startLoggedApp(): Promise<LoggedApp> {
  const { dir, cleanup } = tempDir("porchlight-privacy-");
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const log = createLogger({ level: "debug", destination: sink });
  const clock = new ManualClock(T0);
  const adapter = new MemoryAdapter();
  const config = testConfig(dir);
  const store = openStore({ path: config.database.path, key: TEST_KEY });
  const app = createApp({ config, adapters: [adapter], log, clock, store });
  await app.start();
  const send = async (chat: ChatRef, who: Member, line: string, isDirect: boolean) => {
    const parsed = parseCommandLine(line);
    if (!parsed) throw new Error(`not a command: ${line}`);
    await adapter.push({ kind: "command", chat, author: { id: who.id, displayName: who.name, isBot: false }, isDirect, ...parsed });
    await app.delivery.flush(5000);
  };
  let closed = false;
  return {
    app,
    adapter,
    clock,
    dir,
    dbPath: config.database.path,
    say: (chat, who, line) => send(`memory:${chat}`, who, line, false),
    dm: (who, line) => send(`memory:@${who.id}`, who, line, true),
    inbox: (who) => [...adapter.textsTo(`dm:${who.id}`), ...adapter.textsTo(`memory:@${who.id}`)],
    logText: () => chunks.join(""),
    close: async () => {
      if (closed) return;
      closed = true;
      await app.stop({ flush: true });
      cleanup();
    },
  };
}
