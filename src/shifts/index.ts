import { defineJob } from "../core/job.js";
import { shiftCommands } from "./commands/index.js";
import { shiftPick } from "./commands/pick.js";
import { shiftDutyRota } from "./duty.js";
import { shiftPurgeJob, shiftReminderJob } from "./jobs.js";
import * as messages from "./messages.js";
import { SHIFT_MIGRATIONS, SHIFT_TABLES } from "./migrations.js";
import { shiftsPersonalData } from "./privacy.js";
import { moveSignupChat, SHIFT_NUMBERS } from "./store.js";
import { shiftSuggester } from "./suggest.js";

declare module "../config/schema.js" {
  interface Retention {
    /** Shifts, rosters and attendance, after a shift ends (`retention.shiftsDays`). */
    shiftsDays: number;
  }
}

/** Door-knocking and duty shifts: post, sign up, waitlist, reminders, check-in, who is on call. */
export const shiftsJob = defineJob({
  name: "shifts",
  commands: [...shiftCommands, shiftPick],
  messages,
  migrations: SHIFT_MIGRATIONS,
  tables: SHIFT_TABLES,
  settings: { retention: [{ key: "shiftsDays", days: 30, label: "privacy.retention.shifts" }] },
  scheduled: (deps) => [shiftReminderJob(deps), shiftPurgeJob({ db: deps.db, retentionDays: deps.settings.retention.shiftsDays })],
  privacy: shiftsPersonalData,
  auditActions: ["shift.cancel"],
  numbering: [SHIFT_NUMBERS],
  chatMoved: moveSignupChat,
  suggesters: [shiftSuggester],
  duty: shiftDutyRota,
});
