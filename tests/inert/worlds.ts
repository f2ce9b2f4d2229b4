/**
 * The real app on each platform's fake, for tests of what the platform stores when the bot echoes
 * what someone typed: a member sends a command through the fake, the app answers through the real
 * adapter, and `echo` returns the bot's stored messages in answer to it.
 */
import type { Message } from "grammy/types";
import { createMatrixAdapter } from "../../adapters/matrix/index.js";
import { createTelegramAdapter } from "../../adapters/telegram/index.js";
import { ManualClock } from "../../src/core/clock.js";
import type { ChatRef, PlatformAdapter } from "../../src/core/port.js";
import { type App, createApp } from "../../src/main.js";
import { openStore } from "../../src/store/open.js";
import { silentLogger } from "../contract/adapter-contract.js";
import { eventually } from "../contract/adapter-contract.js";
import { discordWorld } from "../discord/harness.js";
import type { FakeMessage } from "../fakes/discord/state.js";
import type { MatrixEvent } from "../fakes/matrix/model.js";
import { FakeHomeserver } from "../fakes/matrix/homeserver.js";
import { FakeTelegram } from "../fakes/telegram/index.js";
import { silentLog, T0, TEST_KEY, tempDir, testConfig } from "../support/app.js";

/** What one platform stored for one bot message: its visible text and the raw stored object. */
export interface Stored<R> {
  text: string;
  raw: R;
}

export interface PlatformWorld<R> {
  app: App;
  adapter: PlatformAdapter;
  chat: ChatRef;
  /** A member types `/command args` (Matrix: `!pl command args`); the bot's stored answers to it. */
  echo(command: string, args: string): Promise<Stored<R>[]>;
  /** Every message the bot stored in the chat so far, oldest first. */
  stored(): Stored<R>[];
  close(): Promise<void>;
}

/** Where the app and adapter log; silent unless a test captures it. */
type Log = typeof silentLog;

async function appWith(adapter: PlatformAdapter, log: Log = silentLog): Promise<{ app: App; cleanup: () => void }> {
  const temp = tempDir("porchlight-inert-");
  const config = testConfig(temp.dir);
  const store = openStore({ path: config.database.path, key: TEST_KEY });
  const app = createApp({ config, adapters: [adapter], log, clock: new ManualClock(T0), store });
  await app.start();
  return { app, cleanup: temp.cleanup };
}

/** Wait until the bot stored more than `before` messages, then return the new ones (Matrix pacing may hold a reply a few seconds). */
async function newSince<R>(stored: () => Stored<R>[], before: number): Promise<Stored<R>[]> {
  return eventually(() => {
    const now = stored();
    if (now.length <= before) throw new Error("no answer yet");
    return now.slice(before);
  }, 20_000);
}

export async function telegramWorld(log?: Log): Promise<PlatformWorld<Message> & { fake: FakeTelegram; groupId: number; userId: number }> {
  const fake = await FakeTelegram.start();
  const alice = fake.addUser({ first_name: "Alice", language_code: "en" });
  const group = fake.addGroup({ title: "Eastside", memberIds: [alice.id] });
  const adapter = createTelegramAdapter({ token: fake.token, apiRoot: fake.apiRoot, pollTimeoutSeconds: 5 }, { log: log ?? silentLogger });
  const { app, cleanup } = await appWith(adapter, log);
  const stored = () =>
    fake.messages(group.chat.id).flatMap((m) => (m.from?.id === fake.bot.id && "text" in m && typeof m.text === "string" ? [{ text: m.text, raw: m }] : []));
  return {
    fake,
    groupId: group.chat.id,
    userId: alice.id,
    app,
    adapter,
    chat: `telegram:${group.chat.id}`,
    stored,
    async echo(command, args) {
      const before = stored().length;
      fake.userSends(group.chat.id, alice, `/${command} ${args}`);
      return newSince(stored, before);
    },
    async close() {
      await app.stop({ flush: true });
      await fake.close();
      cleanup();
    },
  };
}

export async function discordAppWorld(): Promise<PlatformWorld<FakeMessage>> {
  const w = await discordWorld();
  // Every echo answers in one channel, faster than Discord's 5 per 5 s there; this fake does not
  // enforce it, so the pacer is told the channel may take them.
  Object.assign(w.adapter, { pacing: { ...w.adapter.pacing, perChat: { limit: 1000, windowMs: 5000 } } });
  const { app, cleanup } = await appWith(w.adapter);
  const stored = () =>
    (w.fake.state.messages.get(w.channel.id) ?? []).filter((m) => !m.deleted && m.author.id === w.fake.state.bot.id).map((m) => ({ text: m.content, raw: m }));
  return {
    app,
    adapter: w.adapter,
    chat: w.chat,
    stored,
    async echo(command, args) {
      const before = stored().length;
      w.slash(command, args ? [{ type: 3, name: "args", value: args }] : []);
      return newSince(stored, before);
    },
    async close() {
      await app.stop({ flush: true });
      await w.close();
      cleanup();
    },
  };
}

export async function matrixAppWorld(log?: Log): Promise<PlatformWorld<MatrixEvent> & { hs: FakeHomeserver; alice: string; bot: string }> {
  const hs = await FakeHomeserver.start();
  const bot = hs.createUser("porchlight", "Porchlight");
  const alice = hs.createUser("alice", "Alice");
  const room = hs.createRoom(alice.userId, { name: "Eastside", members: [bot.userId] });
  const adapter = createMatrixAdapter(
    { homeserverUrl: hs.url, accessToken: bot.accessToken, syncTimeoutMs: 5000, sendTimeoutMs: 2000, syncBackoffMs: { min: 20, max: 200 } },
    { log: log ?? silentLogger },
  );
  const { app, cleanup } = await appWith(adapter, log);
  const stored = () =>
    hs
      .events(room)
      .filter((e) => e.sender === bot.userId && e.type === "m.room.message")
      .map((e) => ({ text: String((e.content as { body?: unknown }).body ?? ""), raw: e }));
  return {
    hs,
    alice: alice.userId,
    bot: bot.userId,
    app,
    adapter,
    chat: `matrix:${room}`,
    stored,
    async echo(command, args) {
      const before = stored().length;
      hs.sendText(room, alice.userId, `!pl ${command} ${args}`);
      return newSince(stored, before);
    },
    async close() {
      await app.stop({ flush: true });
      await hs.close();
      cleanup();
    },
  };
}
