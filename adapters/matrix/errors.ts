import { AdapterError } from "../../src/core/port.js";

/** What a Matrix call failed with, reduced to what decides a retry. Never carries message text. */
export interface FailureFacts {
  /** HTTP status, when the homeserver answered. */
  status?: number;
  /** Matrix errcode, e.g. M_LIMIT_EXCEEDED. */
  errcode?: string;
  /** Node/request network error code, e.g. ECONNREFUSED, ESOCKETTIMEDOUT. */
  networkCode?: string;
  /** request's `connect` flag: the timeout hit while connecting, so nothing was sent. */
  connectTimeout?: boolean;
  retryAfterMs?: number;
  /** The homeserver said the bot is not in the room (403 M_FORBIDDEN "... not in room ..."). */
  notInRoom?: boolean;
}

/** Network failures where the request cannot have reached the homeserver. */
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ECONNABORTED"]);
/** Failures after the request may have been delivered: the outcome is unknown. */
const MAYBE_SENT = new Set(["ESOCKETTIMEDOUT", "ETIMEDOUT", "ECONNRESET", "EPIPE", "UND_ERR_SOCKET"]);

/** When a 429 names no wait, wait this long. */
const DEFAULT_RETRY_AFTER_MS = 5000;

/** Pull the facts out of whatever matrix-bot-sdk threw: a MatrixError, a raw response or a request error. */
export function failureFacts(err: unknown): FailureFacts {
  if (!err || typeof err !== "object") return {};
  const e = err as Record<string, unknown>;
  const body = (e.body && typeof e.body === "object" ? e.body : {}) as Record<string, unknown>;
  const facts: FailureFacts = {};
  if (typeof e.statusCode === "number") facts.status = e.statusCode;
  const errcode = e.errcode ?? body.errcode;
  if (typeof errcode === "string") facts.errcode = errcode;
  const retry = e.retryAfterMs ?? body.retry_after_ms;
  if (typeof retry === "number" && retry >= 0) facts.retryAfterMs = retry;
  if (typeof e.code === "string") facts.networkCode = e.code;
  if (e.connect === true) facts.connectTimeout = true;
  const text = e.error ?? body.error;
  if (facts.errcode === "M_FORBIDDEN" && typeof text === "string" && /not (?:in|joined to) (?:the )?room/i.test(text)) {
    facts.notInRoom = true;
  }
  return facts;
}

/** Map a failed Matrix call to the port's typed error. `what` names the operation, never its content. */
export function toAdapterError(err: unknown, what: string): AdapterError {
  if (err instanceof AdapterError) return err;
  const f = failureFacts(err);
  const label = describeFailure(f);
  if (f.status === 429 || f.errcode === "M_LIMIT_EXCEEDED") {
    return new AdapterError("RATE_LIMITED", `matrix: ${what} rate limited`, f.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS);
  }
  if (f.status === 401 || f.errcode === "M_UNKNOWN_TOKEN" || f.errcode === "M_MISSING_TOKEN") {
    return new AdapterError("UNAUTHORIZED", `matrix: ${what}: the access token was rejected (${label})`);
  }
  if (f.notInRoom) return new AdapterError("CHAT_GONE", `matrix: ${what}: the bot is not in that room (${label})`);
  if (f.status !== undefined && f.status >= 500) return new AdapterError("TRANSIENT", `matrix: ${what} failed (${label})`);
  if (f.status !== undefined) return new AdapterError("REJECTED", `matrix: ${what} refused (${label})`);
  if (f.networkCode === "ETIMEDOUT" && f.connectTimeout) {
    return new AdapterError("TRANSIENT", `matrix: ${what}: homeserver unreachable (${label})`);
  }
  if (f.networkCode && NOT_SENT.has(f.networkCode)) {
    return new AdapterError("TRANSIENT", `matrix: ${what}: homeserver unreachable (${label})`);
  }
  if (f.networkCode && MAYBE_SENT.has(f.networkCode)) {
    return new AdapterError("UNCERTAIN", `matrix: ${what}: no answer, it may have been applied (${label})`);
  }
  // An unknown failure after the request left: assume it may have arrived (sends are idempotent).
  return new AdapterError("UNCERTAIN", `matrix: ${what} failed (${label})`);
}

/** `403 M_FORBIDDEN`, `ECONNREFUSED`, ...: a short, content-free label for logs and messages. */
export function describeFailure(f: FailureFacts): string {
  const parts = [f.status, f.errcode, f.networkCode].filter((p) => p !== undefined);
  return parts.length ? parts.join(" ") : "unknown error";
}
