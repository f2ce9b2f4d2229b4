import type { Capabilities, Pacing } from "../../src/core/port.js";

/** What Telegram chats support, and how fast the bot may send: platform facts, as data. */

/** Every Telegram chat alike: no end-to-end encryption, buttons, edits, pictures. */
export const CAPABILITIES: Capabilities = {
  e2ee: false,
  buttons: true,
  edits: true,
  ephemeral: false,
  maxText: 4096,
  idempotentSends: false,
  images: true,
};

/**
 * Telegram's send limits, from the Bot FAQ ("My bot is hitting limits, how do I avoid this?",
 * https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this): about 30
 * messages per second for the bot, no more than 20 per minute in one group, and about one per
 * second in one private chat. A private chat's id is the person's (positive) id; groups and
 * channels have negative ids.
 */
export const TELEGRAM_PACING: Pacing = {
  perWindow: 30,
  windowMs: 1000,
  perChat: { limit: 20, windowMs: 60_000 },
  perPrivateChat: { limit: 1, windowMs: 1000 },
  isPrivateChat: (key) => !key.slice("telegram:".length).startsWith("-"),
};
