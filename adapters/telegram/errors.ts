import { GrammyError, HttpError } from "grammy";
import { AdapterError } from "../../src/core/port.js";

/** Where a failed call was headed, to tell a person's private chat from a group. */
export interface CallTarget {
  method: string;
  chatId?: number;
}

/** Socket errors raised before the request could reach Telegram: safe to retry. */
const NEVER_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ECONNABORTED"]);

const CHAT_GONE_400 = /chat not found|group chat was upgraded|PEER_ID_INVALID|CHANNEL_PRIVATE/i;
const CHAT_GONE_403 = /kicked|not a member|chat was deleted|group chat was deactivated/i;

/**
 * A grammY failure as a typed AdapterError. Messages carry the method and Telegram's own error
 * description only: never the request payload, and never a URL (it holds the bot token).
 */
export function toAdapterError(err: unknown, target: CallTarget): AdapterError {
  if (err instanceof AdapterError) return err;
  if (err instanceof GrammyError) return fromApiError(err, target);
  if (err instanceof HttpError) return fromNetworkError(err.error, target);
  return new AdapterError("REJECTED", `telegram ${target.method}: unexpected failure`);
}

function fromApiError(err: GrammyError, target: CallTarget): AdapterError {
  const code = err.error_code;
  const what = `telegram ${target.method}: ${code} ${err.description}`;
  const isPrivate = target.chatId !== undefined && target.chatId > 0;
  if (code === 429) {
    const seconds = err.parameters.retry_after ?? 1;
    return new AdapterError("RATE_LIMITED", what, seconds * 1000);
  }
  if (code === 401) return new AdapterError("UNAUTHORIZED", what);
  if (code === 403 && isPrivate) return new AdapterError("DM_UNAVAILABLE", what);
  if (code === 403 && CHAT_GONE_403.test(err.description)) return new AdapterError("CHAT_GONE", what);
  if (code === 400 && CHAT_GONE_400.test(err.description)) return new AdapterError("CHAT_GONE", what);
  if (code >= 500) return new AdapterError("TRANSIENT", what);
  return new AdapterError("REJECTED", what);
}

function fromNetworkError(inner: unknown, target: CallTarget): AdapterError {
  const e = (inner ?? {}) as { code?: string; type?: string; name?: string; message?: string };
  const code = e.code ?? "";
  if (NEVER_SENT.has(code)) return new AdapterError("TRANSIENT", `telegram ${target.method}: cannot connect (${code})`);
  if (e.type === "invalid-json") {
    // Telegram's front proxy answers 5xx outages with an HTML page instead of the API's JSON.
    return new AdapterError("TRANSIENT", `telegram ${target.method}: the server answered without the API's JSON`);
  }
  // A timeout, an abort or a connection dropped after the request was written: Telegram may have
  // acted on it and has no idempotency key, so the delivery layer must not retry it blindly.
  const why = e.name === "AbortError" || /timed out/.test(e.message ?? "") ? "timed out" : code || "connection lost";
  return new AdapterError("UNCERTAIN", `telegram ${target.method}: no answer (${why}); the request may have arrived`);
}

/** True when the error says a basic group became a supergroup, with the new chat id. */
export function migratedChatId(err: unknown): number | undefined {
  if (!(err instanceof GrammyError)) return undefined;
  return err.parameters.migrate_to_chat_id;
}

/** One line for `porchlight doctor` about a failed getMe. */
export function describeGetMeFailure(err: unknown, apiRoot: string): string {
  const code = err instanceof AdapterError ? err.code : "REJECTED";
  if (code === "UNAUTHORIZED") return "telegram: the bot token was rejected (401 Unauthorized)";
  if (code === "TRANSIENT" || code === "UNCERTAIN") return `telegram: cannot reach the Bot API at ${apiRoot} (${code})`;
  return `telegram: getMe failed (${code})`;
}
