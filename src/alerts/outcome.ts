import type { Database } from "better-sqlite3-multiple-ciphers";
import type { Lang } from "../core/i18n/catalog.js";
import { t } from "../core/i18n/catalog.js";
import type { People } from "../core/people.js";
import type { Platform } from "../core/port.js";
import { type Outbox, queueDirect } from "../delivery/outbox.js";
import { type Alert, AlertStore } from "./store.js";

/** How a report ended, as its reporter is told. */
export type Outcome = "verified" | "rejected" | "expired";

/**
 * Tell everyone who sent a report of the group how it ended, privately, once per report; then
 * forget who they were, and who voted (the counts stay): the bot needed them only until now. The
 * broadcast never names them; this message is theirs alone. Returns the platforms queued for.
 */
export function tellReporters(
  deps: { db: Database; people: People; outbox: Outbox; defaultLang: Lang },
  group: Alert[],
  lead: Alert,
  outcome: Outcome,
  now: number,
  reason = "",
): Set<Platform> {
  const platforms = new Set<Platform>();
  for (const report of group) {
    if (report.reporterId === null) continue;
    const person = deps.people.byId(report.reporterId);
    if (!person) continue;
    const queued = queueDirect(
      deps.outbox,
      person,
      deps.defaultLang,
      {
        key: `alert-outcome:${report.id}.${report.createdAt}`,
        render: (lang) => t(lang, outcome === "rejected" && !reason ? "alert.outcome.rejectedNoReason" : `alert.outcome.${outcome}`, { num: report.num, lead: lead.num, reason }),
        fallbackChat: report.reportChat,
      },
      now,
    );
    if (queued) platforms.add(person.platform);
  }
  new AlertStore(deps.db).forgetWhoOnceDecided(lead);
  return platforms;
}
