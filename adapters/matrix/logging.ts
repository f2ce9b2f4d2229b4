import { type ILogger, LogLevel, LogService } from "matrix-bot-sdk";
import type { Logger } from "../../src/core/port.js";
import { describeFailure, failureFacts } from "./errors.js";

/**
 * Route matrix-bot-sdk's global LogService into our logger at warn level. The SDK's own lines carry
 * URLs (room and user ids), request bodies and error texts, so only the module name and the codes of
 * an error argument (status, errcode, network code) pass through; info, debug and trace are dropped.
 */
export function routeSdkLogs(log: Logger): void {
  LogService.setLogger(new ScrubbingSdkLogger(log));
  LogService.setLevel(LogLevel.WARN);
}

class ScrubbingSdkLogger implements ILogger {
  constructor(private readonly log: Logger) {}

  info(): void {}
  debug(): void {}
  trace(): void {}

  warn(module: string, ...parts: unknown[]): void {
    this.forward(module, parts);
  }

  error(module: string, ...parts: unknown[]): void {
    this.forward(module, parts);
  }

  private forward(module: string, parts: unknown[]): void {
    const failure = parts.map(failureFacts).find((f) => Object.keys(f).length > 0);
    // An expected "not found" (no m.direct yet, no such state) is not worth a warning.
    if (failure?.errcode === "M_NOT_FOUND") return;
    this.log.warn({ sdkModule: module, ...(failure ? { failure: describeFailure(failure) } : {}) }, "matrix sdk");
  }
}
