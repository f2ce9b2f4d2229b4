import type { TaskDeps } from "../../../../src/core/job.js";
import type { ScheduledJob } from "../../../../src/core/scheduler.js";
import { purgeOffersBefore } from "./store.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Offers are kept for `retention.ridesDays` (a day by default). */
export function rideTasks(deps: TaskDeps): ScheduledJob[] {
  return [{ name: "ride-purge", run: (now) => void purgeOffersBefore(deps.db, now - deps.settings.retention.ridesDays * DAY_MS) }];
}
