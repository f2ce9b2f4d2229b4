import type { Config } from "../config/schema.js";
import { defineJob } from "../core/job.js";
import { fingerprint } from "../crypto/signing.js";
import { runAlertsExport, runAlertsVerify, runSigningKeygen, runVerifierPage } from "./cli.js";
import { alertCommands, alertNetworkCommands } from "./commands/index.js";
import { alertExpiryJob, alertPurgeJob } from "./jobs.js";
import { SigningKeys } from "./keys.js";
import * as messages from "./messages.js";
import { ALERT_MIGRATIONS, ALERT_TABLES } from "./migrations.js";
import { alertsPersonalData } from "./privacy.js";
import { ALERT_NUMBERS } from "./store.js";
import { alertSuggester } from "./suggest.js";

declare module "../core/context.js" {
  interface Settings {
    /** How long reports wait for verifiers and verified alerts last (`alerts:` in the configuration). */
    alerts: Config["alerts"];
  }
}

/** Verified alerts: reports checked by verifiers, signed broadcasts, offline verification. */
export const alertsJob = defineJob({
  name: "alerts",
  commands: alertCommands,
  groupCommands: alertNetworkCommands,
  messages,
  suggesters: [alertSuggester],
  migrations: ALERT_MIGRATIONS,
  tables: ALERT_TABLES,
  settings: (config) => ({ alerts: config.alerts }),
  scheduled: (deps) => [alertExpiryJob(deps), alertPurgeJob({ db: deps.db, retentionDays: deps.settings.retention.alertsDays })],
  privacy: alertsPersonalData,
  networkFingerprint: (db, networkId, now) => fingerprint(new SigningKeys(db).ensure(networkId, now).publicKey),
  cli: [
    {
      words: ["keygen"],
      applies: (input) => input.values.network !== undefined || Boolean(input.values.rotate),
      usage: "keygen --network ID [--rotate]  make (or replace) a network's alert signing key; prints its fingerprint",
      run: (input) =>
        runSigningKeygen({ file: input.file, dbPath: input.dbPath, network: input.values.network as string | undefined, rotate: Boolean(input.values.rotate) }),
    },
    {
      words: ["verify"],
      usage: "verify --key PUBKEY FILE        check the alerts of a CAP file against a network's public key, offline",
      run: (input) => runAlertsVerify({ key: input.values.key as string | undefined, file: input.positionals[0] }),
    },
    {
      words: ["export", "alerts"],
      usage: "export alerts --cap FILE [--network ID]  write the signed alerts as CAP 1.2 (an Atom feed of alerts)",
      run: (input) =>
        runAlertsExport({ file: input.file, dbPath: input.dbPath, cap: input.values.cap as string | undefined, network: input.values.network as string | undefined }),
    },
    {
      words: ["verifier-page"],
      usage: "verifier-page --network ID --out FILE.html  write a page that checks a pasted alert offline, the network's keys pinned",
      run: (input) =>
        runVerifierPage({ file: input.file, dbPath: input.dbPath, network: input.values.network as string | undefined, out: input.values.out as string | undefined }),
    },
  ],
  auditActions: ["alert.report", "alert.broadcast", "alert.update", "alert.allclear", "alert.quorum", "alert.verifierChat"],
  numbering: [ALERT_NUMBERS],
});
