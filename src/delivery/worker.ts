import type { Logger } from "pino";
import { crashPoint } from "../core/crash-points.js";
import { sendable, splitMessage } from "../core/text.js";
import type { Clock } from "../core/clock.js";
import { type CommandRefs, withoutMarks } from "../core/commands/command-refs.js";
import { AdapterError, type ChatRef, type PlatformAdapter } from "../core/port.js";
import type { Outbox, OutboxRow } from "./outbox.js";
import { REPLY_KEY_PREFIX, rowEditOf, rowMessage } from "./outbox.js";
import { recordFailure } from "./failures.js";
import { OutcomeBatch } from "./outcome-batch.js";
import { Pacer, paceKey } from "./pacer.js";

/** Re-check the queue at least this often, so time moved by a clock jump is noticed. */
const IDLE_POLL_MS = 1000;

/** What the worker asks of the rest of the system when a person cannot be reached privately. */
export type HeldHandler = (row: OutboxRow, error: AdapterError) => void;

/**
 * Drains one platform's outbox rows through its adapter: in order per chat, paced to the platform's
 * limits, with retries only where a retry cannot post twice.
 */
export class DeliveryWorker {
  private readonly pacer: Pacer;
  private readonly inFlight = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private pumping = false;
  /** Outcomes of finished sends, written together in one transaction (see `OutcomeBatch`). */
  private readonly outcomes: OutcomeBatch;
  /** Direct replies waiting for a send slot, by pacing key; served before queued rows. */
  private readonly waitingReplies: { key: string; requests: number; resume: () => void }[] = [];
  /** Replies being sent by `deliverNow`. */
  private replyInFlight = 0;
  /** Messages given up on since start (refused, or out of tries). */
  failedCount = 0;

  constructor(
    private readonly adapter: PlatformAdapter,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly onHeld: HeldHandler,
    /** Writes the commands a message names as this platform types them; absent: as they are. */
    private readonly refs?: CommandRefs,
  ) {
    this.pacer = new Pacer(adapter.pacing, () => this.wake());
    this.outcomes = new OutcomeBatch(outbox, log, adapter.platform, (keys) => {
      for (const key of keys) this.inFlight.delete(key);
      this.wake();
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.wake();
  }

  stop(): void {
    this.outcomes.flush();
    this.running = false;
    // Replies waiting for a slot give up their turn: their rows stay `sending`, sent after restart.
    for (const waiting of this.waitingReplies.splice(0)) waiting.resume();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Look at the queue again soon. */
  wake(): void {
    if (!this.running) return;
    setImmediate(() => this.pump());
  }

  /**
   * Send a direct reply (an answer to a command) within the platform's pacing, ahead of queued bulk
   * sends: during a broadcast, a reply waits for a slot instead of drawing a 429 and being lost.
   * `chat` is the chat answered in: its pacing key is the one a queued message to it has.
   */
  async paced<T>(chat: string, send: () => Promise<T>): Promise<T> {
    await this.slotFor(chat, 1);
    try {
      return await send();
    } finally {
      this.pacer.release(chat);
    }
  }

  /** Take a send slot for `key` now, or wait for one ahead of queued rows. True when it had to wait. */
  private async slotFor(key: string, requests: number): Promise<boolean> {
    if (this.waitingReplies.length === 0 && this.pacer.tryAcquire(key, this.clock.now(), requests)) return false;
    await new Promise<void>((resolve) => {
      this.waitingReplies.push({ key, requests, resume: resolve });
      this.wake();
    });
    return true;
  }

  /** True when no send of this worker is waiting on the platform. */
  nothingInFlight(): boolean {
    return this.inFlight.size === 0 && this.replyInFlight === 0;
  }

  /** Write the outcomes of finished sends now (after stop, before the store closes). */
  recordSettled(): void {
    this.outcomes.flush();
  }

  /**
   * Send replies the command's transaction queued already `sending` (`Outbox.enqueueClaimed`), one
   * after another, at once: each takes the next free send slot ahead of queued rows, like `paced`.
   * Outcomes are recorded as for any row: sent, retried later by the queue (a 5xx, a 429), or given
   * up on where a retry could post twice. Resolves when every reply was handed to the adapter.
   */
  async deliverNow(rows: readonly OutboxRow[]): Promise<void> {
    for (const row of rows) {
      // Stopped while waiting: the rows stay `sending` and go out after the restart.
      const requests = this.requestsOf(row);
      if ((await this.slotFor(this.keyOf(row), requests)) && !this.running) return;
      this.replyInFlight++;
      await this.deliver(row, { reply: true, requests });
      // Recorded before the next reply leaves: on Telegram, the window in which a crash re-sends
      // a reply that arrived is this one send, not a batch.
      this.outcomes.flush();
    }
  }

  /** True when nothing is in flight and nothing is due now. */
  isIdle(): boolean {
    return this.inFlight.size === 0 && this.replyInFlight === 0 && this.outcomes.size === 0 && this.outbox.due(this.adapter.platform, this.clock.now(), 1).length === 0;
  }

  private pump(): void {
    if (!this.running || this.pumping) return;
    this.pumping = true;
    try {
      const now = this.clock.now();
      // Replies first: a person is waiting on each of them. Each takes its slot before it is woken;
      // a reply whose chat is at its limit lets the next one by.
      for (const waiting of [...this.waitingReplies]) {
        if (!this.pacer.tryAcquire(waiting.key, now, waiting.requests)) continue;
        this.waitingReplies.splice(this.waitingReplies.indexOf(waiting), 1);
        waiting.resume();
      }
      let waitMs = IDLE_POLL_MS;
      const starting: { row: OutboxRow; requests: number }[] = [];
      const blocked: string[] = [];
      // The "what is due" query runs only when the bot has a free slot and no reply is waiting.
      const botWait = this.pacer.botWaitMs(now);
      if (botWait > 0 && Number.isFinite(botWait)) waitMs = Math.min(waitMs, botWait);
      const rows = this.waitingReplies.length > 0 || botWait > 0 ? [] : this.outbox.due(this.adapter.platform, now, 200);
      for (const row of rows) {
        const key = this.keyOf(row);
        if (this.inFlight.has(key)) continue;
        if (this.pacer.botWaitMs(now) > 0) break;
        const requests = this.requestsOf(row);
        const wait = this.pacer.waitMs(key, now, requests);
        if (wait > 0) {
          if (Number.isFinite(wait)) waitMs = Math.min(waitMs, wait);
          // Later rows to this chat wait behind this one, in order.
          this.inFlight.add(key);
          blocked.push(key);
          continue;
        }
        this.pacer.tryAcquire(key, now, requests);
        this.inFlight.add(key);
        starting.push({ row, requests });
      }
      for (const key of blocked) this.inFlight.delete(key);
      // Rows are marked `sending` together before any request leaves. Where a repeat could post
      // twice (no idempotency key: Telegram) the mark is committed to disk first: one sync per
      // batch. Where the platform drops a repeat, it need not wait for the disk (`Outbox.record`):
      // a mark undone by a power loss only makes the row go again.
      const leaving = starting.map((s) => s.row);
      const quiet = leaving.filter((row) => this.idempotent(row));
      const synced = leaving.filter((row) => !this.idempotent(row));
      if (quiet.length > 0) {
        this.outbox.record(() => {
          for (const row of quiet) this.outbox.markSending(row.id);
        });
      }
      if (synced.length > 0) {
        this.outbox.batch(() => {
          for (const row of synced) this.outbox.markSending(row.id);
        });
      }
      if (leaving.length > 0) crashPoint("after-mark-sending");
      for (const { row, requests } of starting) void this.deliver(row, { requests });
      const next = this.outbox.nextDue(this.adapter.platform);
      if (next !== null && next > now) waitMs = Math.min(waitMs, next - now);
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => this.pump(), Math.max(5, waitMs));
      this.timer.unref();
    } finally {
      this.pumping = false;
    }
  }

  private async deliver(row: OutboxRow, opts: { reply?: boolean; requests: number }): Promise<void> {
    const key = this.keyOf(row);
    const idempotent = this.idempotent(row);
    const record = (outcome: () => void) => this.outcomes.settle(outcome, opts.reply ? null : key, idempotent);
    try {
      const editOf = rowEditOf(row);
      if (editOf !== undefined) {
        await this.editEarlier(row, editOf);
        const at = this.clock.now();
        record(() => this.outbox.markSent(row.id, "", at));
        return;
      }
      const caps = this.adapter.capabilities(this.chatOf(row));
      const msg = this.refs ? this.refs.forChat(rowMessage(row), caps) : withoutMarks(rowMessage(row));
      const max = caps.maxText;
      let messageId = "";
      for (const [i, piece] of splitMessage(msg, max, this.adapter.measureText?.bind(this.adapter)).entries()) {
        const key = i === 0 ? row.key : `${row.key}#${i}`;
        crashPoint("before-send");
        const sent =
          row.target_kind === "chat"
            ? await this.adapter.send(row.target as ChatRef, piece, key)
            : await this.adapter.sendDirect(row.target, piece, key);
        messageId ||= sent.messageId;
        crashPoint("after-send");
      }
      const at = this.clock.now();
      record(() => this.outbox.markSent(row.id, messageId, at));
    } catch (err) {
      // Stopped under it: the adapter cut the send short, which says nothing about the message.
      // The row stays `sending`, and the next start sends it again (see `OutcomeBatch.settle`).
      if (!this.running) {
        this.log.info({ platform: this.adapter.platform, outbox: row.id }, "send cut short by the stop; left in the outbox");
        if (!opts.reply) this.inFlight.delete(key);
        return;
      }
      // On a 429 the lane pauses at once, before the outcome is written: nothing more goes into the limit.
      const until = err instanceof AdapterError && err.code === "RATE_LIMITED" ? this.pauseLane(row, err) : 0;
      record(() => this.failed(row, err, until));
    } finally {
      // A reply may overtake a queued row to the same chat that is in flight: that row keeps its
      // mark. A queued row's destination stays in flight until its outcome is written (`OutcomeBatch.flush`).
      if (opts.reply) this.replyInFlight--;
      this.pacer.release(key, undefined, opts.requests);
    }
  }

  /** True when a repeat of this row's send is dropped by the platform (an idempotency key). */
  private idempotent(row: OutboxRow): boolean {
    return this.adapter.capabilities(this.chatOf(row)).idempotentSends;
  }

  /**
   * Replace the text of a message an earlier row posted. Nothing to do when that row never posted
   * (it failed, or was purged) or the platform cannot edit: the new text is a courtesy mark, and
   * the message that carries the news is a post of its own.
   */
  private async editEarlier(row: OutboxRow, editOf: string): Promise<void> {
    const original = this.outbox.byKey(editOf);
    if (original?.status !== "sent" || !original.message_id) return;
    // The port edits messages in chats; a direct message's chat is the adapter's own business.
    if (row.target_kind !== "chat") return;
    const chat = this.chatOf(row);
    if (!this.adapter.edit || !this.adapter.capabilities(chat).edits) return;
    const msg = this.refs ? this.refs.forChat(rowMessage(row), this.adapter.capabilities(chat)) : withoutMarks(rowMessage(row));
    await this.adapter.edit(chat, original.message_id, sendable(msg));
  }

  /**
   * The row's destination as the pacer names it (see `paceKey`); an answer to an interaction has a
   * key of its own where the platform limits those apart (`Pacing.interactionKey`).
   */
  private keyOf(row: OutboxRow): string {
    const { interactionKey } = this.adapter.pacing;
    const replyTo = interactionKey && row.key.startsWith(REPLY_KEY_PREFIX) ? rowMessage(row).replyTo : undefined;
    return replyTo && interactionKey ? interactionKey(replyTo) : paceKey(this.adapter.platform, { kind: row.target_kind, id: row.target });
  }

  /** What sending the row costs against the bot's limit (see `Pacing.requestsPerSend`). */
  private requestsOf(row: OutboxRow): number {
    return this.adapter.pacing.requestsPerSend?.({ kind: row.target_kind, id: row.target }) ?? 1;
  }

  /** A chat reference for capability look-ups; direct targets use the platform's defaults. */
  private chatOf(row: OutboxRow): ChatRef {
    return row.target_kind === "chat" ? (row.target as ChatRef) : `${this.adapter.platform}:direct`;
  }

  /** Pause the lane of a row the platform refused with a 429; returns until when (clock ms). */
  private pauseLane(row: OutboxRow, err: AdapterError): number {
    const until = this.clock.now() + Math.max(100, err.retryAfterMs ?? 1000);
    this.pacer.pause(this.keyOf(row), until);
    return until;
  }

  private failed(row: OutboxRow, err: unknown, pausedUntil: number): void {
    const idempotent = this.adapter.capabilities(this.chatOf(row)).idempotentSends;
    const gaveUp = recordFailure(this.outbox, row, err, { now: this.clock.now(), pausedUntil, idempotent, onHeld: this.onHeld });
    this.log.warn({ platform: this.adapter.platform, outbox: row.id, code: gaveUp.code, attempts: row.attempts + 1 }, "delivery failed");
    if (gaveUp.final) this.failedCount++;
  }
}
