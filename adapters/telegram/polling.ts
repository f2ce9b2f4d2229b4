import { type RunnerHandle, run } from "@grammyjs/runner";
import type { Bot, Transformer } from "grammy";
import type { Logger } from "../../src/core/port.js";
import { toAdapterError } from "./errors.js";
import { ALLOWED_UPDATES } from "./options.js";

/** Wait between failed getUpdates calls. Constant: the runner's doubling back-off has no ceiling. */
const POLL_RETRY_MS = 2000;

/**
 * Long polling with @grammyjs/runner: batches of updates are handled concurrently, and the bot's
 * middleware (sequentialize) keeps one chat's updates in order. It keeps retrying through network
 * outages; only a revoked token (401) or a second instance polling (409) ends it.
 */
export function startPolling(bot: Bot, pollTimeoutSeconds: number, log: Logger): RunnerHandle {
  const runner = run(bot, {
    runner: {
      fetch: { timeout: pollTimeoutSeconds, allowed_updates: [...ALLOWED_UPDATES] },
      retryInterval: POLL_RETRY_MS,
      maxRetryTime: Number.MAX_SAFE_INTEGER - Date.now(),
      // The runner's own console output prints errors whose text holds the token; we log codes.
      silent: true,
    },
  });
  runner.task()?.catch((err: unknown) => {
    const code = toAdapterError(err, { method: "getUpdates" }).code;
    log.error({ code }, "telegram: long polling stopped (token revoked, or another instance is polling)");
  });
  return runner;
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
