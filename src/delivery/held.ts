import type { Clock } from "../core/clock.js";
import { type Lang, t } from "../core/i18n/catalog.js";
import type { Networks } from "../core/network/networks.js";
import type { AdapterError, Platform } from "../core/port.js";
import type { Outbox, OutboxRow } from "./outbox.js";

/**
 * When a direct message cannot be delivered because the person never opened a private chat with
 * the bot, tell the group it came from, without saying who or what, and how to open the chat.
 * The message itself stays held until the person writes to the bot.
 */
export function heldNotice(deps: {
  networks: Networks;
  outbox: Outbox;
  clock: Clock;
  defaultLang: Lang;
  wake: (platform: Platform) => void;
}): (row: OutboxRow, error: AdapterError) => void {
  return (row, error) => {
    if (!row.fallback_chat) return;
    const lang = deps.networks.chat(row.fallback_chat)?.lang ?? deps.defaultLang;
    const text = error.hint ? t(lang, "core.dmUnavailable", { hint: error.hint }) : t(lang, "core.dmUnavailableNoHint");
    // At most one notice per person and chat a day, not one per held message.
    const now = deps.clock.now();
    const day = Math.floor(now / 86_400_000);
    const queued = deps.outbox.enqueue(
      { key: `held-notice:${row.platform}:${row.target}:${row.fallback_chat}:${day}`, target: { kind: "chat", chat: row.fallback_chat }, msg: { text } },
      now,
    );
    if (queued) deps.wake(row.fallback_chat.slice(0, row.fallback_chat.indexOf(":")) as Platform);
  };
}
