#!/usr/bin/env node
import { parseArgs } from "node:util";
import { cliCommands } from "./core/assemble.js";
import { parseStartInstant } from "./core/clock.js";
import type { CliCommand, CliInput } from "./core/job.js";
import { FatalError } from "./errors.js";
import { runConsole, runDoctor, runKeygen, runMigrate, runStart } from "./operations.js";
import { JOBS } from "./main.js";
import { runBackup, runRekey, runRestore, runWipe } from "./ops/cli.js";

/** The jobs' own sub-commands (`canvass import`, `export alerts`...). */
const JOB_CLI: readonly CliCommand[] = cliCommands(JOBS);

const CORE_USAGE = `usage: porchlight <command> [--config FILE] [--db FILE] [--now INSTANT]

commands:
  start     run the bot on the platforms configured
  console   chat with the bot locally (no platform, no tokens)
  migrate   bring the database schema up to date
  keygen    create a new random database key and print where it was written
  doctor    check the configuration, the database key and each platform's credentials
  backup FILE            write an encrypted copy of the database to FILE (safe while the bot runs)
  restore FILE           bring a backup back (stop the bot first)
  rekey [NEW_KEY_FILE]   change the database key (stop the bot first)
  wipe [--yes]           destroy the key material: the database and its backups on this machine become unreadable
{jobs}

--now INSTANT (console and start): the bot's clock starts at this ISO 8601 instant with a zone,
  e.g. 2026-12-31T23:45:00-06:00, and runs on from there; for rehearsals and tests.`;

const USAGE = CORE_USAGE.replace("{jobs}\n", JOB_CLI.map((c) => `  ${c.usage}\n`).join(""));

/** The job sub-command this command line names, with the positionals after its words. */
function jobCommandFor(positionals: readonly string[], input: Omit<CliInput, "positionals">): { command: CliCommand; input: CliInput } | null {
  for (const command of JOB_CLI) {
    if (!command.words.every((word, i) => positionals[i] === word)) continue;
    const full = { ...input, positionals: positionals.slice(command.words.length) };
    if (command.applies && !command.applies(full)) continue;
    return { command, input: full };
  }
  return null;
}

/** Entry point: parse arguments, run one command, turn typed errors into one clear line. */
async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: keyValuesAttached(argv),
      allowPositionals: true,
      options: { config: { type: "string" }, db: { type: "string" }, help: { type: "boolean", short: "h" }, out: { type: "string" },
        network: { type: "string" },
        rotate: { type: "boolean" },
        key: { type: "string" },
        cap: { type: "string" },
        now: { type: "string" },
        yes: { type: "boolean" },
      },
    });
  } catch (err) {
    throw new FatalError("USAGE", `${(err as Error).message}\n${USAGE}`);
  }
  const [command = "console"] = parsed.positionals;
  const opts = { file: parsed.values.config as string | undefined, dbPath: parsed.values.db as string | undefined };
  const startAt = readStartInstant(parsed.values.now as string | undefined);
  if (parsed.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const job = jobCommandFor(parsed.positionals, { ...opts, values: parsed.values as CliInput["values"] });
  if (job) return job.command.run(job.input);
  switch (command) {
    case "start":
      return runStart({ ...opts, startAt });
    case "console":
      return runConsole({ ...opts, startAt });
    case "migrate":
      return runMigrate(opts);
    case "keygen":
      return runKeygen({ ...opts, out: parsed.values.out as string | undefined });
    case "doctor":
      return runDoctor(opts);
    case "backup":
      return runBackup(opts, parsed.positionals[1]);
    case "restore":
      return runRestore(opts, parsed.positionals[1]);
    case "rekey":
      return runRekey(opts, parsed.positionals[1]);
    case "wipe":
      return runWipe({ ...opts, yes: Boolean(parsed.values.yes) });
    default: {
      // `canvass foo`: name both words when the first belongs to a job's two-word sub-command.
      const named = JOB_CLI.some((c) => c.words.length > 1 && c.words[0] === command) ? `${command} ${parsed.positionals[1] ?? ""}` : command;
      throw new FatalError("USAGE", `unknown command "${named}"\n${USAGE}`);
    }
  }
}

/**
 * `--key VALUE` as `--key=VALUE`: a public key is base64url, and one in 64 begins with "-", which
 * the argument parser would otherwise refuse as a missing value.
 */
function keyValuesAttached(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    if (argv[i] === "--key" && value !== undefined && /^-[^-]/.test(value)) {
      out.push(`--key=${value}`);
      i++;
    } else out.push(argv[i]!);
  }
  return out;
}

/** `--now`: a start instant for the clock, or a usage error that says what is accepted. */
function readStartInstant(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const at = parseStartInstant(text);
  if (at === null) throw new FatalError("USAGE", `--now must be an ISO 8601 instant with a zone, e.g. 2026-12-31T23:45:00-06:00 or 2026-12-05T16:00Z; got "${text}"`);
  return at;
}

// Files Porchlight creates (database, WAL, key files) are for its own user alone.
process.umask(0o077);

/**
 * Leave once the command is done: everything was flushed and the database closed by then. A bot
 * asked to stop must not linger on what an SDK still holds: a request cut short may keep its socket
 * for a few seconds (undici, under discord.js), and a stop that hit its deadline leaves work behind.
 * (What once kept a stopped Discord adapter alive for 30 s was its own gateway-ready timer and
 * login's request, both now ended by stop().) Output is drained first.
 */
function exit(code: number): void {
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}

main(process.argv.slice(2)).then(exit, (err: unknown) => {
  if (err instanceof FatalError) {
    process.stderr.write(`porchlight: ${err.message}\n`);
    exit(2);
  } else {
    process.stderr.write(`porchlight: unexpected error: ${(err as Error).message}\n`);
    exit(1);
  }
});
