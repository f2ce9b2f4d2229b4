import type { Bot } from "grammy";
import { AdapterError, type ChatEvent, type Logger } from "../../src/core/port.js";
import { type CallTarget, migratedChatId, toAdapterError } from "./errors.js";
import { loggableChat, telegramChatRef } from "./translate.js";

/** The signal grammY's API methods take (its polyfill's type). */
export type ApiSignal = Parameters<Bot["api"]["sendMessage"]>[3];

/**
 * How the adapter calls the Bot API: each call bounded by the request timeout and by the adapter's
 * lifetime (stop() aborts it), failures turned into AdapterErrors, a migrated group reported.
 */
export class ApiCalls {
  constructor(
    private readonly log: Logger,
    private readonly timeoutMs: number,
    /** The adapter's current lifetime (a new one after each stop). */
    private readonly lifetimeOf: () => AbortController,
    private readonly dispatch: (event: ChatEvent) => Promise<void>,
  ) {}

  private get lifetime(): AbortController {
    return this.lifetimeOf();
  }

  /** A signal that ends a send after the request timeout (grammY types it as its polyfill's signal). */
  deadline(): ApiSignal {
    return AbortSignal.timeout(this.timeoutMs) as unknown as ApiSignal;
  }

  /** The caller's signal, if any, joined with the adapter's lifetime. */
  untilStopped(signal: ApiSignal | undefined): ApiSignal {
    const lifetime = this.lifetime.signal;
    return (signal ? AbortSignal.any([signal as unknown as AbortSignal, lifetime]) : lifetime) as unknown as ApiSignal;
  }

  /** Run one API call; failures become AdapterErrors, and a migrated group is reported to the core. */
  async call<T>(target: CallTarget, fn: () => Promise<T>): Promise<T> {
    const lifetime = this.lifetime.signal;
    try {
      return await fn();
    } catch (err) {
      // Cut short by stop(): nothing to report. A send may still have arrived, hence UNCERTAIN.
      if (lifetime.aborted) throw new AdapterError("UNCERTAIN", `telegram ${target.method}: cut short by the stop`);
      const error = toAdapterError(err, target);
      const chat = target.chatId === undefined ? undefined : telegramChatRef(target.chatId);
      this.log.warn({ code: error.code, method: target.method, chat: loggableChat(chat) }, "telegram: call failed");
      const newChatId = migratedChatId(err);
      if (chat && newChatId !== undefined) {
        void this.dispatch({ kind: "membership", chat, change: "migrated", newChat: telegramChatRef(newChatId) });
      }
      throw error;
    }
  }
}
