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
      base: { app: "porchlight" },
    },
    opts.destination ?? pino.destination(2),
  );
}

export type { Logger };
