import { purgeQuestions } from "./when-confirm.js";
import type { Database } from "better-sqlite3-multiple-ciphers";
import type { Lang } from "../core/i18n/catalog.js";
import { t } from "../core/i18n/catalog.js";
import type { Networks } from "../core/network/networks.js";
import type { People } from "../core/people.js";
import type { ScheduledJob } from "../core/scheduler.js";
import { type Outbox, queueDirect } from "../delivery/outbox.js";
import { shiftParams } from "./render.js";
import { ShiftStore } from "./store.js";

/** When reminders go out, before a shift starts. */
export const REMINDER_OFFSETS = [
  { label: "24h", ms: 24 * 60 * 60 * 1000 },
  { label: "1h", ms: 60 * 60 * 1000 },
] as const;

/**
 * Shift reminders as a scheduled job. Nothing is kept in memory: each run looks for confirmed
 * sign-ups whose reminder time has come and queues a direct message under a key unique to
 * (shift, person, offset), so a reminder is queued exactly once however often this runs or restarts.
 */
export function shiftReminderJob(deps: { db: Database; people: People; networks: Networks; outbox: Outbox; defaultLang: Lang }): ScheduledJob {
  const shifts = new ShiftStore(deps.db);
  return {
    name: "shift-reminders",
    run(now) {
      for (const offset of REMINDER_OFFSETS) {
        for (const due of shifts.dueReminders(now, offset.ms)) {
          const key = `shift-reminder:${due.shiftId}:${due.personId}:${offset.label}`;
          if (deps.outbox.byKey(key)) continue;
          const shift = shifts.byId(due.shiftId);
          const person = deps.people.byId(due.personId);
          const network = shift && deps.networks.get(shift.networkId);
          if (!shift || !person || !network) continue;
          queueDirect(
            deps.outbox,
            person,
            deps.defaultLang,
            {
              key,
              render: (lang) => t(lang, shift.role ? "shift.dutyReminder" : "shift.reminder", shiftParams(shift, network.tz, lang, "exact", now)),
              // Where they signed up: told (without details) if they cannot be reached privately.
              fallbackChat: due.viaChat,
            },
            now,
          );
        }
      }
    },
  };
}

/** Delete shifts, rosters and attendance once they are older than the retention. */
export function shiftPurgeJob(deps: { db: Database; retentionDays: number }): ScheduledJob {
  const shifts = new ShiftStore(deps.db);
  return {
    name: "shift-purge",
    run(now) {
      shifts.purgeEndedBefore(now - deps.retentionDays * 24 * 60 * 60 * 1000);
      purgeQuestions(deps.db, now);
    },
  };
}
