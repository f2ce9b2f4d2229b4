import type { Database } from "better-sqlite3-multiple-ciphers";
import { FatalError } from "../errors.js";
import { CORE_SCHEMA } from "./core-schema.js";

/**
 * The schema is made of modules, the core's and each job's, each with its own ordered steps
 * numbered 1, 2, ... and its own version, recorded in `schema_modules`. A job numbers its steps
 * without knowing any other module, so adding or dropping a job renumbers nothing. `user_version`
 * says which scheme the file uses: up to 7 it was made by release 0.1 (one global list of steps),
 * SCHEME_VERSION means the versions are in `schema_modules`; anything above is a newer Porchlight.
 */

/** One upgrade step of a module. `version` is the module's version after it. */
export interface Migration {
  version: number;
  description: string;
  sql: string;
  /**
   * For steps that release 0.1 already shipped: the `user_version` of that release that includes
   * this step. It is how a database that release made is read: every step with `release` at or
   * below its `user_version` is already applied.
   */
  release?: number;
}

/** A schema module: the core, or a job. */
export interface SchemaModule {
  name: string;
  migrations: readonly Migration[];
  /** Tables it expects once migrated: the start-up consistency check. */
  tables: readonly string[];
}

/** A step that was applied, and whose. */
export interface AppliedStep extends Migration {
  module: string;
}

/** The `user_version` that means "module versions are in `schema_modules`". */
export const SCHEME_VERSION = 8;
/** The highest `user_version` of release 0.1. */
export const RELEASE_01_LAST = 7;
/** The `schema_modules` row that keeps the `user_version` a release 0.1 database had when converted. */
const RELEASE_01_ROW = "release-0.1";
/** The schema version this build writes (`user_version`). */
export const LATEST_VERSION = SCHEME_VERSION;

/** Where each module's version is kept. STRICT, like every new table. */
const MODULES_TABLE = `
  CREATE TABLE IF NOT EXISTS schema_modules (
    module TEXT PRIMARY KEY,
    version INTEGER NOT NULL CHECK (version >= 0)
  ) STRICT;
`;

let registered: readonly SchemaModule[] = [];

/**
 * The jobs' schema modules every `openStore` migrates after the core's, in this order. The app
 * registers the jobs it lists (src/main.ts); the core names none.
 */
export function registerSchema(modules: readonly SchemaModule[]): void {
  const names = new Set(registered.map((m) => m.name));
  registered = [...registered, ...modules.filter((m) => !names.has(m.name))];
}

/** The core's module, then every registered job's. */
export function schemaModules(extra: readonly SchemaModule[] = []): SchemaModule[] {
  const all = [CORE_SCHEMA, ...registered];
  for (const m of extra) if (!all.some((a) => a.name === m.name)) all.push(m);
  return all;
}

/** The database's schema version (`user_version`). */
export function schemaVersion(db: Database): number {
  return db.pragma("user_version", { simple: true }) as number;
}

/** Refuse a database written by a newer Porchlight: this build would misread it. */
export function assertNotNewer(db: Database, path: string, modules: readonly SchemaModule[] = schemaModules()): void {
  const version = schemaVersion(db);
  if (version > LATEST_VERSION) {
    throw new FatalError(
      "DB_TOO_NEW",
      `database ${path} has schema version ${version}, newer than this Porchlight understands (${LATEST_VERSION}); upgrade Porchlight`,
    );
  }
  if (version !== SCHEME_VERSION) return;
  const recorded = moduleVersions(db);
  for (const m of modules) {
    const known = latestOf(m);
    const have = recorded.get(m.name) ?? 0;
    if (have > known) {
      throw new FatalError("DB_TOO_NEW", `database ${path} has the ${m.name} schema at version ${have}, newer than this Porchlight understands (${known}); upgrade Porchlight`);
    }
  }
}

function latestOf(m: SchemaModule): number {
  return m.migrations.reduce((max, step) => Math.max(max, step.version), 0);
}

function moduleVersions(db: Database): Map<string, number> {
  const rows = db.prepare("SELECT module, version FROM schema_modules").all() as { module: string; version: number }[];
  return new Map(rows.map((r) => [r.module, r.version]));
}

/** What release 0.1's `user_version` means for a module: its steps that release had applied. */
function versionInRelease01(m: SchemaModule, userVersion: number): number {
  return m.migrations.reduce((max, step) => (step.release !== undefined && step.release <= userVersion ? Math.max(max, step.version) : max), 0);
}

/**
 * What `migrate` would do now: every module's version as recorded (or as release 0.1's
 * `user_version` means it), the steps still to apply in order, and whether the scheme itself
 * changes. Only reads.
 */
function planFor(db: Database, modules: readonly SchemaModule[]): { pending: AppliedStep[]; at: Map<string, number>; upgradeScheme: boolean } {
  const from = schemaVersion(db);
  const recorded = from === SCHEME_VERSION ? moduleVersions(db) : new Map<string, number>();
  // A module first seen after the conversion still counts what release 0.1 had applied for it.
  const release01 = from === SCHEME_VERSION ? (recorded.get(RELEASE_01_ROW) ?? 0) : from;
  const pending: AppliedStep[] = [];
  const at = new Map<string, number>();
  if (release01 > 0) at.set(RELEASE_01_ROW, release01);
  for (const m of modules) {
    const have = recorded.get(m.name) ?? versionInRelease01(m, release01);
    at.set(m.name, have);
    for (const step of m.migrations) if (step.version > have) pending.push({ ...step, module: m.name });
  }
  return { pending, at, upgradeScheme: from !== SCHEME_VERSION };
}

/** One module's schema steps not yet applied: from the version it has to the latest this build knows. */
export interface PendingModule {
  module: string;
  from: number;
  to: number;
  steps: number;
}

/**
 * The schema steps `migrate` (or the next start) would apply, per module, in the order they would
 * apply; modules already up to date are left out. Only reads, so `doctor` may ask.
 */
export function pendingMigrations(db: Database, modules: readonly SchemaModule[] = schemaModules()): PendingModule[] {
  const { pending, at } = planFor(db, modules);
  const out: PendingModule[] = [];
  for (const step of pending) {
    const last = out.at(-1);
    if (last?.module === step.module) {
      last.steps++;
      last.to = step.version;
    } else {
      out.push({ module: step.module, from: at.get(step.module) ?? 0, to: step.version, steps: 1 });
    }
  }
  return out;
}

/**
 * Bring every module up to date, all in one transaction: either the database ends with every
 * module at its latest version, or it is left exactly as it was. A database release 0.1 made is
 * first read as module versions (each step's `release`). Modules apply in the order given (the
 * core's first, then each job's in the app's list), each module's steps in order. Returns the
 * steps applied.
 */
export function migrate(db: Database, path: string, modules: readonly SchemaModule[] = schemaModules()): AppliedStep[] {
  assertNotNewer(db, path, modules);
  const applied: AppliedStep[] = [];
  const plan = () => planFor(db, modules);
  const first = plan();
  if (first.pending.length === 0 && !first.upgradeScheme) return [];
  db.transaction(() => {
    const { pending, at } = plan();
    db.exec(MODULES_TABLE);
    const record = db.prepare("INSERT INTO schema_modules (module, version) VALUES (?, ?) ON CONFLICT (module) DO UPDATE SET version = excluded.version");
    for (const [name, version] of at) record.run(name, version);
    for (const step of pending) {
      db.exec(step.sql);
      record.run(step.module, step.version);
      applied.push(step);
    }
    db.pragma(`user_version = ${SCHEME_VERSION}`);
  }).immediate();
  return applied;
}

/** Tables the modules expect that the database lacks. */
export function missingTables(db: Database, modules: readonly SchemaModule[] = schemaModules()): { module: string; table: string }[] {
  const have = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
  return modules.flatMap((m) => m.tables.filter((table) => !have.has(table)).map((table) => ({ module: m.name, table })));
}

/**
 * The start-up consistency check: every table each module expects is there. Fails with
 * DB_SCHEMA_INCOMPLETE naming each missing table and whose it is.
 */
export function assertSchemaComplete(db: Database, path: string, modules: readonly SchemaModule[] = schemaModules()): void {
  const missing = missingTables(db, modules);
  if (missing.length === 0) return;
  throw new FatalError(
    "DB_SCHEMA_INCOMPLETE",
    `database ${path} lacks tables this Porchlight expects: ${missing.map((m) => `${m.table} (${m.module})`).join(", ")}`,
  );
}
