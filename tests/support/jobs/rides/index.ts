import { z } from "zod";
import { defineJob } from "../../../../src/core/job.js";
import { rideOffer } from "./commands/offer.js";
import { rideTasks } from "./jobs.js";
import * as messages from "./messages.js";
import { RIDE_MIGRATIONS } from "./migrations.js";
import { ridesPersonalData } from "./privacy.js";
import { RIDE_NUMBERS } from "./store.js";

/** `rides:` in the configuration file. */
const ridesConfig = z.strictObject({
  /** Most open offers a network may have at once. */
  perNetwork: z.number().int().min(1).max(1000).default(50),
});

declare module "../../../../src/config/schema.js" {
  interface JobConfig {
    rides: z.infer<typeof ridesConfig>;
  }
  interface Retention {
    /** Ride offers, after they were made. */
    ridesDays: number;
  }
}

declare module "../../../../src/core/context.js" {
  interface Settings {
    rides: z.infer<typeof ridesConfig>;
  }
}

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
  settings: {
    section: { key: "rides", schema: ridesConfig },
    retention: [{ key: "ridesDays", days: 1, label: "privacy.retention.rides" }],
    read: (config) => ({ rides: config.rides }),
  },
  auditActions: ["ride.offer"],
  scheduled: rideTasks,
  privacy: ridesPersonalData,
  numbering: [RIDE_NUMBERS],
});
