import { defineJob } from "../../../../src/core/job.js";
import { rideOffer } from "./commands/offer.js";
import { rideTasks } from "./jobs.js";
import * as messages from "./messages.js";
import { RIDE_MIGRATIONS } from "./migrations.js";
import { ridesPersonalData } from "./privacy.js";
import { RIDE_NUMBERS } from "./store.js";

/**
 * A fourth job that lives only in the test tree: rides to check-ins. It proves a job is one folder
 * and one line (`jobs: [...JOBS, ridesJob]`): nothing outside this folder names it.
 */
export const ridesJob = defineJob({
  name: "rides",
  commands: [rideOffer],
  messages,
  migrations: RIDE_MIGRATIONS,
  tables: ["ride_offers"],
  scheduled: rideTasks,
  privacy: ridesPersonalData,
  numbering: [RIDE_NUMBERS],
});
