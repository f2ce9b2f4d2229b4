#!/usr/bin/env node
import { parseArgs } from "node:util";
import { FatalError } from "./errors.js";
import { runConsole, runDoctor, runKeygen, runMigrate, runStart } from "./operations.js";

const USAGE = `usage: porchlight <command> [--config FILE] [--db FILE]

commands:
  start     run the bot on the platforms configured
  console   chat with the bot locally (no platform, no tokens)
  migrate   bring the database schema up to date
  keygen    create a new random database key and print where it was written
  doctor    check the configuration, the database key and each platform's credentials`;

/** Entry point: parse arguments, run one command, turn typed errors into one clear line. */
async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { config: { type: "string" }, db: { type: "string" }, help: { type: "boolean", short: "h" }, out: { type: "string" } },
    });
  } catch (err) {
    throw new FatalError("USAGE", `${(err as Error).message}\n${USAGE}`);
  }
  const [command = "console"] = parsed.positionals;
  const opts = { file: parsed.values.config as string | undefined, dbPath: parsed.values.db as string | undefined };
  if (parsed.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  switch (command) {
    case "start":
      return runStart(opts);
    case "console":
      return runConsole(opts);
    case "migrate":
      return runMigrate(opts);
    case "keygen":
      return runKeygen({ ...opts, out: parsed.values.out as string | undefined });
    case "doctor":
      return runDoctor(opts);
    default:
      throw new FatalError("USAGE", `unknown command "${command}"\n${USAGE}`);
  }
}

// Files Porchlight creates (database, WAL, key files) are for its own user alone.
process.umask(0o077);

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof FatalError) {
      process.stderr.write(`porchlight: ${err.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`porchlight: unexpected error: ${(err as Error).message}\n`);
      process.exitCode = 1;
    }
  },
);
