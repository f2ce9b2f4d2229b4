import { defineJob } from "../core/job.js";
import { shiftCommands } from "./commands/index.js";
import { shiftDutyRota } from "./duty.js";
import { shiftPurgeJob, shiftReminderJob } from "./jobs.js";
import * as messages from "./messages.js";
import { SHIFT_MIGRATIONS, SHIFT_TABLES } from "./migrations.js";
import { shiftsPersonalData } from "./privacy.js";
import { SHIFT_NUMBERS } from "./store.js";
import { shiftSuggester } from "./suggest.js";

/** Door-knocking and duty shifts: post, sign up, waitlist, reminders, check-in, who is on call. */
export const shiftsJob = defineJob({
  name: "shifts",
  commands: shiftCommands,
  messages,
  migrations: SHIFT_MIGRATIONS,
  tables: SHIFT_TABLES,
  scheduled: (deps) => [shiftReminderJob(deps), shiftPurgeJob({ db: deps.db, retentionDays: deps.settings.retention.shiftsDays })],
  privacy: shiftsPersonalData,
  auditActions: ["shift.cancel"],
  numbering: [SHIFT_NUMBERS],
  suggesters: [shiftSuggester],
  duty: shiftDutyRota,
});
