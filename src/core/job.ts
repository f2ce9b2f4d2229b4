import type { ParamSuggester } from "./commands/suggestions.js";
import type { Database } from "better-sqlite3-multiple-ciphers";
import type { Config, ConfigContribution } from "../config/schema.js";
import type { PersonalDataHook } from "../privacy/hooks.js";
import type { Migration } from "../store/migrations.js";
import type { AnyCommand } from "./commands/registry.js";
import type { CoreServices, Settings } from "./context.js";
import type { ChatRef } from "./port.js";
import type { LimitSpec } from "./limits.js";
import type { DutyProvider } from "./duty.js";
import type { ScheduledJob } from "./scheduler.js";

/**
 * What every scheduled task may use: built once by the app and handed to each job's `scheduled`.
 * A task takes what it needs from it; none builds its own services.
 */
export type TaskDeps = Pick<CoreServices, "db" | "people" | "networks" | "outbox" | "clock" | "defaultLang" | "settings" | "capabilitiesOf" | "duty">;

/** A job's messages: English, and Spanish typed as a complete record of the English keys. */
export interface JobMessages {
  en: Readonly<Record<string, string>>;
  es: Readonly<Record<string, string>>;
}

/**
 * A table whose rows people refer to by a number (`#3`), counted within a scope: a network's
 * shifts, a canvass's footage entries. The job names it; `nextNumber` only reads what is declared.
 */
export interface NumberingSpec {
  /** Stable id the job's store asks for, e.g. `shift`. */
  id: string;
  table: string;
  /** The column the number is counted within, e.g. `network_id`. */
  scope: string;
}

/** A sub-command of `porchlight` a job adds, e.g. `canvass import`. */
export interface CliCommand {
  /** The words after `porchlight`, e.g. ["canvass", "import"]. */
  words: readonly string[];
  /** Whether this sub-command takes the line (`keygen --network` is the alerts job's, plain `keygen` the core's). Default: yes. */
  applies?: (input: CliInput) => boolean;
  /** One usage line for `porchlight --help`, without the leading two spaces. */
  usage: string;
  /** Runs it; `positionals` are the words after `words`. Returns the exit code. */
  run(input: CliInput): Promise<number>;
}

/** What the command line hands a job's sub-command. */
export interface CliInput {
  /** `--config` and `--db`. */
  file: string | undefined;
  dbPath: string | undefined;
  /** Positional words after the sub-command's own words. */
  positionals: readonly string[];
  /** Named options as parsed (`--out`, `--network`, `--key`, `--cap`, `--rotate`...). */
  values: Readonly<Record<string, string | boolean | undefined>>;
}

/**
 * A job's configuration, contributed from its own folder: the core's schema is composed from these
 * (src/config/schema.ts) and names no job. Its section's and periods' types join `Config` by
 * declaration merging (`JobConfig`, `Retention`), and what it puts in `Settings` too.
 */
export interface JobSettings extends ConfigContribution {
  /** Its abuse limits: each a key under `limits:` with its default, its name in code and its window. */
  limits?: readonly LimitSpec[];
  /** Its part of the settings handlers read (`ctx.services.settings`), from the validated configuration. */
  read?: (config: Config) => Partial<Settings>;
}

/**
 * One job, described once: what it adds to the bot. The core reads only these descriptors and
 * knows no job by name; `src/main.ts` lists them. Everything but `name` is optional, so a small job
 * states only what it has.
 */
export interface JobDescriptor {
  /** Stable id, also its schema module name: `shifts`. Lower case letters, digits and dashes. */
  name: string;
  /** Its commands, in help order. */
  commands?: readonly AnyCommand[];
  /**
   * Sub-commands it adds to a core group (`/network verifiers`): listed after that group's own
   * commands, so the group is whole without the core importing the job.
   */
  groupCommands?: readonly AnyCommand[];
  /** Its message catalog; its keys join `MessageKey` by declaration merging in its messages file. */
  messages?: JobMessages;
  /**
   * Its schema steps, in order, versioned within the job (1, 2, ...). Never edit a shipped step:
   * add one. New tables are STRICT.
   */
  migrations?: readonly Migration[];
  /** Tables the job expects once migrated, for the start-up consistency check. */
  tables?: readonly string[];
  /** Its scheduled tasks (reminders, expiries, purges), made from the shared deps. */
  scheduled?: (deps: TaskDeps) => readonly ScheduledJob[];
  /** What it keeps about people, for `/privacy` and `/forgetme`. */
  privacy?: PersonalDataHook;
  /** What it reads from the configuration: its own section, its retention periods, its settings. */
  settings?: JobSettings;
  /** `porchlight` sub-commands it adds. */
  cli?: readonly CliCommand[];
  /**
   * Audit action codes it records (`shift.cancel`). Each is named in `/audit` by the message
   * `privacy.audit.<action>` of its own catalog; the assembly refuses one without it.
   */
  auditActions?: readonly string[];
  /**
   * A chat moved to a new id (a Telegram group upgraded to a supergroup): the job updates its rows
   * that name the chat, in the same transaction as the core's.
   */
  chatMoved?: (db: Database, from: ChatRef, to: ChatRef) => void;
  /** Its numbered tables. */
  numbering?: readonly NumberingSpec[];
  /** What it suggests for its parameters as a member types them (Discord autocomplete): shift numbers, … */
  suggesters?: readonly ParamSuggester[];
  /**
   * The fingerprint of a network's public key, shown by `/network info` and on linking so members
   * can tell their network from another of the same name. One job may provide it (alerts signs).
   */
  networkFingerprint?: (db: Database, networkId: number, now: number) => string;
  /**
   * Who is on duty for a role (see src/core/duty.ts), for the other jobs to read through
   * `services.duty`. One job may provide it (shifts keeps the rota).
   */
  duty?: DutyProvider;
}

/** Define a job; returns the descriptor unchanged, typed. */
export function defineJob(job: JobDescriptor): JobDescriptor {
  return job;
}
