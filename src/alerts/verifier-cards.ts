import { type Lang, t } from "../core/i18n/catalog.js";
import { describeWait, type Limits } from "../core/limits.js";
import type { Person } from "../core/people.js";
import type { Outbound } from "../core/port.js";
import { type DirectMessage, type Outbox, queueDirect } from "../delivery/outbox.js";

/** What queueing a card privately needs: the outbox, and the limits where a command runs (a scheduled escalation has none). */
export interface CardDeps {
  outbox: Outbox;
  defaultLang: Lang;
  limits?: Limits;
}

/**
 * Queue a report card for one verifier privately, within the verifier-messages limit: a flood of
 * reports must not become a flood of private messages. Beyond the limit the verifier gets one
 * line saying reports keep coming and how to see them, then nothing more until the hour has room
 * again. Reports still reach verifier chats and are still voted on: only the private copies pause.
 * An escalation (no `limits`) always goes: nobody answered, so the page must reach everyone.
 * Returns whether anything was queued.
 */
export function queueVerifierCard(
  deps: CardDeps,
  now: number,
  verifier: Person,
  report: { key: string; num: number },
  render: (lang: Lang) => Outbound,
): boolean {
  const subject = `person:${verifier.id}`;
  const check = deps.limits?.check("verifierMessages", subject, now) ?? { waitMs: 0, firstRefusal: false };
  let message: DirectMessage;
  if (check.waitMs === 0) {
    deps.limits?.record("verifierMessages", subject, now);
    message = { key: `alert-card:${report.key}:p${verifier.id}`, render };
  } else if (check.firstRefusal) {
    const text = (lang: Lang) => t(lang, "alert.cardsPaused", { num: report.num, wait: describeWait(lang, check.waitMs) });
    message = { key: `alert-cards-paused:${report.key}:p${verifier.id}`, render: text };
  } else {
    return false;
  }
  return queueDirect(deps.outbox, verifier, deps.defaultLang, message, now);
}
