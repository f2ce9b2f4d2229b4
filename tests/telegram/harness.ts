import type { User } from "grammy/types";
import { type TelegramAdapterOptions, createTelegramAdapter } from "../../adapters/telegram/index.js";
import type { AdapterHost, ChatEvent, Logger, PlatformAdapter } from "../../src/core/port.js";
import { memoryState, silentLogger } from "../contract/adapter-contract.js";
import { type FakeChat, FakeTelegram } from "../fakes/telegram/index.js";

/** A fake Bot API with one person in one group, and a Telegram adapter pointed at it. */
export interface TelegramTestbed {
  fake: FakeTelegram;
  alice: User;
  group: FakeChat;
  adapter: PlatformAdapter;
  /** Events the adapter dispatched, in order. */
  events: ChatEvent[];
  host: AdapterHost;
  close(): Promise<void>;
}

/** Build a testbed; `dispatch` replaces the default recorder where a test needs a slow or replying core. */
export async function makeTestbed(
  options: Partial<TelegramAdapterOptions> = {},
  dispatch?: (e: ChatEvent, events: ChatEvent[]) => Promise<void>,
  log: Logger = silentLogger,
): Promise<TelegramTestbed> {
  const fake = await FakeTelegram.start();
  const alice = fake.addUser({ first_name: "Alice", last_name: "Ng", language_code: "es" });
  const group = fake.addGroup({ title: "Block 12 rapid response", memberIds: [alice.id] });
  const adapter = createTelegramAdapter(
    { token: fake.token, apiRoot: fake.apiRoot, pollTimeoutSeconds: 5, ...options },
    { log },
  );
  const events: ChatEvent[] = [];
  const host: AdapterHost = {
    dispatch: async (e) => {
      if (dispatch) return dispatch(e, events);
      events.push(e);
    },
    log,
    state: memoryState(),
  };
  return {
    fake,
    alice,
    group,
    adapter,
    events,
    host,
    close: async () => {
      await adapter.stop();
      await fake.close();
    },
  };
}

/** Events of one kind, typed. */
export function ofKind<K extends ChatEvent["kind"]>(events: ChatEvent[], kind: K): Extract<ChatEvent, { kind: K }>[] {
  return events.filter((e): e is Extract<ChatEvent, { kind: K }> => e.kind === kind);
}
