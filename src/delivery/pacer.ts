import type { Pacing } from "../core/port.js";

/**
 * Send pacing for one bot account. A send takes a slot, and the slot is freed one window after the
 * platform's reply, not after the request left: measured here, this keeps within a rolling-window
 * limit with no 429 while staying within a few percent of the fastest possible rate. A per-chat gap
 * keeps within per-chat limits (Telegram groups, Discord channels).
 */
export class Pacer {
  private taken = 0;
  private readonly lastReply = new Map<string, number>();

  constructor(
    private readonly pacing: Pacing,
    /** Called whenever a slot frees up, so the worker can send more. */
    private readonly onFree: () => void,
  ) {}

  /** Take a slot if one is free. */
  tryAcquire(): boolean {
    if (this.taken >= this.pacing.perWindow) return false;
    this.taken++;
    return true;
  }

  /** The platform answered a send to `target` at `at` (wall-clock ms): start the slot's cool-down. */
  release(target: string, at: number): void {
    this.lastReply.set(target, at);
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
}
