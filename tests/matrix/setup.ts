import { afterEach, beforeEach } from "vitest";
import { createMatrixAdapter, type MatrixAdapterOptions } from "../../adapters/matrix/index.js";
import type { ChatEvent, Logger, PlatformAdapter } from "../../src/core/port.js";
import { memoryState } from "../contract/adapter-contract.js";
import { FakeHomeserver, type Session } from "../fakes/matrix/homeserver.js";

/** A logger that keeps what the adapter logged, to check nothing private is in it. */
export function recordingLogger(): Logger & { lines: { level: string; obj: object; msg?: string }[] } {
  const lines: { level: string; obj: object; msg?: string }[] = [];
  const at =
    (level: string) =>
    (obj: object, msg?: string): void =>
      void lines.push({ level, obj, ...(msg !== undefined ? { msg } : {}) });
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/** A fake homeserver with the bot, one person (Alice) and a group room both are in. */
export interface MatrixWorld {
  hs: FakeHomeserver;
  bot: Session;
  alice: Session;
  room: string;
  log: ReturnType<typeof recordingLogger>;
  /** A new adapter for the bot, with short timeouts for tests. */
  adapter(extra?: Partial<MatrixAdapterOptions>): PlatformAdapter;
  /** A host that records dispatched events, with its own in-memory state unless one is given. */
  host(state?: ReturnType<typeof memoryState>): {
    events: ChatEvent[];
    dispatch(e: ChatEvent): Promise<void>;
    log: Logger;
    state: ReturnType<typeof memoryState>;
  };
}

export async function matrixWorld(): Promise<MatrixWorld> {
  const hs = await FakeHomeserver.start();
  const bot = hs.createUser("porchlight", "Porchlight");
  const alice = hs.createUser("alice", "Alice");
  const room = hs.createRoom(alice.userId, { name: "Block 12", members: [bot.userId] });
  const log = recordingLogger();
  return {
    hs,
    bot,
    alice,
    room,
    log,
    adapter: (extra = {}) =>
      createMatrixAdapter(
        {
          homeserverUrl: hs.url,
          accessToken: bot.accessToken,
          syncTimeoutMs: 5000,
          sendTimeoutMs: 2000,
          syncBackoffMs: { min: 20, max: 200 },
          ...extra,
        },
        { log },
      ),
    host: (state = memoryState()) => {
      const events: ChatEvent[] = [];
      return {
        events,
        dispatch: async (e: ChatEvent) => void events.push(e),
        log,
        state,
      };
    },
  };
}

/**
 * A fresh world for each test of the enclosing suite, and an `adapter()` that makes adapters in it;
 * every adapter made is stopped and the homeserver closed after the test.
 */
export function useMatrixWorld(): { current: () => MatrixWorld; adapter: (extra?: object) => PlatformAdapter } {
  let world: MatrixWorld | undefined;
  let adapters: PlatformAdapter[] = [];
  beforeEach(async () => {
    world = await matrixWorld();
    adapters = [];
  });
  afterEach(async () => {
    for (const a of adapters) await a.stop();
    await world?.hs.close();
  });
  const current = () => {
    if (!world) throw new Error("the Matrix world exists only inside a test");
    return world;
  };
  return {
    current,
    adapter: (extra = {}) => {
      const a = current().adapter(extra);
      adapters.push(a);
      return a;
    },
  };
}
