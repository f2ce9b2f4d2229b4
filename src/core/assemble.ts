import { type Config, type ConfigContribution, withSections } from "../config/schema.js";
import { corePersonalData } from "../privacy/core-data.js";
import { privacyCommands } from "../privacy/commands.js";
import type { PersonalDataHook } from "../privacy/hooks.js";
import { auditPurgeJob, confirmationPurgeJob, inactiveMemberPurgeJob } from "../privacy/purge.js";
import { generalCommands } from "./commands/general.js";
import { networkCommands } from "./commands/network.js";
import { type AnyCommand, Registry } from "./commands/registry.js";
import { roleCommands } from "./commands/roles.js";
import { zoneCommands } from "./commands/zones.js";
import type { Settings } from "./context.js";
import type { DutyRota } from "./duty.js";
import { registerMessages } from "./i18n/catalog.js";
import type { CliCommand, JobDescriptor, TaskDeps } from "./job.js";
import type { SchemaModule } from "../store/migrations.js";
import type { People } from "./people.js";
import type { ScheduledJob } from "./scheduler.js";
import type { Database } from "better-sqlite3-multiple-ciphers";
import { purgeSeenEvents } from "./seen-events.js";

/**
 * Putting the listed jobs together with the core: the registry, the scheduled tasks, the privacy
 * hooks, the settings, the messages and the command-line sub-commands. Everything here reads the
 * descriptors; nothing names a job.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** Core command groups jobs may add sub-commands to, by their first English word. */
const CORE_GROUPS: Record<string, readonly AnyCommand[]> = { network: networkCommands, zone: zoneCommands };

/** A job descriptor that does not fit the core (a sub-command for a group the core lacks, a name used twice). */
export class JobAssemblyError extends Error {
  override readonly name = "JobAssemblyError";
  constructor(
    readonly code: "JOB_DUPLICATE" | "JOB_UNKNOWN_GROUP" | "JOB_BAD_NAME" | "JOB_AUDIT_UNNAMED",
    message: string,
  ) {
    super(message);
  }
}

/** Check the list itself: names well formed and unique, group contributions to groups that exist. */
export function checkJobs(jobs: readonly JobDescriptor[]): void {
  const seen = new Set<string>(["core"]);
  for (const job of jobs) {
    if (!/^[a-z][a-z0-9-]*$/.test(job.name)) throw new JobAssemblyError("JOB_BAD_NAME", `job name "${job.name}": lower case letters, digits and dashes`);
    if (seen.has(job.name)) throw new JobAssemblyError("JOB_DUPLICATE", `job "${job.name}" is listed twice (or is named like the core)`);
    seen.add(job.name);
    for (const action of job.auditActions ?? []) {
      const key = `privacy.audit.${action}`;
      if (!job.messages || !Object.hasOwn(job.messages.en, key) || !Object.hasOwn(job.messages.es, key)) {
        throw new JobAssemblyError("JOB_AUDIT_UNNAMED", `job "${job.name}" records the audit action ${action} without a message ${key} in its catalog`);
      }
    }
    for (const spec of job.groupCommands ?? []) {
      const group = spec.words[0] ?? "";
      if (spec.words.length < 2 || !CORE_GROUPS[group]) {
        throw new JobAssemblyError("JOB_UNKNOWN_GROUP", `job "${job.name}" adds ${spec.id} to a group the core does not have ("${group}")`);
      }
    }
  }
}

/**
 * Every command, in help order: the core's general commands, `/network` with what jobs add to it,
 * roles, `/zone` with what jobs add to it, each job's commands in list order, and the privacy commands.
 */
export function buildRegistry(jobs: readonly JobDescriptor[]): Registry {
  checkJobs(jobs);
  const contributed = (group: string) => jobs.flatMap((job) => job.groupCommands ?? []).filter((spec) => spec.words[0] === group);
  return new Registry().add(
    ...generalCommands,
    ...networkCommands,
    ...contributed("network"),
    ...roleCommands,
    ...zoneCommands,
    ...contributed("zone"),
    ...jobs.flatMap((job) => job.commands ?? []),
    ...privacyCommands,
  );
}

/** Add every job's messages to the catalog (idempotent). */
export function registerJobMessages(jobs: readonly JobDescriptor[]): void {
  for (const job of jobs) if (job.messages) registerMessages(job.messages);
}

/** The jobs' privacy hooks in list order, then the core's, which deletes the persons row they point to. */
export function personalDataHooks(jobs: readonly JobDescriptor[]): PersonalDataHook[] {
  return [...jobs.flatMap((job) => (job.privacy ? [job.privacy] : [])), corePersonalData];
}

/** What the jobs add to the configuration, in list order: the app registers them (src/main.ts). */
export function configOf(jobs: readonly JobDescriptor[]): ConfigContribution[] {
  return jobs.flatMap((job) => (job.settings ? [job.settings] : []));
}

/** The settings handlers read: the core's retention, each job's periods and each job's section. */
export function settingsFrom(jobs: readonly JobDescriptor[], config: Config): Settings {
  // A job given to the app but not registered when the file was read gets its defaults.
  const full = withSections(config, configOf(jobs));
  // Each job fills the section it declared on `Settings`; a job left out of the list leaves its
  // section out, and only its own code reads it.
  const settings: Partial<Settings> = {
    retention: full.retention,
    retentionPeriods: jobs.flatMap((job) => job.settings?.retention ?? []),
  };
  for (const job of jobs) Object.assign(settings, job.settings?.read?.(full));
  return settings as Settings;
}

/**
 * Every scheduled task: each job's (in list order), then the core's. The core's run last: the
 * inactive-member purge goes before the stranger purge, so a member who left their last network
 * goes in the same round, after the jobs had their say about them.
 */
export function scheduledTasks(jobs: readonly JobDescriptor[], deps: TaskDeps, config: Config): ScheduledJob[] {
  const { db, networks, people, outbox } = deps;
  const retention = config.retention;
  return [
    ...jobs.flatMap((job) => job.scheduled?.(deps) ?? []),
    { name: "invite-purge", run: (now) => void networks.purgeInvites(now) },
    inactiveMemberPurgeJob({ db, inactiveDays: retention.inactiveMemberDays }),
    { name: "stranger-purge", run: () => void people.purgeStrangers() },
    { name: "outbox-purge", run: (now) => void outbox.purgeFinished(now - retention.deliveryDays * DAY_MS) },
    { name: "held-purge", run: (now) => void outbox.purgeHeld(now - retention.heldDays * DAY_MS) },
    auditPurgeJob({ db, retentionDays: retention.auditDays }),
    confirmationPurgeJob({ db }),
    { name: "seen-events-purge", run: (now) => void purgeSeenEvents(db, now) },
  ];
}

/** The jobs' schema modules, in list order (the core's goes before them). */
export function schemaOf(jobs: readonly JobDescriptor[]): SchemaModule[] {
  return jobs.map((job) => ({ name: job.name, migrations: job.migrations ?? [], tables: job.tables ?? [] }));
}

/** The `porchlight` sub-commands the jobs add. */
export function cliCommands(jobs: readonly JobDescriptor[]): CliCommand[] {
  return jobs.flatMap((job) => job.cli ?? []);
}

/** The duty rota the first job that keeps one provides; undefined when none does. */
export function dutyRotaOf(jobs: readonly JobDescriptor[], deps: { db: Database; people: People }): DutyRota | undefined {
  return jobs.find((job) => job.duty)?.duty?.(deps);
}
