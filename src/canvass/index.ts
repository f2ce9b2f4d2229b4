import type { Config } from "../config/schema.js";
import { defineJob } from "../core/job.js";
import { runCanvassExport, runCanvassImport } from "./cli.js";
import { allCanvassCommands } from "./commands/index.js";
import { FOOTAGE_NUMBERS } from "./custody.js";
import { canvassClaimExpiryJob, canvassPurgeJob, canvassReminderJob, custodyPurgeJob } from "./jobs.js";
import * as canvassMessages from "./messages.js";
import { runZonesImport } from "./zones-import.js";
import * as zoneMessages from "./zones-messages.js";
import { CANVASS_MIGRATIONS, CANVASS_TABLES } from "./migrations.js";
import { canvassPersonalData } from "./privacy.js";
import { CANVASS_NUMBERS } from "./store.js";

declare module "../core/context.js" {
  interface Settings {
    /** Claim and deadline hours (`canvass:` in the configuration). */
    canvass: Config["canvass"];
  }
}

/** Footage canvasses: blocks to claim, door reports, and the custody record of footage received. */
export const canvassJob = defineJob({
  name: "canvass",
  commands: allCanvassCommands,
  messages: { en: { ...canvassMessages.en, ...zoneMessages.en }, es: { ...canvassMessages.es, ...zoneMessages.es } },
  migrations: CANVASS_MIGRATIONS,
  tables: CANVASS_TABLES,
  settings: (config) => ({ canvass: config.canvass }),
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
  auditActions: ["canvass.assign", "canvass.close", "canvass.import", "canvass.export", "zone.import"],
  numbering: [CANVASS_NUMBERS, FOOTAGE_NUMBERS],
});
