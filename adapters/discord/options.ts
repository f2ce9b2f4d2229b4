/**
 * Options of the Discord adapter, and the discord.js REST settings derived from them.
 */
import { DefaultRestOptions, type RESTOptions } from "discord.js";

/** Knobs with production defaults; tests shrink the timings. */
export interface DiscordTuning {
  /** Defer an interaction the core has not answered within this (Discord allows 3000 ms). */
  deferAfterMs: number;
  /** Interaction tokens are treated as dead after this (Discord: 15 min). */
  interactionTtlMs: number;
  /** Deferred command placeholders are ephemeral, so a slow private reply never shows publicly. */
  deferEphemeral: boolean;
  /** One REST request's timeout; a timed-out send is UNCERTAIN (safe to retry thanks to nonce). */
  requestTimeoutMs: number;
  /** discord.js retries of 5xx, resets and timeouts before giving up (no back-off: keep it low). */
  retries: number;
  /**
   * Rate-limit waits up to this are left to discord.js; longer ones come back as RATE_LIMITED.
   * Discord's Retry-After header is whole seconds, so the default lets a 1 s wait through.
   */
  maxRateLimitWaitMs: number;
  /** start() gives up when the gateway is not ready within this. */
  readyTimeoutMs: number;
  /** How long discord.js waits for unavailable guilds before ready. */
  waitGuildTimeoutMs: number;
}

export interface DiscordAdapterOptions {
  token: string;
  applicationId: string;
  /** Guild ids the bot serves; commands are registered per guild. Empty: global commands, any guild. */
  guilds: string[];
  /** REST base, default https://discord.com/api (the gateway URL comes from GET /gateway/bot). */
  apiBase?: string;
  /** Discord role id -> Porchlight role name, exposed to the core as Author.roles. */
  roleMap?: Record<string, string>;
  tuning?: Partial<DiscordTuning>;
}

export const DEFAULT_TUNING: DiscordTuning = {
  deferAfterMs: 1500,
  interactionTtlMs: 14.5 * 60 * 1000,
  deferEphemeral: true,
  requestTimeoutMs: 15_000,
  retries: 1,
  maxRateLimitWaitMs: 1500,
  readyTimeoutMs: 30_000,
  waitGuildTimeoutMs: 15_000,
};

/**
 * discord.js REST options: our base URL, timeouts, and rate limits returned rather than waited out.
 * Every request also ends when `cancelled()` aborts (the adapter stopping): discord.js has no way
 * to abort the requests it makes itself, such as login's GET /gateway/bot to a silent server.
 */
export function restOptions(options: DiscordAdapterOptions, tuning: DiscordTuning, cancelled: () => AbortSignal): Partial<RESTOptions> {
  type Init = Parameters<RESTOptions["makeRequest"]>[1];
  return {
    makeRequest: (url, init) => {
      const stop = cancelled() as NonNullable<Init["signal"]>;
      const signal = init.signal ? (AbortSignal.any([init.signal as AbortSignal, stop as AbortSignal]) as typeof stop) : stop;
      return DefaultRestOptions.makeRequest(url, { ...init, signal });
    },
    ...(options.apiBase ? { api: options.apiBase } : {}),
    timeout: tuning.requestTimeoutMs,
    retries: tuning.retries,
    rejectOnRateLimit: (limit) => Math.max(limit.retryAfter, limit.timeToReset) > tuning.maxRateLimitWaitMs,
  };
}
