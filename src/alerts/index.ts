import { z } from "zod";
import { defineJob } from "../core/job.js";
import { fingerprint } from "../crypto/signing.js";
import { runAlertsExport, runAlertsVerify, runSigningKeygen, runVerifierPage } from "./cli.js";
import { alertCommands, alertNetworkCommands } from "./commands/index.js";
import { alertExpiryJob, alertPurgeJob } from "./jobs.js";
import { alertEscalationJob } from "./paging.js";
import { SigningKeys } from "./keys.js";
import * as dutyMessages from "./duty-messages.js";
import * as alertMessages from "./messages.js";
import * as verifyMessages from "./verify-messages.js";
import * as zoneMessages from "./zone-messages.js";
import { ALERT_MIGRATIONS, ALERT_TABLES } from "./migrations.js";
import { alertsPersonalData } from "./privacy.js";
import { ALERT_NUMBERS } from "./store.js";
import { alertSuggester } from "./suggest.js";

/** `alerts:` in the configuration file. Strict: an unknown key is an error. */
const alertsConfig = z.strictObject({
  /** A report not verified within this long expires as "unable to verify". */
  pendingMinutes: z.number().int().positive().max(1440).default(60),
  /** A verified alert expires this long after its last update. */
  verifiedHours: z.number().positive().max(72).default(4),
  /** A report paged to the verifiers on duty goes to every verifier if none answers within this long. */
  escalateMinutes: z.number().int().positive().max(60).default(3),
});

declare module "../config/schema.js" {
  interface JobConfig {
    alerts: z.infer<typeof alertsConfig>;
  }
  interface Retention {
    /** Alert reports and votes, after the alert closes. */
    alertsDays: number;
  }
  interface LimitsConfig {
    /** Alert reports one person may file per hour. */
    reportsPerHour: number;
    /** Report cards one verifier receives privately per hour; beyond it, one line says more are waiting. */
    verifierMessagesPerHour: number;
  }
}

declare module "../core/limits.js" {
  interface LimitNames {
    /** Alert reports filed, per person (`/alert`). */
    reports: true;
    /** Report cards sent privately, per verifier. */
    verifierMessages: true;
  }
}

const HOUR_MS = 60 * 60 * 1000;

declare module "../core/context.js" {
  interface Settings {
    /** How long reports wait for verifiers and verified alerts last (`alerts:` in the configuration). */
    alerts: z.infer<typeof alertsConfig>;
  }
}

/** Verified alerts: reports checked by verifiers, signed broadcasts, offline verification. */
export const alertsJob = defineJob({
  name: "alerts",
  commands: alertCommands,
  groupCommands: alertNetworkCommands,
  messages: {
    en: { ...alertMessages.en, ...dutyMessages.en, ...verifyMessages.en, ...zoneMessages.en },
    es: { ...alertMessages.es, ...dutyMessages.es, ...verifyMessages.es, ...zoneMessages.es },
  },
  suggesters: [alertSuggester],
  migrations: ALERT_MIGRATIONS,
  tables: ALERT_TABLES,
  settings: {
    section: { key: "alerts", schema: alertsConfig },
    retention: [{ key: "alertsDays", days: 30, label: "privacy.retention.alerts" }],
    limits: [
      { name: "reports", key: "reportsPerHour", max: 5, windowMs: HOUR_MS },
      { name: "verifierMessages", key: "verifierMessagesPerHour", max: 20, windowMs: HOUR_MS },
    ],
    read: (config) => ({ alerts: config.alerts }),
  },
  scheduled: (deps) => [alertEscalationJob(deps), alertExpiryJob(deps), alertPurgeJob({ db: deps.db, retentionDays: deps.settings.retention.alertsDays })],
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
