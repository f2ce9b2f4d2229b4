import type { Config } from "../config/schema.js";
import { defineJob } from "../core/job.js";
import { runCanvassExport, runCanvassImport } from "./cli.js";
import { allCanvassCommands } from "./commands/index.js";
import { FOOTAGE_NUMBERS } from "./custody.js";
import { canvassClaimExpiryJob, canvassPurgeJob, canvassReminderJob, custodyPurgeJob } from "./jobs.js";
import * as messages from "./messages.js";
import { CANVASS_MIGRATIONS, CANVASS_TABLES } from "./migrations.js";
import { canvassPersonalData } from "./privacy.js";
import { CANVASS_NUMBERS } from "./store.js";
import { canvassSuggester, blockSuggester } from "./suggest.js";

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
  messages,
  suggesters: [canvassSuggester, blockSuggester],
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
      words: ["export", "canvass"],
      usage: "export canvass ID [--out DIR]  write a canvass's custody record as CSV and JSON",
      run: (input) => runCanvassExport([...input.positionals], { file: input.file, dbPath: input.dbPath, out: input.values.out as string | undefined }),
    },
  ],
  auditActions: ["canvass.assign", "canvass.close", "canvass.import", "canvass.export"],
  numbering: [CANVASS_NUMBERS, FOOTAGE_NUMBERS],
});
