/**
 * discord.js / @discordjs/rest errors -> AdapterError. Messages are rebuilt from codes only: the
 * SDK's own messages carry request URLs, which for interaction webhooks contain the token.
 */
import { DiscordAPIError, DiscordjsErrorCodes, HTTPError, RateLimitError } from "discord.js";
import { AdapterError } from "../../src/core/port.js";

/** Discord JSON error codes that decide the mapping. */
export const DiscordCodes = {
  UnknownChannel: 10003,
  UnknownMessage: 10008,
  UnknownInteraction: 10062,
  MissingAccess: 50001,
  CannotSendMessagesToThisUser: 50007,
  MissingPermissions: 50013,
  InteractionAlreadyAcknowledged: 40060,
} as const;

/** Socket errors raised before the request could reach Discord. */
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"]);
/** Socket errors raised after the request may have reached Discord. */
const MAYBE_SENT = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "UND_ERR_ABORTED"]);

function networkCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === "object"; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The retry_after (ms) of a 429 body, if the SDK handed one through. */
function retryAfterFromBody(err: DiscordAPIError): number | undefined {
  const raw = err.rawError as { retry_after?: unknown };
  return typeof raw.retry_after === "number" ? Math.ceil(raw.retry_after * 1000) : undefined;
}

/** Map anything thrown by discord.js to an AdapterError (AdapterErrors pass through). */
export function toAdapterError(err: unknown, what = "discord request"): AdapterError {
  if (err instanceof AdapterError) return err;
  if (err instanceof RateLimitError) {
    return new AdapterError("RATE_LIMITED", `${what}: rate limited${err.global ? " (global)" : ""}`, Math.max(err.retryAfter, err.timeToReset));
  }
  if (err instanceof DiscordAPIError) {
    const code = typeof err.code === "number" ? err.code : 0;
    const label = `${what}: HTTP ${err.status} code ${code}`;
    if (err.status === 429) return new AdapterError("RATE_LIMITED", label, retryAfterFromBody(err) ?? 1000);
    if (err.status === 401) return new AdapterError("UNAUTHORIZED", label);
    if (code === DiscordCodes.CannotSendMessagesToThisUser) return new AdapterError("DM_UNAVAILABLE", label);
    if (err.status === 404 && code === DiscordCodes.UnknownChannel) return new AdapterError("CHAT_GONE", label);
    if (err.status === 403 && (code === DiscordCodes.MissingAccess || code === DiscordCodes.UnknownChannel))
      return new AdapterError("CHAT_GONE", label);
    if (err.status >= 500) return new AdapterError("TRANSIENT", label);
    return new AdapterError("REJECTED", label);
  }
  if (err instanceof HTTPError) {
    return new AdapterError(err.status >= 500 ? "TRANSIENT" : "REJECTED", `${what}: HTTP ${err.status}`);
  }
  if (err instanceof Error && (err as { code?: unknown }).code === DiscordjsErrorCodes.TokenInvalid) {
    return new AdapterError("UNAUTHORIZED", `${what}: the bot token was rejected`);
  }
  // After one 401, @discordjs/rest forgets the token and refuses every later authenticated request.
  if (err instanceof Error && /^Expected token to be set/.test(err.message)) {
    return new AdapterError("UNAUTHORIZED", `${what}: the bot token was rejected earlier`);
  }
  if (err instanceof Error && (err.name === "AbortError" || err.name === "TimeoutError")) {
    return new AdapterError("UNCERTAIN", `${what}: timed out; the request may have reached Discord`);
  }
  const code = networkCode(err);
  if (code && NOT_SENT.has(code)) return new AdapterError("TRANSIENT", `${what}: cannot reach Discord (${code})`);
  if (code && MAYBE_SENT.has(code)) return new AdapterError("UNCERTAIN", `${what}: connection lost (${code})`);
  if (err instanceof TypeError && /fetch failed/i.test(err.message)) {
    return new AdapterError("TRANSIENT", `${what}: cannot reach Discord`);
  }
  return new AdapterError("REJECTED", `${what}: ${err instanceof Error ? err.name : "unknown error"}`);
}
