import type { Pacing, RateWindow } from "../core/port.js";

/**
 * Send pacing for one bot account, modelled on the platform's documented limits (the adapter's
 * `pacing`): a limit for the whole bot (a rolling window, or a token bucket where the platform uses
 * one: Synapse), a rolling window per chat, and one per private chat.
 *
 * Every limit counts a send from the moment the platform answered it, the latest moment the
 * platform can have counted it: measured here, this keeps within the limit with no 429 while
 * staying within a few percent of the fastest possible rate, whatever the latency.
 *
 * Destinations are named by one pacing key (`paceKey`), whatever path queued the message.
 * After a 429 the lane for that key (or the whole bot) pauses until the platform's `retry_after`.
 */
export class Pacer {
  private readonly bot: SlidingWindow | null;
  private readonly bucket: BucketEstimate | null;
  private readonly chats = new Map<string, SlidingWindow>();
  /** Lanes paused after a 429, until a time on the caller's clock. "" is the whole bot. */
  private readonly paused = new Map<string, number>();
  private wakeTimer: NodeJS.Timeout | null = null;
  private wakeAt = Number.POSITIVE_INFINITY;

  constructor(
    private readonly pacing: Pacing,
    /** Called whenever a slot may have freed up, so the worker can send more. */
    private readonly onFree: () => void,
    /** Wall-clock milliseconds; a test passes a fake clock. */
    private readonly now: () => number = Date.now,
  ) {
    this.bucket = pacing.refillMs ? new BucketEstimate(pacing.perWindow, pacing.refillMs) : null;
    this.bot = this.bucket ? null : new SlidingWindow({ limit: pacing.perWindow, windowMs: pacing.windowMs });
  }

  /**
   * Milliseconds until a send to `key` may leave, as far as the limits go; 0 when it may now, and
   * `Infinity` when it waits for a send in flight to be answered. `clockNow` is the time on the
   * clock lane pauses were set with (see `pause`).
   */
  waitMs(key: string, clockNow: number, requests = 1): number {
    if (this.exempt(key)) return 0;
    return Math.max(this.botWaitMs(clockNow, requests), this.chatWaitMs(key, clockNow));
  }

  /** Milliseconds until the bot as a whole may send `requests` more (see `waitMs`). */
  botWaitMs(clockNow: number, requests = 1): number {
    const pause = Math.max(0, (this.paused.get("") ?? 0) - clockNow);
    const now = this.now();
    const limit = this.bucket ? this.bucket.waitMs(this.bucketInFlight + requests - 1, now) : this.bot!.waitMs(now, requests);
    return Math.max(pause, limit);
  }

  /**
   * Take a slot for a send to `key` if every limit allows one now; schedules a wake-up if not.
   * `requests`: what the send costs against the bot's limit (see `Pacing.requestsPerSend`).
   */
  tryAcquire(key: string, clockNow: number, requests = 1): boolean {
    if (this.exempt(key)) return true;
    const wait = this.waitMs(key, clockNow, requests);
    if (wait > 0) {
      if (Number.isFinite(wait)) this.wakeIn(wait);
      return false;
    }
    if (this.bucket) this.bucketInFlight += requests;
    else this.bot!.take(requests);
    this.windowFor(key)?.take();
    return true;
  }

  /** The platform answered the send to `key` that took a slot (at `at`, wall-clock ms), costing `requests`. */
  release(key: string, at = this.now(), requests = 1): void {
    if (this.exempt(key)) {
      this.onFree();
      return;
    }
    if (this.bucket) {
      this.bucketInFlight -= requests;
      for (let i = 0; i < requests; i++) this.bucket.spend(at);
    } else {
      this.bot!.answered(at, requests);
      this.wakeIn(this.pacing.windowMs);
    }
    const window = this.windowFor(key);
    if (window) {
      window.answered(at);
      this.wakeIn(window.windowMs);
    }
    this.onFree();
  }

  /**
   * The platform refused a send to `key` with a 429: pause the lane for that bucket until `until`
   * (on the caller's clock). Where the platform limits only the account (`refusalPauses: "bot"`,
   * Synapse), the whole bot pauses.
   */
  pause(key: string, until: number): void {
    const lane = this.pacing.refusalPauses === "bot" ? "" : key;
    this.paused.set(lane, Math.max(this.paused.get(lane) ?? 0, until));
  }

  /** Slots currently taken for the whole bot (in flight, or answered within the window). */
  get inUse(): number {
    return this.bucket ? this.bucketInFlight : this.bot!.inUse(this.now());
  }

  private bucketInFlight = 0;

  /** Keys no limit counts: answers to interactions, where the platform limits those apart (`Pacing.interactionKey`). */
  private exempt(key: string): boolean {
    const prefix = this.pacing.interactionKey?.("");
    return prefix !== undefined && key.startsWith(prefix);
  }

  private chatWaitMs(key: string, clockNow: number): number {
    const pause = Math.max(0, (this.paused.get(key) ?? 0) - clockNow);
    const window = this.windowFor(key);
    return Math.max(pause, window ? window.waitMs(this.now()) : 0);
  }

  /** The per-chat window that applies to `key`, created on first use; null when none applies. */
  private windowFor(key: string): SlidingWindow | null {
    const limit = this.limitFor(key);
    if (!limit) return null;
    let window = this.chats.get(key);
    if (!window) {
      window = new SlidingWindow(limit);
      this.chats.set(key, window);
    }
    // Forget windows that have long emptied, so a broadcast to thousands does not keep them all.
    if (this.chats.size > 10_000) this.forgetIdle();
    return window;
  }

  private limitFor(key: string): RateWindow | undefined {
    const { perChat, perPrivateChat, isPrivateChat } = this.pacing;
    if (perPrivateChat && isPrivateChat?.(key)) return perPrivateChat;
    return perChat;
  }

  private forgetIdle(): void {
    const now = this.now();
    for (const [key, window] of this.chats) if (window.inUse(now) === 0) this.chats.delete(key);
  }

  private wakeIn(ms: number): void {
    const at = this.now() + Math.max(1, Math.ceil(ms));
    if (this.wakeTimer && this.wakeAt <= at) return;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeAt = at;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = null;
      this.wakeAt = Number.POSITIVE_INFINITY;
      this.onFree();
    }, Math.max(1, Math.ceil(ms)));
    this.wakeTimer.unref();
  }
}

/**
 * A rolling-window limit: at most `limit` sends in any `windowMs`. A send holds its slot while in
 * flight and for one window after the platform answered it.
 */
export class SlidingWindow {
  readonly limit: number;
  readonly windowMs: number;
  private inFlight = 0;
  /** When sends were answered, oldest first. */
  private readonly answers: number[] = [];

  constructor(window: RateWindow) {
    this.limit = window.limit;
    this.windowMs = window.windowMs;
  }

  /** Slots held at `now`. */
  inUse(now: number): number {
    this.prune(now);
    return this.inFlight + this.answers.length;
  }

  /** Milliseconds until `slots` are free at `now`: 0 when they are, `Infinity` while only sends in flight hold them. */
  waitMs(now: number, slots = 1): number {
    if (this.inUse(now) + slots <= this.limit) return 0;
    const oldest = this.answers[this.inFlight + this.answers.length - this.limit + slots - 1];
    return oldest === undefined ? Number.POSITIVE_INFINITY : oldest + this.windowMs - now;
  }

  take(slots = 1): void {
    this.inFlight += slots;
  }

  /** A send that took `slots` was answered at `at`. */
  answered(at: number, slots = 1): void {
    this.inFlight = Math.max(0, this.inFlight - slots);
    let i = this.answers.length;
    while (i > 0 && this.answers[i - 1]! > at) i--;
    this.answers.splice(i, 0, ...Array<number>(slots).fill(at));
  }

  private prune(now: number): void {
    let drop = 0;
    while (drop < this.answers.length && this.answers[drop]! + this.windowMs <= now) drop++;
    if (drop > 0) this.answers.splice(0, drop);
  }
}

/**
 * A lower bound on the tokens a platform's bucket holds. Each send is counted as spent when its
 * reply came, the latest moment the platform can have counted it; spending later never leaves a
 * bucket fuller later on, so the estimate never runs ahead of the platform, whatever the latency.
 * Sends in flight are counted as already spent.
 */
export class BucketEstimate {
  private level: number;
  private at = 0;

  constructor(
    private readonly capacity: number,
    private readonly refillMs: number,
  ) {
    this.level = capacity;
  }

  private levelAt(now: number): number {
    return Math.min(this.capacity, this.level + Math.max(0, now - this.at) / this.refillMs);
  }

  /** Record a send the platform answered at `at`. */
  spend(at: number): void {
    this.level = this.levelAt(at) - 1;
    this.at = Math.max(this.at, at);
  }

  /** Milliseconds until one more send fits, with `inFlight` sends not yet answered; 0 when it fits now. */
  waitMs(inFlight: number, now: number): number {
    const free = this.levelAt(now) - inFlight;
    return free >= 1 ? 0 : (1 - free) * this.refillMs;
  }
}

/**
 * The one pacing key of a destination, whatever path queued the message: a chat by its ref, a
 * person's private chat as `<platform>:<user id>`. On Telegram a private chat's id is the person's
 * id, so a reply in it and a queued direct message share one key and one private-chat limit.
 */
export function paceKey(platform: string, target: { kind: "chat" | "direct"; id: string }): string {
  return target.kind === "chat" ? target.id : `${platform}:${target.id}`;
}
