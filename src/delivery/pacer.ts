import type { Pacing } from "../core/port.js";

/**
 * Send pacing for one bot account. With a rolling-window limit (Telegram, Discord), a send takes a
 * slot, and the slot is freed one window after the platform's reply, not after the request left:
 * measured here, this keeps within the limit with no 429 while staying within a few percent of the
 * fastest possible rate. With a token bucket (`pacing.refillMs`, Matrix), the pacer keeps a
 * cautious copy of the platform's bucket (see `BucketEstimate`). A per-chat gap keeps within
 * per-chat limits (Telegram groups, Discord channels).
 */
export class Pacer {
  private taken = 0;
  private readonly lastReply = new Map<string, number>();
  private readonly bucket: BucketEstimate | null;
  private wakeTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly pacing: Pacing,
    /** Called whenever a slot frees up, so the worker can send more. */
    private readonly onFree: () => void,
  ) {
    this.bucket = pacing.refillMs ? new BucketEstimate(pacing.perWindow, pacing.refillMs) : null;
  }

  /** Take a slot if one is free. */
  tryAcquire(): boolean {
    if (this.bucket) {
      const waitMs = this.bucket.waitMs(this.taken, Date.now());
      if (waitMs > 0) {
        this.wakeIn(waitMs);
        return false;
      }
      this.taken++;
      return true;
    }
    if (this.taken >= this.pacing.perWindow) return false;
    this.taken++;
    return true;
  }

  /** The platform answered a send to `target` at `at` (wall-clock ms): start the slot's cool-down. */
  release(target: string, at: number): void {
    this.lastReply.set(target, at);
    if (this.bucket) {
      this.taken--;
      this.bucket.spend(at);
      this.onFree();
      return;
    }
    const timer = setTimeout(() => {
      this.taken--;
      this.onFree();
    }, this.pacing.windowMs);
    timer.unref();
  }

  /** Milliseconds until `target` may be sent to again; 0 when it may now. */
  chatWait(target: string, at: number): number {
    const last = this.lastReply.get(target);
    if (last === undefined) return 0;
    return Math.max(0, last + this.pacing.perChatGapMs - at);
  }

  /** Slots currently taken (in flight or cooling down). */
  get inUse(): number {
    return this.taken;
  }

  private wakeIn(ms: number): void {
    if (this.wakeTimer) return;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = null;
      this.onFree();
    }, Math.max(1, Math.ceil(ms)));
    this.wakeTimer.unref();
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
