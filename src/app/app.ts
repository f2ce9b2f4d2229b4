import type { Logger } from "pino";
import type { Config } from "../config/schema.js";
import type { Bot } from "../core/bot.js";
import type { Clock } from "../core/clock.js";
import type { Registry } from "../core/commands/registry.js";
import type { CoreServices } from "../core/context.js";
import type { Lang } from "../core/i18n/catalog.js";
import type { JobDescriptor } from "../core/job.js";
import type { ChatRef, Platform, PlatformAdapter } from "../core/port.js";
import type { Scheduler } from "../core/scheduler.js";
import type { Delivery } from "../delivery/delivery.js";
import type { Store } from "../store/open.js";

/** The assembled app's shape: what `createApp` (src/main.ts) takes and gives. */

/** Who may invite the bot into a room: asked by adapters that receive invites. */
export interface InvitePolicy {
  isNetworkMember(platform: Platform, userId: string): boolean;
}

/** What the app needs to run. */
export interface AppOptions {
  config: Config;
  adapters: PlatformAdapter[];
  log: Logger;
  clock?: Clock;
  /** An already open store (tests, bench); otherwise opened from the configuration. */
  store?: Store;
  env?: Record<string, string | undefined>;
  /** The jobs to run; default JOBS. */
  jobs?: readonly JobDescriptor[];
}

/** The assembled bot: store, core, delivery, scheduler and adapters. */
export interface App {
  store: Store;
  bot: Bot;
  services: CoreServices;
  delivery: Delivery;
  scheduler: Scheduler;
  adapters: Map<Platform, PlatformAdapter>;
  registry: Registry;
  /** Settles once the database was wiped (in chat, or from the command line while the bot ran) and the goodbyes went out. */
  wiped: Promise<void>;
  /**
   * Tell every linked chat that the bot is gone: direct sends, each bounded by `timeoutMs`, all at
   * once. Best effort: by then the data is already destroyed, so nothing waits on it.
   */
  goodbye(chats: readonly LinkedChat[], timeoutMs?: number): Promise<void>;
  /**
   * Start delivery, the scheduler and each adapter in turn. A stop() during it cuts it short: the
   * start then resolves without starting the adapters that remain.
   */
  start(): Promise<void>;
  /**
   * Stop adapters, finish what is due, close the database. Idempotent: a second call waits for the
   * first. `flush` first sends what is due, for up to `flushWithinMs` (default 30 s); what is left
   * stays in the outbox for the next start. Each adapter's stop is bounded (STOP_WITHIN_MS).
   */
  stop(opts?: { flush?: boolean; flushWithinMs?: number }): Promise<void>;
}

/** A chat to say goodbye to, read before the data goes. */
export interface LinkedChat {
  ref: ChatRef;
  lang: Lang;
}
