import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { loadConfig, type LoadOptions } from "./config/load.js";
import { OffsetClock } from "./core/clock.js";
import { FatalError } from "./errors.js";
import { createLogger } from "./log.js";
import { buildPlatformAdapters, createApp, createConsoleAdapter, type InvitePolicy } from "./main.js";
import { databaseExists, keySourceFor } from "./store/key.js";
import { LATEST_VERSION, migrate, schemaVersion } from "./store/migrations.js";
import { openStore } from "./store/open.js";

type CliOptions = Pick<LoadOptions, "file" | "dbPath">;

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** `porchlight console`: the local console chat on an embedded database. */
export async function runConsole(opts: CliOptions): Promise<number> {
  const config = loadConfig(opts);
  const interactive = Boolean(process.stdin.isTTY);
  // The console is for reading replies: keep the log to warnings unless asked otherwise.
  const log = createLogger({ level: opts.file ? config.log.level : "warn" });
  const clock = new OffsetClock();
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
  const onSignal = () => adapter.stop();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  await app.start();
  await adapter.finished;
  await app.stop({ flush: true });
  // A script must not pass silently when part of it was turned away.
  const refused = app.bot.refusedByLimit + app.delivery.failedSends;
  if (refused > 0) {
    process.stderr.write(`porchlight: ${refused} line(s) or replies were refused by a limit; see the output above\n`);
    return 1;
  }
  return 0;
}

/** `porchlight start`: every configured platform, until SIGINT or SIGTERM. */
export async function runStart(opts: CliOptions): Promise<number> {
  const config = loadConfig(opts);
  const log = createLogger({ level: config.log.level });
  const policy: InvitePolicy = { isNetworkMember: () => false };
  const adapters = await buildPlatformAdapters(config, log, policy);
  if (adapters.length === 0) {
    throw new FatalError("CONFIG_INVALID", "no platform is configured (telegram, discord or matrix); for a local chat run `porchlight console`");
  }
  const app = createApp({ config, adapters, log });
  policy.isNetworkMember = (platform, userId) => app.services.people.isInAnyNetwork(platform, userId);
  // Listen for a stop before starting: a stop during a slow start must still shut down cleanly.
  const stopRequested = new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  try {
    await app.start();
  } catch (err) {
    await app.stop().catch(() => {});
    const code = (err as { code?: string }).code;
    if (code === "UNAUTHORIZED") throw new FatalError("PLATFORM_UNAUTHORIZED", (err as Error).message);
    throw new FatalError("PLATFORM_UNREACHABLE", (err as Error).message);
  }
  log.info({ platforms: adapters.map((a) => a.platform) }, "porchlight is running");
  await stopRequested;
  log.info({}, "stopping");
  await app.stop({ flush: true });
  return 0;
}

/** `porchlight migrate`: apply pending schema steps. */
export async function runMigrate(opts: CliOptions): Promise<number> {
  const config = loadConfig(opts);
  const store = openStore({ path: config.database.path, migrate: false });
  try {
    const applied = migrate(store.db, store.path);
    if (applied.length === 0) out(`database is up to date (schema version ${schemaVersion(store.db)})`);
    for (const step of applied) out(`applied ${step.version}: ${step.description}`);
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
  if (!databaseExists(path)) {
    const { source, file } = keySourceFor(path);
    const key =
      source === "env" ? "with the key in PORCHLIGHT_DB_KEY" : source === "new-key-file" ? `with a new key file ${file}` : `with the key in ${file}`;
    out(`ok: database ${path} does not exist yet; it will be created on first start, ${key}`);
  } else {
    try {
      const store = openStore({ path, migrate: false });
      const version = schemaVersion(store.db);
      store.close();
      out(`ok: database key opens ${path} (schema ${version}${version < LATEST_VERSION ? `, ${LATEST_VERSION - version} migration(s) pending` : ""})`);
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
