import { randomBytes } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import { loadConfig, type LoadOptions } from "./config/load.js";
import { OffsetClock, systemClock } from "./core/clock.js";
import { FatalError, safeError } from "./errors.js";
import { createLogger } from "./log.js";
import { type App, buildPlatformAdapters, createApp, createConsoleAdapter, type InvitePolicy } from "./main.js";
import { peekCustody } from "./store/custody.js";
import { checkDatabase } from "./store/generation.js";
import { databaseExists, describeKeySource, findOperatorKey, KEY_WAYS, keyBesideDatabase, keySourceFor } from "./store/key.js";
import { assertNotWiped, slotFileBeside } from "./store/keyslot.js";
import { operatorKeyOrPrompt } from "./store/prompt.js";
import { tombstoneOf, wasWiped } from "./ops/wipe.js";
import type { Logger } from "pino";
import { settleWithin } from "./core/port.js";
import { listenForStop } from "./stop-request.js";
import { migrate, type PendingModule, RELEASE_01_LAST, schemaVersion } from "./store/migrations.js";
import { applyKey, openStore, type Store } from "./store/open.js";

type CliOptions = Pick<LoadOptions, "file" | "dbPath">;

/** Options of the commands that run the bot: where its clock starts (`--now`), if not at the present. */
type RunOptions = CliOptions & { startAt?: number | undefined };

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** `porchlight console`: the local console chat on an embedded database. */
export async function runConsole(opts: RunOptions): Promise<number> {
  const config = loadConfig(opts);
  const interactive = Boolean(process.stdin.isTTY);
  // The console is for reading replies: keep the log to warnings unless asked otherwise.
  const log = createLogger({ level: opts.file ? config.log.level : "warn" });
  const clock = new OffsetClock(systemClock, opts.startAt);
  const adapter = createConsoleAdapter({ input: process.stdin, output: process.stdout, interactive });
  const app = createApp({ config, adapters: [adapter], log, clock });
  adapter.setHooks({
    advanceClock: (ms) => {
      clock.advance(ms);
      app.scheduler.runOnce();
    },
    afterLine: async () => {
      await app.delivery.flush();
    },
  });
  const stop = listenForStop();
  await app.start();
  // Stopping ends the input: the line in hand is finished, then everything closes as at its end.
  void stop.requested.then(() => adapter.stop());
  const wiped = await Promise.race([adapter.finished.then(() => false), app.wiped.then(() => true)]);
  await app.stop({ flush: !wiped });
  // A script must not pass silently when part of it was turned away.
  const refused = app.bot.refusedByLimit + app.delivery.failedSends;
  if (refused > 0) {
    process.stderr.write(`porchlight: ${refused} line(s) or replies were refused by a limit; see the output above\n`);
    return 1;
  }
  return 0;
}

/** Where the key came from, and whether it sits on the database's disk, in plain words. */
export function keyReport(source: Parameters<typeof describeKeySource>[0], file: string | undefined, dbPath: string): { line: string; beside: boolean } {
  const from = describeKeySource(source, file);
  const beside = file ? keyBesideDatabase(file, dbPath) === true : false;
  const line = beside
    ? `database key from ${from}, which is on the same disk as the database: whoever takes the disk can read everything; move it to another mount (docs/deploy.md)`
    : `database key from ${from}`;
  return { line, beside };
}

/** `porchlight start`: every configured platform, until SIGINT or SIGTERM. */
export async function runStart(opts: RunOptions): Promise<number> {
  const config = loadConfig(opts);
  const log = createLogger({ level: config.log.level });
  // Listen before anything slow (loading an SDK, opening the database, connecting): a stop asked
  // for at any moment is honoured, and a second signal cannot kill the process mid-stop.
  const stop = listenForStop((signal) => log.info({ signal }, "already stopping"));
  const policy: InvitePolicy = { isNetworkMember: () => false };
  const adapters = await buildPlatformAdapters(config, log, policy);
  if (adapters.length === 0) {
    throw new FatalError("CONFIG_INVALID", "no platform is configured (telegram, discord or matrix); for a local chat run `porchlight console`");
  }
  if (stop.signal.aborted) {
    log.info({}, "stopping");
    return 0;
  }
  const path = config.database.path;
  assertNotWiped(path);
  // Never a key file beside the data: the key comes from another disk, the environment or a person.
  const key = await operatorKeyOrPrompt(path, process.env, "refuse");
  const report = keyReport(key.source, key.file, path);
  if (report.beside) log.warn({ keyFile: key.file }, report.line);
  else log.info({ keySource: key.source }, report.line);
  const store: Store = openStore({ path, operatorKey: key, owner: true });
  if (store.custody?.upgraded) {
    log.warn({}, "the database now has its own data key in a key slot; backups made before this still open with the old key alone, and a wipe cannot reach them: delete them");
  }
  const clock = new OffsetClock(systemClock, opts.startAt);
  if (opts.startAt !== undefined) log.info({ startAt: new Date(opts.startAt).toISOString() }, "the clock starts at the --now instant, not the present");
  const app = createApp({ config, adapters, log, store, clock });
  policy.isNetworkMember = (platform, userId) => app.services.people.isInAnyNetwork(platform, userId);
  // A start may wait on a platform that is down for as long as it stays down: race it against the stop.
  let failure: unknown;
  const starting = app.start().then(
    () => "started" as const,
    (err: unknown) => {
      failure = err;
      return "failed" as const;
    },
  );
  const first = await Promise.race([starting, stop.requested.then(() => "stop" as const)]);
  if (first === "failed" && !stop.signal.aborted) {
    await app.stop().catch(() => {});
    const code = (failure as { code?: string }).code;
    if (code === "UNAUTHORIZED") throw new FatalError("PLATFORM_UNAUTHORIZED", (failure as Error).message);
    throw new FatalError("PLATFORM_UNREACHABLE", (failure as Error).message);
  }
  if (first === "started") {
    log.info({ platforms: adapters.map((a) => a.platform) }, "porchlight is running");
    const wiped = await Promise.race([stop.requested.then(() => false), app.wiped.then(() => true)]);
    if (wiped) {
      await app.stop().catch(() => {});
      return 0;
    }
  }
  log.info({}, "stopping");
  await stopWithinDeadline(app, log);
  return 0;
}

/** `porchlight start` sends what is due for this long when asked to stop; the rest stays queued. */
const FLUSH_ON_STOP_MS = 1000;
/**
 * The last resort: the stop (flush, adapters, database) ends within this, whatever a platform
 * does. Inside systemd's and Docker's patience after their one SIGTERM, with room to spare.
 */
const STOP_DEADLINE_MS = 4000;

/** Stop the app; if that overruns the deadline, close the database anyway and let the process go. */
async function stopWithinDeadline(app: App, log: Logger): Promise<void> {
  const stopping = app.stop({ flush: true, flushWithinMs: FLUSH_ON_STOP_MS }).catch((err: unknown) => {
    log.error({ err: safeError(err) }, "the stop failed; closing the database");
  });
  if (await settleWithin(stopping, STOP_DEADLINE_MS)) return;
  log.warn({}, "the stop took too long; closing the database now (queued messages stay for the next start)");
  app.store.close();
}

/** `porchlight migrate`: apply pending schema steps. */
export async function runMigrate(opts: CliOptions): Promise<number> {
  const config = loadConfig(opts);
  const store = openStore({ path: config.database.path, migrate: false });
  try {
    const applied = migrate(store.db, store.path);
    if (applied.length === 0) out(`database is up to date (schema version ${schemaVersion(store.db)})`);
    for (const step of applied) out(`applied ${step.version}: ${step.description} (${step.module})`);
  } finally {
    store.close();
  }
  return 0;
}

/** `porchlight keygen [--out FILE]`: a new random 256-bit database key. */
export async function runKeygen(opts: CliOptions & { out?: string | undefined }): Promise<number> {
  const key = randomBytes(32).toString("hex");
  if (!opts.out) {
    out(key);
    return 0;
  }
  try {
    writeFileSync(opts.out, `${key}\n`, { mode: 0o600, flag: "wx" });
  } catch (err) {
    throw new FatalError("USAGE", `cannot write ${opts.out}: ${(err as NodeJS.ErrnoException).code === "EEXIST" ? "it already exists" : (err as Error).message}`);
  }
  out(`wrote a new database key to ${opts.out} (mode 0600); use it with PORCHLIGHT_DB_KEY_FILE=${opts.out}`);
  return 0;
}

/**
 * The schema steps still to apply, per module, as `doctor` says them
 * (`; 4 schema steps pending: core 2 → 4 (2), shifts 1 → 2 (1), …`), and whether the file was made
 * by release 0.1 (its module versions are then recorded on the next migration). Empty when up to date.
 */
function pendingNote(version: number, pending: readonly PendingModule[]): string {
  const steps = pending.reduce((n, m) => n + m.steps, 0);
  const release01 = version > 0 && version <= RELEASE_01_LAST;
  if (steps === 0 && !release01) return "";
  const made = release01 ? "made by release 0.1: " : "";
  if (steps === 0) return `; ${made}no schema step pending, \`porchlight migrate\` or the next start records each module's version`;
  const modules = pending.map((m) => `${m.module} ${m.from} → ${m.to} (${m.steps})`).join(", ");
  return `; ${made}${steps} schema step${steps === 1 ? "" : "s"} pending: ${modules}; \`porchlight migrate\` or the next start applies ${steps === 1 ? "it" : "them"}`;
}

/** `porchlight doctor`: everything that would stop a start, one line each. Exit 1 on any problem. */
export async function runDoctor(opts: CliOptions): Promise<number> {
  const problems: string[] = [];
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(opts);
    out("ok: configuration");
  } catch (err) {
    if (!(err instanceof FatalError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 1;
  }
  const path = config.database.path;
  const found = keySourceFor(path);
  if (!found) {
    problems.push(`no database key for ${path}: ${KEY_WAYS}`);
  } else if (found.source === "key-file") {
    problems.push(`the database key lies beside the database in ${found.file}: \`porchlight start\` refuses it (a local trial only); move it to another disk and set PORCHLIGHT_DB_KEY_FILE`);
  } else {
    const report = keyReport(found.source, found.file, path);
    // A warning, not a problem: the operator may have chosen it knowingly, and a health check must not fail on it.
    if (report.beside) process.stderr.write(`warning: ${report.line}\n`);
    else out(`ok: ${report.line}`);
  }
  if (wasWiped(path)) {
    problems.push(`database ${path} was wiped (${tombstoneOf(path)}); its data cannot be recovered. To start a new, empty bot, delete that file`);
  } else if (!databaseExists(path) && !existsSync(slotFileBeside(path))) {
    out(`ok: database ${path} does not exist yet; it will be created on first start`);
  } else if (found) {
    try {
      const key = findOperatorKey(path, process.env, "use")!;
      const peek = peekCustody(path, key);
      const health = checkDatabase(path, peek.sqlKey, peek.state, applyKey);
      const version = health.schemaVersion;
      out(`ok: database key opens ${path} (schema ${version}${pendingNote(version, health.pending ?? [])})`);
      out(
        peek.legacy
          ? "ok: the database is keyed directly by the operator key; the next start moves it to its own data key in a key slot (needed for `porchlight wipe`)"
          : `ok: integrity check passed, write-ahead log present where expected, generation ${health.generation} (at least ${peek.state?.generation ?? 0} recorded beside the key)`,
      );
    } catch (err) {
      if (!(err instanceof FatalError)) throw err;
      problems.push(err.message);
    }
  }
  const log = createLogger({ level: "silent" });
  for (const adapter of await buildPlatformAdapters(config, log)) {
    const found = (await adapter.doctor?.().catch((err: Error) => [`${adapter.platform}: ${err.message}`])) ?? [];
    if (found.length === 0) out(`ok: ${adapter.platform}`);
    problems.push(...found);
    await adapter.stop();
  }
  for (const p of problems) process.stderr.write(`problem: ${p}\n`);
  return problems.length === 0 ? 0 : 1;
}
