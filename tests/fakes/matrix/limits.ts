/**
 * Synapse's per-account message limit, as a token bucket: a burst, then a steady rate, answered
 * with 429 M_LIMIT_EXCEEDED and `retry_after_ms`. Off by default; benchmarks turn it on. Also a
 * round-trip delay for every request, to model a network.
 */
export class SendLimits {
  enabled = false;
  burst = 10;
  perSecond = 0.2;
  /** Added before every answer. */
  latencyMs = 0;
  /** How many sends were refused with 429. */
  refused = 0;
  private level = this.burst;
  private at = Date.now();

  /** Turn enforcement on with this burst and rate; the bucket starts full. */
  enforce(burst: number, perSecond: number): void {
    this.enabled = true;
    this.burst = burst;
    this.perSecond = perSecond;
    this.level = burst;
    this.at = Date.now();
  }

  /** For a message send: undefined to go ahead (a token taken), or the ms to wait. */
  admit(method: string, path: string, now = Date.now()): number | undefined {
    if (!this.enabled || method !== "PUT" || !/^\/rooms\/[^/]+\/send\//.test(path)) return undefined;
    this.level = Math.min(this.burst, this.level + ((now - this.at) / 1000) * this.perSecond);
    this.at = now;
    if (this.level >= 1) {
      this.level -= 1;
      return undefined;
    }
    this.refused++;
    return Math.ceil(((1 - this.level) / this.perSecond) * 1000);
  }
}
