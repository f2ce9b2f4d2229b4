import type { Logger } from "pino";
import type { Clock } from "../core/clock.js";
import type { CommandRefs } from "../core/commands/command-refs.js";
import type { Platform, PlatformAdapter } from "../core/port.js";
import type { Outbox, OutboxRow } from "./outbox.js";
import { type HeldHandler, DeliveryWorker } from "./worker.js";

/**
 * One worker per platform, running side by side: a broadcast takes as long as the slowest
 * platform, not the sum, and one platform's outage does not hold up the others.
 */
export class Delivery {
  private readonly workers = new Map<Platform, DeliveryWorker>();

  constructor(
    adapters: Iterable<PlatformAdapter>,
    private readonly outbox: Outbox,
    clock: Clock,
    log: Logger,
    onHeld: HeldHandler,
    /** How each platform writes the commands messages name (see command-refs.ts). */
    refs?: CommandRefs,
  ) {
    for (const adapter of adapters) this.workers.set(adapter.platform, new DeliveryWorker(adapter, outbox, clock, log, onHeld, refs));
  }

  /** Re-queue sends interrupted by a crash, then start every worker. */
  start(): void {
    this.outbox.recoverInFlight();
    for (const worker of this.workers.values()) worker.start();
  }

  stop(): void {
    for (const worker of this.workers.values()) worker.stop();
  }

  /** Send a direct reply within `platform`'s pacing (see DeliveryWorker.paced). */
  paced<T>(platform: Platform, target: string, send: () => Promise<T>): Promise<T> {
    const worker = this.workers.get(platform);
    return worker ? worker.paced(target, send) : send();
  }

  /** Messages given up on since start, on every platform. */
  get failedSends(): number {
    let n = 0;
    for (const worker of this.workers.values()) n += worker.failedCount;
    return n;
  }

  /**
   * Send replies queued claimed (`Outbox.enqueueClaimed`) right away, through their platform's
   * worker; rows of a platform without a worker stay for the next start.
   */
  async deliverNow(platform: Platform, ids: readonly number[]): Promise<void> {
    const worker = this.workers.get(platform);
    if (!worker || ids.length === 0) return;
    const rows = ids.map((id) => this.outbox.get(id)).filter((row): row is OutboxRow => row !== null);
    await worker.deliverNow(rows);
  }

  wake(platform: Platform): void {
    this.workers.get(platform)?.wake();
  }

  wakeAll(): void {
    for (const worker of this.workers.values()) worker.wake();
  }

  /**
   * After stop(): wait up to `timeoutMs` for sends still in flight to end, then record their
   * outcomes. A send that has not ended by then stays `sending` and goes again on the next start.
   */
  async settle(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (![...this.workers.values()].every((w) => w.nothingInFlight()) && Date.now() <= deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    for (const worker of this.workers.values()) worker.recordSettled();
  }

  /** Resolve once every worker has nothing in flight and nothing due, or after `timeoutMs`. */
  async flush(timeoutMs = 30_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    this.wakeAll();
    for (;;) {
      if ([...this.workers.values()].every((w) => w.isIdle())) return true;
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}
