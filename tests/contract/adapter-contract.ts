import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  AdapterError,
  type AdapterStateStore,
  type ChatEvent,
  type ChatRef,
  type Logger,
  type PlatformAdapter,
} from "../../src/core/port.js";

/**
 * What the contract suite needs from each adapter's test setup: the adapter, wired to a fake
 * platform (or none, for in-process adapters), and ways to act as a person on that platform and
 * to read what the platform holds. Assertions are on platform state, not on call records.
 */
export interface ContractHarness {
  adapter: PlatformAdapter;
  /** A group chat the bot is in. */
  groupChat: ChatRef;
  /** A person (platform user id) who is in `groupChat` and may receive direct messages. */
  userId: string;
  /** The person types `text` (e.g. `/help`) in `groupChat`, as the platform would deliver it. */
  userSends(text: string): Promise<void>;
  /** The bot's own account posts `text` in `groupChat`; the adapter must not dispatch it. */
  botSends(text: string): Promise<void>;
  /** Texts of the messages the platform holds in `groupChat`, oldest first. */
  messagesInGroup(): Promise<string[]>;
  /** Texts of the messages the platform holds in the person's direct chat with the bot. */
  directMessages(): Promise<string[]>;
  /** Make the platform refuse the next send with its rate-limit answer, asking to wait `ms`. */
  rateLimitNextSend(ms: number): void;
  /** Tear down the fake platform. The suite stops the adapter itself. */
  close(): Promise<void>;
}

/** A logger that keeps nothing; adapters log through it during contract runs. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** An in-memory AdapterStateStore for tests. */
export function memoryState(): AdapterStateStore {
  const map = new Map<string, string>();
  return {
    get: (k) => map.get(k),
    set: (k, v) => void map.set(k, v),
    delete: (k) => void map.delete(k),
  };
}

/** Wait until `check` passes or `ms` elapse; event delivery through a fake is asynchronous. */
export async function eventually<T>(check: () => T | Promise<T>, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

/** The typed error a send must fail with; fails the test when it succeeds or throws anything else. */
export async function failure(p: Promise<unknown>): Promise<AdapterError> {
  const err = await p.then(
    () => new Error("expected a failure"),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AdapterError);
  return err as AdapterError;
}

/** The one suite every adapter must pass. */
export function runAdapterContract(name: string, makeHarness: () => Promise<ContractHarness>): void {
  describe(`adapter contract: ${name}`, () => {
    let h: ContractHarness;
    let events: ChatEvent[];
    const host = {
      dispatch: async (e: ChatEvent) => {
        events.push(e);
      },
      log: silentLogger,
      state: memoryState(),
    };

    beforeEach(async () => {
      events = [];
      h = await makeHarness();
    });
    afterEach(async () => {
      await h.adapter.stop();
      await h.close();
    });

    it("start and stop are idempotent, and stop before start is harmless", async () => {
      await h.adapter.stop();
      await h.adapter.start(host);
      await h.adapter.start(host);
      await h.adapter.stop();
      await h.adapter.stop();
    });

    it("delivers a person's command with a chat reference that round-trips", async () => {
      await h.adapter.start(host);
      await h.userSends("/help");
      const event = await eventually(() => {
        const found = events.find((e) => e.kind === "command");
        expect(found).toBeDefined();
        return found!;
      });
      if (event.kind !== "command") throw new Error("unreachable");
      expect(event.name).toBe("help");
      expect(event.author.id).toBe(h.userId);
      expect(event.author.isBot).toBe(false);
      expect(event.chat).toBe(h.groupChat);
      const serialised = JSON.parse(JSON.stringify(event.chat)) as ChatRef;
      await h.adapter.send(serialised, { text: "round trip" }, "contract-roundtrip");
      await eventually(async () => expect(await h.messagesInGroup()).toContain("round trip"));
    });

    it("ignores the bot's own messages", async () => {
      await h.adapter.start(host);
      await h.botSends("/help");
      await h.userSends("/ping");
      await eventually(() => expect(events.some((e) => e.kind === "command" && e.name === "ping")).toBe(true));
      expect(events.filter((e) => e.kind === "command" && e.name === "help")).toHaveLength(0);
    });

    it("sends land in the chat and direct messages land in the person's direct chat", async () => {
      await h.adapter.start(host);
      const sent = await h.adapter.send(h.groupChat, { text: "to the group" }, "contract-group");
      expect(sent.messageId).toBeTruthy();
      const direct = await h.adapter.sendDirect(h.userId, { text: "just for you" }, "contract-dm");
      expect(direct.messageId).toBeTruthy();
      expect(await h.messagesInGroup()).toContain("to the group");
      expect(await h.directMessages()).toContain("just for you");
      expect(await h.messagesInGroup()).not.toContain("just for you");
    });

    it("reports a rate limit as a typed error with retry-after", async () => {
      await h.adapter.start(host);
      h.rateLimitNextSend(1500);
      const err = await h.adapter.send(h.groupChat, { text: "too fast" }, "contract-429").catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AdapterError);
      expect((err as AdapterError).code).toBe("RATE_LIMITED");
      expect((err as AdapterError).retryAfterMs).toBeGreaterThanOrEqual(1000);
      expect(await h.messagesInGroup()).not.toContain("too fast");
    });

    it("answers capabilities synchronously with sane limits", async () => {
      await h.adapter.start(host);
      const caps = h.adapter.capabilities(h.groupChat);
      expect(typeof caps.e2ee).toBe("boolean");
      expect(caps.maxText).toBeGreaterThanOrEqual(1000);
      expect(h.adapter.pacing.perWindow).toBeGreaterThan(0);
    });
  });
}
