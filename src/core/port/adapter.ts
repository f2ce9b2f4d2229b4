import type { Capabilities } from "./capabilities.js";
import type { ChatEvent } from "./inbound.js";
import type { CommandMenuEntry, Suggestion, SuggestQuery } from "./menu.js";
import type { Outbound, SendResult } from "./outbound.js";
import type { Pacing } from "./pacing.js";
import type { ChatRef, Platform } from "./refs.js";

/** The port: the adapter itself, what the core gives it at start, and how long its stop may take. */

/** Minimal structured logger the core hands to adapters (a pino logger satisfies it). */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/**
 * Durable key-value state the core keeps for an adapter in its encrypted database (sync tokens,
 * SDK state, crypto snapshots), so nothing sensitive lives in loose files. Keys are per platform.
 */
export interface AdapterStateStore {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
  delete(key: string): void;
}

/** What the core gives an adapter when it starts. */
export interface AdapterHost {
  /** Hand an event to the core. Never throws; resolves when the core has finished with it. */
  dispatch(event: ChatEvent): Promise<void>;
  /**
   * Optional: values to suggest while a member types a parameter (at most 25), answered at once
   * from the database (Discord gives autocomplete 3 s and no deferral). Never throws.
   */
  suggest?(query: SuggestQuery): Suggestion[];
  log: Logger;
  state: AdapterStateStore;
}

/** The contract every platform adapter implements. */
export interface PlatformAdapter {
  readonly platform: Platform;
  /** What `chat` supports. Must be answerable synchronously from state the adapter already holds. */
  capabilities(chat: ChatRef): Capabilities;
  /** Send pacing for the delivery layer. */
  readonly pacing: Pacing;
  /**
   * Connect and begin delivering events to `host.dispatch`. Calling it twice is harmless. A start
   * that cannot reach the platform may keep trying, but a stop() cuts it short: the pending start
   * then settles promptly (it rejects with an AdapterError, or resolves), never later than stop().
   */
  start(host: AdapterHost): Promise<void>;
  /**
   * Disconnect. Idempotent; safe before start and during a start. Bounded: it cancels the requests
   * and connections in flight (a send cut short fails; the outbox keeps it) rather than waiting on a
   * platform that does not answer, and resolves within about STOP_WITHIN_MS.
   */
  stop(): Promise<void>;
  /** Post to a chat. `idempotencyKey` is stable across retries of the same logical message. */
  send(chat: ChatRef, msg: Outbound, idempotencyKey: string): Promise<SendResult>;
  /** Post to a person's direct chat with the bot. `user` is the Author.id. */
  sendDirect(user: string, msg: Outbound, idempotencyKey: string): Promise<SendResult>;
  /**
   * Optional: how many of `maxText` a plain text takes once this adapter has made it inert for its
   * platform (Discord's markdown escapes add characters). The core splits long messages by it so
   * that the escaped text still fits. Default: the text's length.
   */
  measureText?(text: string): number;
  /**
   * Optional: the name (title) the platform shows for a group chat, from what the adapter already
   * holds in memory, or null when it does not know it. Never stored by the core: a seized disk
   * must not list a network's groups by name.
   */
  chatName?(chat: ChatRef): string | null;
  /** Optional, where `capabilities(chat).edits`: replace the text and buttons of a message the bot sent. */
  edit?(chat: ChatRef, messageId: string, msg: Outbound): Promise<void>;
  /** Optional: publish the command menu (Telegram setMyCommands, Discord command registration). */
  publishCommands?(menu: CommandMenuEntry[]): Promise<void>;
  /** Optional: check credentials and reachability; resolves with problems found, one line each. */
  doctor?(): Promise<string[]>;
}

/**
 * The longest an adapter's stop() should take. A service manager sends one SIGTERM and kills the
 * process some seconds later (Docker after 10 s, systemd after its stop timeout); the whole stop,
 * flush and database close included, must fit well inside that.
 */
export const STOP_WITHIN_MS = 1500;

/**
 * Wait for `work` to settle, but no longer than `ms`. Resolves true when it settled in time, false
 * otherwise; never rejects (a failure of `work` is the caller's to log where it matters). For
 * bounded stops: what is still running after `ms` is left behind.
 */
export async function settleWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
    timer.unref();
  });
  const settled = work.then(
    () => true as const,
    () => true as const,
  );
  try {
    return await Promise.race([settled, late]);
  } finally {
    clearTimeout(timer);
  }
}
