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

/**
 * Retention defaults, in days; SECURITY.md lists the same. The core's periods are here; each job's
 * join as the app registers its jobs (`registerConfigSections`), so this is the whole list then.
 */
export const RETENTION_DEFAULTS: Readonly<Retention> = {
  auditDays: 90,
  heldDays: 30,
  deliveryDays: 7,
  inactiveMemberDays: 365,
} as Retention;

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

/** The core's configuration: every section but the jobs' own. */
const coreConfigSchema = z.strictObject({
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
      auditDays: positiveDays.default(90),
      /** Private messages held for someone who never opened a chat with the bot. */
      heldDays: positiveDays.default(30),
      /** What is left of a delivered or failed message (when, to which chat). */
      deliveryDays: positiveDays.default(7),
      /** A member who has not used the bot in a network for this long leaves it (roles too). */
      inactiveMemberDays: positiveDays.default(365),
    })
    .prefault({}),
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
      networksPerDay: perWindow.default(2),
    })
    .prefault({}),
  telegram: telegramSchema.optional(),
  discord: discordSchema.optional(),
  matrix: matrixSchema.optional(),
});

/**
 * The core's retention periods, by key. A job adds its own by declaration merging
 * (`declare module "../config/schema.js" { interface Retention { shiftsDays: number } }`) and
 * contributes their schema from its descriptor's `settings.retention`.
 */
export interface Retention {
  auditDays: number;
  heldDays: number;
  deliveryDays: number;
  inactiveMemberDays: number;
}

/**
 * The jobs' sections of the configuration, by key: a job adds its own by declaration merging
 * (`declare module "../config/schema.js" { interface JobConfig { canvass: ... } }`) and contributes
 * its schema from its descriptor's `settings.section`.
 */
// biome-ignore lint/suspicious/noEmptyInterface: jobs extend it by declaration merging.
export interface JobConfig {}

/** Validated configuration: the core's sections, the jobs' sections, and every retention period and limit. */
export type Config = Omit<z.infer<typeof coreConfigSchema>, "retention" | "limits"> & { retention: Retention; limits: LimitsConfig } & JobConfig;

/**
 * The core's abuse limits, by key (`limits:`). A job adds its own by declaration merging
 * (`declare module "../config/schema.js" { interface LimitsConfig { reportsPerHour: number } }`) and
 * contributes their schema from its descriptor's `settings.limits`.
 */
export interface LimitsConfig {
  commandsPerMinute: number;
  commandsPerChatPerMinute: number;
  networksPerDay: number;
}

/** Platforms that have their own section in the configuration. */
export type ConfiguredPlatform = "telegram" | "discord" | "matrix";

/** A job's own top-level section of the configuration file, e.g. `canvass:`. */
export interface ConfigSection {
  /** Its key in the file. */
  key: string;
  /** Strict, with a default for every key: a file without the section gets the defaults. */
  schema: z.ZodObject;
}

/** A retention period a job adds under `retention:`, e.g. `shiftsDays`. */
export interface RetentionPeriod {
  /** Its key under `retention:`. */
  key: string;
  /** The default, in days. */
  days: number;
  /** The message that names it in `/privacy` (`{days}` is filled in). */
  label: string;
}

/** An abuse limit a job adds under `limits:`, e.g. `reportsPerHour`. */
export interface LimitDefault {
  /** Its key under `limits:`. */
  key: string;
  /** The default: how many per window. */
  max: number;
}

/** What one job adds to the configuration. */
export interface ConfigContribution {
  section?: ConfigSection;
  retention?: readonly RetentionPeriod[];
  limits?: readonly LimitDefault[];
}

/** A contribution that clashes with the core's configuration or another job's. */
export class ConfigSectionError extends Error {
  override readonly name = "ConfigSectionError";
  readonly code = "CONFIG_SECTION_CLASH";
}

let contributions: readonly ConfigContribution[] = [];
let composed = compose(contributions);

/** The core schema with these contributions' sections and retention periods added. */
function compose(list: readonly ConfigContribution[]): z.ZodType<Config> {
  const sections: Record<string, z.ZodType> = {};
  const periods: Record<string, z.ZodType> = {};
  const limitKeys: Record<string, z.ZodType> = {};
  for (const c of list) {
    if (c.section) sections[c.section.key] = c.section.schema.prefault({});
    for (const p of c.retention ?? []) periods[p.key] = positiveDays.default(p.days);
    for (const l of c.limits ?? []) limitKeys[l.key] = perWindow.default(l.max);
  }
  const retention = coreConfigSchema.shape.retention.unwrap().extend(periods).prefault({});
  const limits = coreConfigSchema.shape.limits.unwrap().extend(limitKeys).prefault({});
  return coreConfigSchema.extend({ ...sections, retention, limits }) as unknown as z.ZodType<Config>;
}

/**
 * Add the jobs' sections and retention periods to the configuration every `loadConfig` reads. The
 * app registers the jobs it lists (src/main.ts); the core names none. Registering one again
 * changes nothing; a key the core or another job already uses throws.
 */
export function registerConfigSections(list: readonly ConfigContribution[]): void {
  const fresh = list.filter((c) => !contributions.includes(c));
  const taken = new Set<string>(Object.keys(coreConfigSchema.shape));
  const periods = new Set<string>(Object.keys(coreConfigSchema.shape.retention.unwrap().shape));
  const limits = new Set<string>(Object.keys(coreConfigSchema.shape.limits.unwrap().shape));
  for (const c of contributions) {
    if (c.section) taken.add(c.section.key);
    for (const p of c.retention ?? []) periods.add(p.key);
    for (const l of c.limits ?? []) limits.add(l.key);
  }
  for (const c of fresh) {
    if (c.section && taken.has(c.section.key)) throw new ConfigSectionError(`configuration section "${c.section.key}" is defined twice`);
    if (c.section) taken.add(c.section.key);
    for (const p of c.retention ?? []) {
      if (periods.has(p.key)) throw new ConfigSectionError(`retention period "${p.key}" is defined twice`);
      periods.add(p.key);
    }
    for (const l of c.limits ?? []) {
      if (limits.has(l.key)) throw new ConfigSectionError(`limit "${l.key}" is defined twice`);
      limits.add(l.key);
    }
  }
  contributions = [...contributions, ...fresh];
  composed = compose(contributions);
  for (const c of fresh) for (const p of c.retention ?? []) Object.assign(RETENTION_DEFAULTS, { [p.key]: p.days });
}

/**
 * A configuration with every listed job's section, retention period and limit, filled with their
 * defaults where it lacks them (a job the app was given but that was not registered when the file
 * was read).
 */
export function withSections(config: Config, list: readonly ConfigContribution[]): Config {
  const out: Record<string, unknown> = { ...config, retention: { ...config.retention }, limits: { ...config.limits } };
  const retention = out.retention as Record<string, number>;
  const limits = out.limits as Record<string, number>;
  for (const c of list) {
    if (c.section && out[c.section.key] === undefined) out[c.section.key] = c.section.schema.prefault({}).parse(undefined);
    for (const p of c.retention ?? []) retention[p.key] ??= p.days;
    for (const l of c.limits ?? []) limits[l.key] ??= l.max;
  }
  return out as unknown as Config;
}

/**
 * The whole configuration after secrets are resolved: the core's sections and every registered
 * job's. Strict everywhere, a job's section too.
 */
export const configSchema = {
  // Not a z.lazy: that keeps the first schema it saw, and a job registered later would be missing.
  parse: (raw: unknown): Config => composed.parse(raw),
  safeParse: (raw: unknown): z.ZodSafeParseResult<Config> => composed.safeParse(raw),
};
