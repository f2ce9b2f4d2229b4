import { z } from "zod";
import { defineJob } from "../core/job.js";
import { runCanvassExport, runCanvassImport } from "./cli.js";
import { allCanvassCommands } from "./commands/index.js";
import { FOOTAGE_NUMBERS } from "./custody.js";
import { canvassClaimExpiryJob, canvassPurgeJob, canvassReminderJob, custodyPurgeJob } from "./jobs.js";
import * as fileMessages from "./file-messages.js";
import * as canvassMessages from "./messages.js";
import { runZonesImport } from "./zones-import.js";
import * as zoneMessages from "./zones-messages.js";
import { CANVASS_MIGRATIONS, CANVASS_TABLES } from "./migrations.js";
import { canvassPersonalData } from "./privacy.js";
import { CANVASS_NUMBERS } from "./store.js";
import { canvassSuggester, blockSuggester } from "./suggest.js";

/** `canvass:` in the configuration file. Strict: an unknown key is an error. */
const canvassConfig = z.strictObject({
  /** A claim without a report returns to the pool after this long. */
  claimHours: z.number().positive().max(168).default(6),
  /** Default time until footage is likely overwritten. */
  deadlineHours: z.number().positive().max(720).default(72),
});

declare module "../config/schema.js" {
  interface JobConfig {
    canvass: z.infer<typeof canvassConfig>;
  }
  interface Retention {
    /** Canvass titles, places, block labels, report notes and claims, after the canvass closes. */
    canvassDays: number;
    /** The footage custody record (names, phone numbers, camera addresses), after the canvass closes. */
    custodyDays: number;
  }
}

declare module "../core/context.js" {
  interface Settings {
    /** Claim and deadline hours (`canvass:` in the configuration). */
    canvass: z.infer<typeof canvassConfig>;
  }
}

/** Footage canvasses: blocks to claim, door reports, and the custody record of footage received. */
export const canvassJob = defineJob({
  name: "canvass",
  commands: allCanvassCommands,
  messages: {
    en: { ...canvassMessages.en, ...fileMessages.en, ...zoneMessages.en },
    es: { ...canvassMessages.es, ...fileMessages.es, ...zoneMessages.es },
  },
  suggesters: [canvassSuggester, blockSuggester],
  migrations: CANVASS_MIGRATIONS,
  tables: CANVASS_TABLES,
  settings: {
    section: { key: "canvass", schema: canvassConfig },
    retention: [
      { key: "canvassDays", days: 30, label: "privacy.retention.canvass" },
      { key: "custodyDays", days: 180, label: "privacy.retention.custody" },
    ],
    read: (config) => ({ canvass: config.canvass }),
  },
  scheduled: (deps) => [
    canvassClaimExpiryJob(deps),
    canvassReminderJob(deps),
    canvassPurgeJob({ db: deps.db, retentionDays: deps.settings.retention.canvassDays }),
    custodyPurgeJob({ ...deps, custodyDays: deps.settings.retention.custodyDays }),
  ],
  privacy: canvassPersonalData,
  cli: [
    {
      words: ["canvass", "import"],
      usage: "canvass import ID FILE       add a canvass's blocks from a CSV (id,label,polygon) or GeoJSON file",
      run: (input) => runCanvassImport([...input.positionals], { file: input.file, dbPath: input.dbPath }),
    },
    {
      words: ["zones", "import"],
      usage: "zones import NETWORK FILE     add a network's zones from a GeoJSON file (each named Polygon feature is a zone)",
      run: (input) => runZonesImport(input.positionals, { file: input.file, dbPath: input.dbPath }),
    },
    {
      words: ["export", "canvass"],
      usage: "export canvass ID [--out DIR]  write a canvass's custody record as CSV and JSON",
      run: (input) => runCanvassExport([...input.positionals], { file: input.file, dbPath: input.dbPath, out: input.values.out as string | undefined }),
    },
  ],
  auditActions: ["canvass.assign", "canvass.close", "canvass.import", "canvass.export", "canvass.importZones"],
  numbering: [CANVASS_NUMBERS, FOOTAGE_NUMBERS],
});
