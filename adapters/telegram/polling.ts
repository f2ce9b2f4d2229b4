import { type Bot, GrammyError, type Transformer } from "grammy";
import type { Update } from "grammy/types";
import type { Logger } from "../../src/core/port.js";
import { toAdapterError } from "./errors.js";
import { ALLOWED_UPDATES } from "./options.js";

type ApiSignal = Parameters<Bot["api"]["getUpdates"]>[1];

/** Wait between failed getUpdates calls. Constant: a doubling back-off would have no ceiling. */
const POLL_RETRY_MS = 2000;
/** Most updates taken per getUpdates call (Telegram's own limit). */
const BATCH = 100;

/** A running long poll. */
export interface Poller {
  /** Stop polling; resolves once the batch in hand was handled and confirmed to Telegram. */
  stop(): Promise<void>;
}

/**
 * Long polling that confirms an update to Telegram only after it was handled. The offset of a
 * getUpdates call confirms every update below it, so each batch is handled (concurrently; the bot's
 * `sequentialize` middleware keeps one chat's updates in order) before the next call: a kill
 * mid-batch leaves the batch with Telegram, which hands it out again, and the core ignores the
 * updates it had already committed (their update_id is recorded with what they did). It keeps
 * retrying through network outages; only a revoked token (401) or a second instance polling (409)
 * ends it.
 */
export function startPolling(bot: Bot, pollTimeoutSeconds: number, log: Logger): Poller {
  const abort = new AbortController();
  let offset = 0;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      abort.signal.addEventListener("abort", () => {
        clearTimeout(timer);
        resolve();
      });
    });
  const handle = (update: Update) =>
    bot.handleUpdate(update).catch(() => log.error({ code: "UPDATE_FAILED" }, "telegram: an update handler failed"));

  const task = (async () => {
    while (!abort.signal.aborted) {
      let updates: Update[];
      try {
        updates = await bot.api.getUpdates({ offset, limit: BATCH, timeout: pollTimeoutSeconds, allowed_updates: [...ALLOWED_UPDATES] }, abort.signal as unknown as ApiSignal);
      } catch (err) {
        if (abort.signal.aborted) break;
        const code = err instanceof GrammyError ? err.error_code : undefined;
        if (code === 401 || code === 409) throw err;
        const retryAfter = err instanceof GrammyError ? err.parameters.retry_after : undefined;
        await pause(retryAfter !== undefined ? retryAfter * 1000 : POLL_RETRY_MS);
        continue;
      }
      await Promise.all(updates.map(handle));
      const last = updates.at(-1);
      if (last) offset = last.update_id + 1;
    }
    // Confirm the last handled batch, so a clean restart does not see it again.
    if (offset > 0) await bot.api.getUpdates({ offset, limit: 1, timeout: 0 }).catch(() => undefined);
  })();
  task.catch((err: unknown) => {
    const code = toAdapterError(err, { method: "getUpdates" }).code;
    log.error({ code }, "telegram: long polling stopped (token revoked, or another instance is polling)");
  });
  return {
    stop: async () => {
      abort.abort();
      await task.catch(() => undefined);
    },
  };
}

/**
 * An API transformer that logs when getUpdates starts failing and when it recovers (codes only),
 * since the runner retries silently.
 */
export function pollHealthLogger(log: Logger): Transformer {
  let failing = false;
  const report = (ok: boolean, code?: string) => {
    if (!ok && !failing) log.warn({ code }, "telegram: fetching updates is failing; retrying");
    if (ok && failing) log.info({}, "telegram: fetching updates works again");
    failing = !ok;
  };
  return async (prev, method, payload, signal) => {
    if (method !== "getUpdates") return prev(method, payload, signal);
    try {
      const res = await prev(method, payload, signal);
      report(res.ok, res.ok ? undefined : `HTTP_${res.error_code}`);
      return res;
    } catch (err) {
      if (!signal?.aborted) report(false, toAdapterError(err, { method }).code);
      throw err;
    }
  };
}
