import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BucketEstimate } from "../../src/delivery/pacer.js";

/** A platform's token bucket, counting each send when it arrives. */
class ServerBucket {
  private level: number;
  private at = 0;
  constructor(
    private readonly capacity: number,
    private readonly refillMs: number,
  ) {
    this.level = capacity;
  }
  admit(now: number): boolean {
    this.level = Math.min(this.capacity, this.level + (now - this.at) / this.refillMs);
    this.at = now;
    if (this.level < 1) return false;
    this.level -= 1;
    return true;
  }
}

describe("token-bucket pacing (Matrix)", () => {
  it("never sends more than the platform's bucket admits, whatever the latencies", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 200 })), { minLength: 1, maxLength: 60 }), (latencies) => {
        const estimate = new BucketEstimate(10, 50);
        const server = new ServerBucket(10, 50);
        // Sends go out as soon as the estimate allows, one at a time per step; each arrives after
        // its outbound latency and is answered after its return latency.
        let now = 0;
        const inFlight: { replyAt: number }[] = [];
        const arrivals: number[] = [];
        for (const [out, back] of latencies) {
          for (;;) {
            inFlight.sort((a, b) => a.replyAt - b.replyAt);
            while (inFlight.length > 0 && inFlight[0]!.replyAt <= now) estimate.spend(inFlight.shift()!.replyAt);
            const wait = estimate.waitMs(inFlight.length, now);
            if (wait === 0) break;
            // Whole milliseconds, as the pacer wakes: a wait of a rounding error (1e-14 ms) added to a
            // large `now` changes nothing, and the loop never ended for some generated latencies.
            const step = Math.max(1, Math.ceil(wait));
            now += Math.min(step, inFlight.length > 0 ? Math.max(1, inFlight[0]!.replyAt - now) : step);
          }
          arrivals.push(now + out);
          inFlight.push({ replyAt: now + out + back });
        }
        // The platform counts sends in the order they arrive.
        for (const at of arrivals.sort((a, b) => a - b)) expect(server.admit(at)).toBe(true);
      }),
    );
  });
});
