/**
 * Fault injection and optional real-limit enforcement for the fake Discord REST API.
 * Tests arm faults; the REST router asks `next(method, path)` before handling each request.
 */

/** A rate-limit answer: 429 with Retry-After, X-RateLimit-* headers and JSON retry_after. */
export interface RateLimitFault {
  kind: "429";
  retryAfterMs: number;
  global?: boolean;
}
/** A server error answer, before any state changes. */
export interface ServerErrorFault {
  kind: "5xx";
  status: number;
}
/** A slow answer: the request takes effect, then the reply waits `ms` (so a timeout is ambiguous). */
export interface DelayFault {
  kind: "delay";
  ms: number;
}
export type Fault = RateLimitFault | ServerErrorFault | DelayFault;

interface Armed {
  fault: Fault;
  remaining: number;
  /** Only requests whose "METHOD /path" contains this (e.g. "POST /channels/") are affected. */
  match?: string;
}

/** A rolling-window counter. */
class Window {
  private stamps: number[] = [];
  constructor(
    readonly limit: number,
    readonly ms: number,
  ) {}
  /** Room left now, after dropping old entries. */
  remaining(now: number): number {
    this.stamps = this.stamps.filter((t) => now - t < this.ms);
    return this.limit - this.stamps.length;
  }
  /** Ms until the oldest entry leaves the window. */
  resetAfter(now: number): number {
    const oldest = this.stamps[0];
    return oldest === undefined ? 0 : Math.max(0, this.ms - (now - oldest));
  }
  take(now: number): void {
    this.stamps.push(now);
  }
}

/** The limits a real bot meets: 50 requests/s overall, 5 messages per 5 s per channel. */
export class RealLimits {
  private readonly global = new Window(50, 1000);
  private readonly perChannel = new Map<string, Window>();
  /** Counts of 429s the fake answered because of real limits. */
  rejected = 0;

  /** Either null (go ahead, slot taken) or the 429 to answer, with bucket headers. */
  check(method: string, path: string): { fault: RateLimitFault; headers: Record<string, string> } | null {
    const now = Date.now();
    if (this.global.remaining(now) <= 0) {
      this.rejected++;
      return { fault: { kind: "429", retryAfterMs: this.global.resetAfter(now), global: true }, headers: {} };
    }
    const channel = method === "POST" ? /^\/channels\/(\d+)\/messages$/.exec(path)?.[1] : undefined;
    if (channel) {
      let w = this.perChannel.get(channel);
      if (!w) {
        w = new Window(5, 5000);
        this.perChannel.set(channel, w);
      }
      if (w.remaining(now) <= 0) {
        this.rejected++;
        return { fault: { kind: "429", retryAfterMs: w.resetAfter(now) }, headers: {} };
      }
      w.take(now);
      this.global.take(now);
      return null;
    }
    this.global.take(now);
    return null;
  }
}

/** The armed faults, consumed in order of arming. */
export class Faults {
  private armed: Armed[] = [];
  limits: RealLimits | null = null;

  /** Arm `fault` for the next `count` requests (optionally only those matching `match`). */
  arm(fault: Fault, count = 1, match?: string): void {
    this.armed.push({ fault, remaining: count, match });
  }

  clear(): void {
    this.armed = [];
  }

  /** The fault to apply to this request, if any (consumes one use). */
  next(method: string, path: string): Fault | undefined {
    const key = `${method} ${path}`;
    const armed = this.armed.find((a) => a.remaining > 0 && (!a.match || key.includes(a.match)));
    if (!armed) return undefined;
    armed.remaining--;
    this.armed = this.armed.filter((a) => a.remaining > 0);
    return armed.fault;
  }
}

/** Headers and body Discord sends with a 429. */
export function rateLimitAnswer(fault: RateLimitFault): { headers: Record<string, string>; body: unknown } {
  const seconds = fault.retryAfterMs / 1000;
  const headers: Record<string, string> = {
    "retry-after": String(Math.ceil(seconds)),
    "x-ratelimit-limit": "5",
    "x-ratelimit-remaining": "0",
    "x-ratelimit-reset": String((Date.now() + fault.retryAfterMs) / 1000),
    "x-ratelimit-reset-after": seconds.toFixed(3),
    "x-ratelimit-bucket": "fake-bucket",
    "x-ratelimit-scope": fault.global ? "global" : "user",
  };
  if (fault.global) headers["x-ratelimit-global"] = "true";
  return {
    headers,
    body: { message: "You are being rate limited.", retry_after: seconds, global: Boolean(fault.global), code: 0 },
  };
}
