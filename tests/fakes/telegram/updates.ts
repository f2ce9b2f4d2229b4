import { request } from "node:http";
import type { Update } from "grammy/types";
import { DEFAULT_EXCLUDED_UPDATES, updateKind } from "./state.js";

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An update as tests write it: everything but the id, which the queue assigns. */
export type UpdateBody = DistributiveOmit<Update, "update_id">;

interface Waiter {
  resolve(updates: Update[]): void;
  reject(reason: { code: number; description: string }): void;
  offset: number;
  limit: number;
}

/** Webhook settings as setWebhook stored them. */
export interface WebhookConfig {
  url: string;
  secretToken?: string;
}

/**
 * The bot's pending updates, handed out by long polling (getUpdates) or pushed to a webhook,
 * as Telegram does: ids increase, an offset confirms everything below it, allowed_updates filters.
 */
export class UpdateQueue {
  private pending: Update[] = [];
  private nextId = 1;
  private waiter?: { w: Waiter; timer: NodeJS.Timeout };
  private allowed?: string[];
  private webhook?: WebhookConfig;
  private pushing = false;
  private closed = false;
  /** Updates the webhook receiver refused or failed to take, for tests that check nothing was dispatched. */
  webhookFailures = 0;

  /** Add an update; it is dropped, as Telegram would, when the bot did not ask for its kind. */
  push(body: UpdateBody): Update {
    const update = { ...body, update_id: this.nextId++ } as Update;
    if (this.accepts(update)) {
      this.pending.push(update);
      this.wake();
    }
    return update;
  }

  /** Remember allowed_updates (Telegram keeps the last list given until a new one arrives). */
  setAllowed(list: unknown): void {
    if (Array.isArray(list)) this.allowed = list.map(String);
  }

  private accepts(update: Update): boolean {
    const kind = updateKind(update);
    if (this.allowed && this.allowed.length > 0) return this.allowed.includes(kind);
    return !DEFAULT_EXCLUDED_UPDATES.includes(kind);
  }

  get webhookInfo(): WebhookConfig | undefined {
    return this.webhook;
  }

  setWebhook(config: WebhookConfig | undefined): void {
    this.webhook = config;
    if (config) {
      this.waiter?.w.reject({ code: 409, description: "Conflict: terminated by setWebhook request" });
      this.clearWaiter();
      void this.pushToWebhook();
    }
  }

  /**
   * Answer getUpdates: confirm ids below `offset`, then return what is pending or wait up to
   * `timeoutS` seconds for something. A newer call ends an older one with 409 Conflict, like Telegram.
   */
  poll(offset: number, limit: number, timeoutS: number, signal?: AbortSignal): Promise<Update[]> {
    if (this.webhook) {
      return Promise.reject({
        code: 409,
        description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      });
    }
    if (offset > 0) this.pending = this.pending.filter((u) => u.update_id >= offset);
    const ready = this.pending.slice(0, limit);
    if (ready.length > 0 || timeoutS <= 0 || this.closed) return Promise.resolve(ready);
    if (this.waiter) {
      this.waiter.w.reject({ code: 409, description: "Conflict: terminated by other getUpdates request" });
      this.clearWaiter();
    }
    return new Promise((resolve, reject) => {
      const w: Waiter = { resolve, reject, offset, limit };
      const timer = setTimeout(() => {
        this.clearWaiter();
        resolve([]);
      }, timeoutS * 1000);
      this.waiter = { w, timer };
      // A client that hung up must not leave a waiter that swallows the next update.
      signal?.addEventListener("abort", () => {
        if (this.waiter?.w !== w) return;
        this.clearWaiter();
        resolve([]);
      });
    });
  }

  /** Forget every pending update (deleteWebhook / setWebhook with drop_pending_updates). */
  dropPending(): void {
    this.pending = [];
  }

  /** Updates not yet confirmed by the bot. */
  get unconfirmed(): readonly Update[] {
    return this.pending;
  }

  private clearWaiter(): void {
    if (this.waiter) clearTimeout(this.waiter.timer);
    this.waiter = undefined;
  }

  private wake(): void {
    if (this.webhook) {
      void this.pushToWebhook();
      return;
    }
    const current = this.waiter;
    if (!current) return;
    this.clearWaiter();
    current.w.resolve(this.pending.slice(0, current.w.limit));
  }

  /** Deliver pending updates one by one to the webhook; a failed delivery is retried shortly after. */
  private async pushToWebhook(): Promise<void> {
    if (this.pushing) return;
    this.pushing = true;
    try {
      while (this.webhook && !this.closed && this.pending.length > 0) {
        const update = this.pending[0]!;
        const ok = await postUpdate(this.webhook, update);
        if (ok) this.pending.shift();
        else {
          this.webhookFailures++;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    } finally {
      this.pushing = false;
    }
  }

  /** Stop delivering and release a waiting long poll. */
  close(): void {
    this.closed = true;
    this.waiter?.w.resolve([]);
    this.clearWaiter();
  }
}

function postUpdate(webhook: WebhookConfig, update: Update): Promise<boolean> {
  const body = JSON.stringify(update);
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (webhook.secretToken) headers["x-telegram-bot-api-secret-token"] = webhook.secretToken;
  return new Promise((resolve) => {
    const req = request(webhook.url, { method: "POST", headers, agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve((res.statusCode ?? 500) < 300));
    });
    req.on("error", () => resolve(false));
    req.end(body);
  });
}
