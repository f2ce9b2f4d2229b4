/** The port: the one error type adapters throw, and its codes. */

/** Codes an adapter error carries; the delivery layer decides on retries from these alone. */
export type AdapterErrorCode =
  /** The platform said slow down; retry after `retryAfterMs`. */
  | "RATE_LIMITED"
  /** Failed before the platform could have acted (connection refused, 5xx without side effect). */
  | "TRANSIENT"
  /** The request may have reached the platform (timeout, dropped connection mid-request). */
  | "UNCERTAIN"
  /** The person has not opened a direct chat with the bot, or blocked it. */
  | "DM_UNAVAILABLE"
  /** The chat is gone, or the bot is no longer in it. */
  | "CHAT_GONE"
  /** Credentials are wrong or revoked. */
  | "UNAUTHORIZED"
  /** Anything else the platform refused; retrying will not help. */
  | "REJECTED";

/** The one error type adapters throw out of send/sendDirect/start. */
export class AdapterError extends Error {
  override readonly name = "AdapterError";
  constructor(
    readonly code: AdapterErrorCode,
    message: string,
    readonly retryAfterMs?: number,
    /** A hint the core may show the person (e.g. a deep link to start a private chat). */
    readonly hint?: string,
  ) {
    super(message);
  }
}
