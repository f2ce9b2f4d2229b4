import { existsSync, readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { FatalError } from "../errors.js";
import { type Config, configSchema } from "./schema.js";

/** Secrets: config key, environment variable, and the matching `_FILE` variable / `*_file` key. */
const SECRETS = [
  { section: "telegram", key: "token", env: "PORCHLIGHT_TELEGRAM_TOKEN" },
  { section: "discord", key: "token", env: "PORCHLIGHT_DISCORD_TOKEN" },
  { section: "matrix", key: "accessToken", env: "PORCHLIGHT_MATRIX_ACCESS_TOKEN" },
] as const;

type Env = Record<string, string | undefined>;
type RawSection = Record<string, unknown>;

/** Where the configuration comes from. */
export interface LoadOptions {
  /** YAML file; when absent, PORCHLIGHT_CONFIG; when that is absent too, built-in defaults. */
  file?: string;
  /** Overrides `database.path` (the CLI's `--db`). */
  dbPath?: string;
  env?: Env;
}

/**
 * Read, merge and validate the configuration. Throws FatalError with every problem, each with its
 * path, so the operator can fix them all in one go.
 */
export function loadConfig(opts: LoadOptions = {}): Config {
  const env = opts.env ?? process.env;
  const file = opts.file ?? env.PORCHLIGHT_CONFIG;
  const raw = file ? readYaml(file) : {};
  resolveSecrets(raw, env);
  if (opts.dbPath) {
    const db = (raw.database ?? {}) as RawSection;
    raw.database = { ...db, path: opts.dbPath };
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) throw new FatalError("CONFIG_INVALID", describeIssues(parsed.error, file));
  return parsed.data;
}

function readYaml(file: string): Record<string, unknown> {
  if (!existsSync(file)) throw new FatalError("CONFIG_UNREADABLE", `config: ${file} does not exist`);
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(file, "utf8"));
  } catch (err) {
    throw new FatalError("CONFIG_UNREADABLE", `config: ${file} is not valid YAML: ${(err as Error).message.split("\n")[0]}`);
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== "object" || Array.isArray(doc)) {
    throw new FatalError("CONFIG_INVALID", `config: ${file} must be a mapping of sections (database, telegram, ...)`);
  }
  return doc as Record<string, unknown>;
}

/** Fill each present platform section's secret from `<key>_file`, the env var, or the env `_FILE` var. */
function resolveSecrets(raw: Record<string, unknown>, env: Env): void {
  for (const s of SECRETS) {
    const section = raw[s.section] as RawSection | undefined;
    if (!section || typeof section !== "object") continue;
    const fileKey = `${s.key}_file`;
    const fromFile = section[fileKey];
    delete section[fileKey];
    if (typeof fromFile === "string") section[s.key] = readSecret(fromFile, `${s.section}.${fileKey}`);
    else if (env[s.env]) section[s.key] = env[s.env];
    else if (env[`${s.env}_FILE`]) section[s.key] = readSecret(env[`${s.env}_FILE`]!, `${s.env}_FILE`);
  }
  const webhook = (raw.telegram as RawSection | undefined)?.webhook as RawSection | undefined;
  if (webhook && typeof webhook.secretToken_file === "string") {
    webhook.secretToken = readSecret(webhook.secretToken_file, "telegram.webhook.secretToken_file");
    delete webhook.secretToken_file;
  }
}

/** Read a secret file, trimmed. Never include its content in an error. */
export function readSecret(path: string, what: string): string {
  try {
    return readFileSync(path, "utf8").trim();
  } catch (err) {
    throw new FatalError("SECRET_UNREADABLE", `config: ${what}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? "error"})`);
  }
}

function describeIssues(error: z.ZodError, file: string | undefined): string {
  const where = file ? `config ${file}` : "config";
  return error.issues
    .map((issue) => {
      const path = issue.path.join(".") || "(top level)";
      const detail =
        issue.code === "unrecognized_keys" ? `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}` : issue.message;
      return `${where}: ${path}: ${detail}`;
    })
    .join("\n");
}
