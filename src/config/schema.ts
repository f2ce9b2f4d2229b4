import { IANAZone } from "luxon";
import { z } from "zod";

/**
 * The configuration file's shape. Strict everywhere: an unknown key is an error, so a typo never
 * silently turns a setting off. Secrets may instead come from the environment or from `*_file` paths;
 * the loader resolves those before this schema sees the object.
 */

const timeZone = z.string().refine((v) => IANAZone.isValidZone(v), { message: "not an IANA time zone (e.g. America/Chicago)" });
const language = z.enum(["en", "es"]);
const url = z.url({ protocol: /^https?$/ });
/** Retention in days: a whole number, 1 or more. Zero or less would mean "delete at once" or "never". */
const positiveDays = z
  .number({ error: "a number of days, 1 or more" })
  .int({ error: "a whole number of days, 1 or more" })
  .min(1, { error: "must be 1 day or more (0 or negative days is not a retention period)" });

/** How many per window a limit allows: a whole number, 1 or more (0 would lock everyone out). */
const perWindow = z
  .number({ error: "a whole number, 1 or more" })
  .int({ error: "a whole number, 1 or more" })
  .min(1, { error: "must be 1 or more" })
  .max(100_000);

/** Retention defaults, in days; SECURITY.md lists the same. */
export const RETENTION_DEFAULTS = {
  shiftsDays: 30,
  canvassDays: 30,
  custodyDays: 180,
  alertsDays: 30,
  auditDays: 90,
  heldDays: 30,
  deliveryDays: 7,
  inactiveMemberDays: 365,
} as const;

/** `database:` where the encrypted SQLite file lives. The key never appears here. */
const databaseSchema = z.strictObject({
  path: z.string().min(1).default("./data/porchlight.db"),
});

const telegramSchema = z.strictObject({
  token: z.string().min(1),
  apiRoot: url.optional(),
  botUsername: z.string().optional(),
  webhook: z
    .strictObject({
      url: url,
      secretToken: z.string().min(16),
      port: z.number().int().min(1).max(65535),
      host: z.string().default("127.0.0.1"),
    })
    .optional(),
});

const discordSchema = z.strictObject({
  token: z.string().min(1),
  applicationId: z.string().regex(/^\d+$/, "a numeric Discord id"),
  guilds: z.array(z.string().regex(/^\d+$/, "a numeric Discord id")).default([]),
  apiBase: url.optional(),
  /** Discord role id -> Porchlight role. */
  roleMap: z.record(z.string(), z.enum(["member", "lead", "verifier", "admin"])).default({}),
});

const matrixSchema = z.strictObject({
  homeserverUrl: url,
  accessToken: z.string().min(1),
  prefix: z.string().min(1).default("!pl"),
  allowedInviters: z.array(z.string()).default([]),
  allowedRooms: z.array(z.string()).default([]),
  /** Work inside end-to-end encrypted rooms (the bot's device keys live in the encrypted database). */
  encryption: z.boolean().default(true),
  /** The homeserver's limit on the bot's sends: Synapse's default is a burst of 10, then 0.2 per second. */
  rateLimit: z
    .strictObject({ burst: z.number().int().min(1).max(1000).default(10), perSecond: z.number().positive().max(1000).default(0.2) })
    .default({ burst: 10, perSecond: 0.2 }),
});

/** The whole configuration after secrets are resolved. */
export const configSchema = z.strictObject({
  database: databaseSchema.default({ path: "./data/porchlight.db" }),
  defaults: z
    .strictObject({ language: language.default("en"), timezone: timeZone.default("UTC") })
    .default({ language: "en", timezone: "UTC" }),
  log: z
    .strictObject({ level: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info") })
    .default({ level: "info" }),
  scheduler: z
    .strictObject({ intervalSeconds: z.number().int().min(1).max(3600).default(30) })
    .default({ intervalSeconds: 30 }),
  retention: z
    .strictObject({
      shiftsDays: positiveDays.default(30),
      /** Canvass titles, places, block labels, report notes and claims, after the canvass closes. */
      canvassDays: positiveDays.default(30),
      /** The footage custody record (names, phone numbers, camera addresses), after the canvass closes. */
      custodyDays: positiveDays.default(180),
      alertsDays: positiveDays.default(30),
      auditDays: positiveDays.default(90),
      /** Private messages held for someone who never opened a chat with the bot. */
      heldDays: positiveDays.default(30),
      /** What is left of a delivered or failed message (when, to which chat). */
      deliveryDays: positiveDays.default(7),
      /** A member who has not used the bot in a network for this long leaves it (roles too). */
      inactiveMemberDays: positiveDays.default(365),
    })
    .default(RETENTION_DEFAULTS),
  canvass: z
    .strictObject({
      /** A claim without a report returns to the pool after this long. */
      claimHours: z.number().positive().max(168).default(6),
      /** Default time until footage is likely overwritten. */
      deadlineHours: z.number().positive().max(720).default(72),
    })
    .default({ claimHours: 6, deadlineHours: 72 }),
  alerts: z
    .strictObject({
      /** A report not verified within this long expires as "unable to verify". */
      pendingMinutes: z.number().int().positive().max(1440).default(60),
      /** A verified alert expires this long after its last update. */
      verifiedHours: z.number().positive().max(72).default(4),
      /** A report paged to the verifiers on duty goes to every verifier if none answers within this long. */
      escalateMinutes: z.number().int().positive().max(60).default(3),
    })
    .default({ pendingMinutes: 60, verifiedHours: 4, escalateMinutes: 3 }),
  wipe: z
    .strictObject({
      /**
       * Networks whose admins may wipe the whole bot from a chat (two of them agreeing). None by
       * default: on a server shared by several networks, two accounts that made a network of their
       * own must not be able to destroy everyone's data. The operator names their network's id.
       */
      inChatNetworks: z.array(z.number().int().positive()).default([]),
    })
    .default({ inChatNetworks: [] }),
  /** Abuse limits (src/core/limits.ts). Votes, confirmations and broadcasts are never limited. */
  limits: z
    .strictObject({
      commandsPerMinute: perWindow.default(30),
      commandsPerChatPerMinute: perWindow.default(200),
      reportsPerHour: perWindow.default(5),
      networksPerDay: perWindow.default(2),
      verifierMessagesPerHour: perWindow.default(20),
    })
    .default({ commandsPerMinute: 30, commandsPerChatPerMinute: 200, reportsPerHour: 5, networksPerDay: 2, verifierMessagesPerHour: 20 }),
  telegram: telegramSchema.optional(),
  discord: discordSchema.optional(),
  matrix: matrixSchema.optional(),
});

/** Validated configuration. */
export type Config = z.infer<typeof configSchema>;
/** Platforms that have their own section in the configuration. */
export type ConfiguredPlatform = "telegram" | "discord" | "matrix";
