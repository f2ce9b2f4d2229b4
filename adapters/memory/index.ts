import {
  AdapterError,
  type AdapterHost,
  type Capabilities,
  type ChatEvent,
  type ChatRef,
  type Outbound,
  type Pacing,
  type PlatformAdapter,
  type SendResult,
} from "../../src/core/port.js";

/** A message the memory adapter "delivered". */
export interface MemorySent {
  /** `memory:<chat>` for chats; `dm:<user>` for direct messages. */
  to: string;
  msg: Outbound;
  key: string;
}

/**
 * An in-process adapter for core tests and benchmarks: push events in, read what was sent. It keeps
 * the platform's state (messages per chat), so tests assert on what a person would see.
 */
export class MemoryAdapter implements PlatformAdapter {
  readonly platform = "memory" as const;
  readonly pacing: Pacing = { perWindow: 10_000, windowMs: 1000 };
  readonly sent: MemorySent[] = [];
  /** Chats (without the `memory:` prefix) whose messages are end-to-end encrypted. */
  readonly encrypted = new Set<string>();
  /** Users who have not opened a direct chat: sends to them fail with DM_UNAVAILABLE. */
  readonly unreachable = new Set<string>();
  /** Like a platform's rate limit: more than `perWindow` sends in `windowMs` are refused with a 429. */
  limit: { perWindow: number; windowMs: number } | null = null;
  private readonly sendTimes: number[] = [];
  private host: AdapterHost | null = null;
  private failures: AdapterError[] = [];
  private seen = new Set<string>();
  private counter = 0;

  constructor(private readonly caps: Partial<Capabilities> = {}) {}

  capabilities(chat: ChatRef): Capabilities {
    return {
      e2ee: this.encrypted.has(chat.slice("memory:".length)),
      buttons: true,
      edits: true,
      ephemeral: false,
      maxText: 4000,
      idempotentSends: true,
      images: true,
      ...this.caps,
    };
  }

  async start(host: AdapterHost): Promise<void> {
    this.host = host;
  }

  async stop(): Promise<void> {
    this.host = null;
  }

  /** Deliver an event as the platform would; resolves when the core is done with it. */
  async push(event: ChatEvent): Promise<void> {
    if (!this.host) throw new Error("memory adapter is not started");
    if (event.kind !== "membership" && event.author.isBot) return;
    await this.host.dispatch(event);
  }

  /** Make the next send fail with this error. */
  failNextSend(error: AdapterError): void {
    this.failures.push(error);
  }

  async send(chat: ChatRef, msg: Outbound, key: string): Promise<SendResult> {
    return this.deliver(chat, msg, key);
  }

  async sendDirect(user: string, msg: Outbound, key: string): Promise<SendResult> {
    return this.deliver(`dm:${user}`, msg, key);
  }

  async edit(chat: ChatRef, messageId: string, msg: Outbound): Promise<void> {
    this.sent.push({ to: chat, msg: { ...msg, text: `(edited ${messageId}) ${msg.text}` }, key: `edit:${messageId}` });
  }

  private deliver(to: string, msg: Outbound, key: string): SendResult {
    const failure = this.failures.shift();
    if (failure) throw failure;
    if (this.limit) {
      const now = Date.now();
      while (this.sendTimes.length > 0 && this.sendTimes[0]! <= now - this.limit.windowMs) this.sendTimes.shift();
      if (this.sendTimes.length >= this.limit.perWindow) throw new AdapterError("RATE_LIMITED", "too many sends", this.limit.windowMs);
      this.sendTimes.push(now);
    }
    if (to.startsWith("dm:") && this.unreachable.has(to.slice(3))) {
      throw new AdapterError("DM_UNAVAILABLE", "the person has not opened a direct chat", undefined, "memory://start");
    }
    // Like a platform with idempotency keys: a repeated key does not post twice.
    if (!this.seen.has(key)) {
      this.seen.add(key);
      this.sent.push({ to, msg, key });
    }
    this.counter++;
    return { messageId: `m${this.counter}` };
  }

  /** Texts delivered to a chat (`memory:<id>`) or a person (`dm:<user>`). */
  textsTo(to: string): string[] {
    return this.sent.filter((s) => s.to === to).map((s) => s.msg.text);
  }
}
