import type { Logger, PlatformAdapter } from "../../src/core/port.js";
import { TelegramAdapter } from "./adapter.js";
import type { TelegramAdapterOptions } from "./options.js";

export type { TelegramAdapterOptions } from "./options.js";

/**
 * Create the Telegram adapter. Long polling by default (updates of one chat in order, chats in
 * parallel); webhook mode when `options.webhook` is set.
 */
export function createTelegramAdapter(options: TelegramAdapterOptions, deps: { log: Logger }): PlatformAdapter {
  return new TelegramAdapter(options, deps.log);
}
