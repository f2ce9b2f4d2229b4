import type { CommandContext } from "../core/context.js";
import { type Lang, t } from "../core/i18n/catalog.js";
import { describeWait } from "../core/limits.js";
import type { Person } from "../core/people.js";
import type { Outbound } from "../core/port.js";
import { type DirectMessage, queueDirect } from "../delivery/outbox.js";

/**
 * Queue a report card for one verifier privately, within the verifier-messages limit: a flood of
 * reports must not become a flood of private messages. Beyond the limit the verifier gets one
 * line saying reports keep coming and how to see them, then nothing more until the hour has room
 * again. Reports still reach verifier chats and are still voted on: only the private copies pause.
 * Returns whether anything was queued.
 */
export function queueVerifierCard(
  ctx: CommandContext,
  verifier: Person,
  report: { key: string; num: number },
  render: (lang: Lang) => Outbound,
): boolean {
  const { services } = ctx;
  const subject = `person:${verifier.id}`;
  const check = services.limits.check("verifierMessages", subject, ctx.now);
  let message: DirectMessage;
  if (check.waitMs === 0) {
    services.limits.record("verifierMessages", subject, ctx.now);
    message = { key: `alert-card:${report.key}:p${verifier.id}`, render };
  } else if (check.firstRefusal) {
    const text = (lang: Lang) => t(lang, "alert.cardsPaused", { num: report.num, wait: describeWait(lang, check.waitMs) });
    message = { key: `alert-cards-paused:${report.key}:p${verifier.id}`, render: text };
  } else {
    return false;
  }
  return queueDirect(services.outbox, verifier, services.defaultLang, message, ctx.now);
}
