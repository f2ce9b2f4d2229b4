import { createHmac, randomBytes } from "node:crypto";
import pino, { type Logger } from "pino";

/**
 * Paths pino blanks out wherever they appear: message text, command arguments, people's ids and
 * names, and secrets. Code should not log these at all; this is the safety net.
 */
export const REDACTED_PATHS = [
  "text",
  "args",
  "payload",
  "userId",
  "user",
  "author",
  "displayName",
  "name",
  "token",
  "key",
  "accessToken",
  "password",
  "*.text",
  "*.args",
  "*.payload",
  "*.userId",
  "*.user",
  "*.author",
  "*.displayName",
  "*.token",
  "*.key",
  "*.accessToken",
  "*.password",
];

/**
 * Fields that name a chat, room, channel, server or person by its platform id. Their values are
 * logged as pseudonyms (see `pseudonym`): a seized log must not map which groups, rooms and people
 * the bot serves (a Matrix room id even names its server), yet one chat stays traceable through a run.
 */
export const PSEUDONYMOUS_FIELDS = new Set(["chat", "newChat", "room", "roomId", "channel", "channelId", "guild", "guildId", "sender", "target", "recipient", "inviter"]);

/** Made once per process and never stored: pseudonyms cannot be reversed, nor linked across runs. */
const PSEUDONYM_KEY = randomBytes(32);

/**
 * A keyed hash (HMAC-SHA256 with a random key per process) of a platform id, the same for the same
 * id throughout one run. A ChatRef keeps its platform: `matrix:~3vQb1kM0aZ7c`.
 */
export function pseudonym(id: string): string {
  const colon = id.indexOf(":");
  const platform = colon > 0 && /^[a-z]+$/.test(id.slice(0, colon)) ? id.slice(0, colon + 1) : "";
  return `${platform}~${createHmac("sha256", PSEUDONYM_KEY).update(id).digest("base64url").slice(0, 12)}`;
}

/** `obj` with the values of pseudonymous fields replaced, a few levels down (not inside errors). */
function pseudonymise(obj: Record<string, unknown>, depth = 0): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(obj)) {
    let replaced: unknown = value;
    if (PSEUDONYMOUS_FIELDS.has(key) && (typeof value === "string" || typeof value === "number")) replaced = pseudonym(String(value));
    else if (depth < 3 && key !== "err" && value && typeof value === "object" && !Array.isArray(value) && !(value instanceof Error)) {
      replaced = pseudonymise(value as Record<string, unknown>, depth + 1);
    }
    if (replaced === value) continue;
    out ??= { ...obj };
    out[key] = replaced;
  }
  return out ?? obj;
}

/** Options for the root logger. */
export interface LogOptions {
  level?: string;
  /** Where to write; defaults to stderr so the console chat's stdout stays clean. */
  destination?: NodeJS.WritableStream;
}

/** Create the root logger with redaction on. */
export function createLogger(opts: LogOptions = {}): Logger {
  return pino(
    {
      level: opts.level ?? "info",
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      // Every line, of every level and every child logger (adapters log through children).
      formatters: { log: (obj) => pseudonymise(obj) },
      base: { app: "porchlight" },
    },
    opts.destination ?? pino.destination(2),
  );
}

export type { Logger };
