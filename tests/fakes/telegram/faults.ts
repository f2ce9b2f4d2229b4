/** A misbehaviour the fake can show on a later call. */
export type Fault =
  /** Answer 429 with `retry_after` seconds; nothing is stored. */
  | { kind: "rate-limit"; retryAfterS: number }
  /** Answer with a 5xx status; nothing is stored. */
  | { kind: "server-error"; status?: number }
  /** Store the message, then answer only after `ms` (a client with a shorter timeout gives up). */
  | { kind: "slow"; ms: number }
  /** Store the message, then destroy the socket without answering: the send "may have arrived". */
  | { kind: "drop-after-store" }
  /** Destroy the socket before doing anything: nothing is stored. */
  | { kind: "drop-before-store" };

/** Methods that post or change messages: the default target of injected faults. */
export const SEND_METHODS = ["sendMessage", "sendPhoto", "editMessageText", "editMessageReplyMarkup"];

/** A queue of faults per method, consumed one per matching call. */
export class FaultPlan {
  private readonly queue: { fault: Fault; methods: string[] }[] = [];

  /** The next `count` calls to any of `methods` show `fault`. */
  add(fault: Fault, count = 1, methods: string[] = SEND_METHODS): void {
    for (let i = 0; i < count; i++) this.queue.push({ fault, methods });
  }

  /** Take the first planned fault that applies to `method`, if any. */
  take(method: string): Fault | undefined {
    const i = this.queue.findIndex((q) => q.methods.includes(method));
    if (i < 0) return undefined;
    return this.queue.splice(i, 1)[0]!.fault;
  }

  clear(): void {
    this.queue.length = 0;
  }
}

/**
 * Telegram's documented send limits over rolling windows: about 30 messages per second per bot,
 * 20 per minute per group and 1 per second per private chat (https://core.telegram.org/bots/faq,
 * "My bot is hitting limits"). Off by default; benchmarks turn it on.
 */
export class RateLimits {
  enabled = false;
  perBot = { max: 30, windowMs: 1000 };
  perGroup = { max: 20, windowMs: 60_000 };
  perPrivate = { max: 1, windowMs: 1000 };
  private botSends: number[] = [];
  private readonly groupSends = new Map<number, number[]>();
  /** How many sends were refused with 429, for benchmark reports. */
  refused = 0;

  /** Record a send to `chatId` now, or return the seconds to wait when it would break a limit. */
  admit(chatId: number, now = Date.now()): number | undefined {
    if (!this.enabled) return undefined;
    this.botSends = this.botSends.filter((t) => t > now - this.perBot.windowMs);
    const group = (this.groupSends.get(chatId) ?? []).filter((t) => t > now - this.perGroup.windowMs);
    let waitMs = 0;
    if (this.botSends.length >= this.perBot.max) waitMs = this.botSends[0]! + this.perBot.windowMs - now;
    // Group and channel ids are negative, private chats (a person's id) positive.
    const perChat = chatId < 0 ? this.perGroup : this.perPrivate;
    const recent = group.filter((t) => t > now - perChat.windowMs);
    if (recent.length >= perChat.max) waitMs = Math.max(waitMs, recent[0]! + perChat.windowMs - now);
    if (waitMs > 0) {
      this.refused++;
      this.groupSends.set(chatId, group);
      return Math.max(1, Math.ceil(waitMs / 1000));
    }
    this.botSends.push(now);
    group.push(now);
    this.groupSends.set(chatId, group);
    return undefined;
  }
}
