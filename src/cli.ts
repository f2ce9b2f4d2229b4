#!/usr/bin/env node
import { parseArgs } from "node:util";
import { runAlertsExport, runAlertsVerify, runSigningKeygen, runVerifierPage } from "./alerts/cli.js";
import { runCanvassExport, runCanvassImport } from "./canvass/cli.js";
import { parseStartInstant } from "./core/clock.js";
import { FatalError } from "./errors.js";
import { runConsole, runDoctor, runKeygen, runMigrate, runStart } from "./operations.js";
import { runBackup, runRekey, runRestore, runWipe } from "./ops/cli.js";

const USAGE = `usage: porchlight <command> [--config FILE] [--db FILE] [--now INSTANT]

commands:
  start     run the bot on the platforms configured
  console   chat with the bot locally (no platform, no tokens)
  migrate   bring the database schema up to date
  keygen    create a new random database key and print where it was written
  keygen --network ID [--rotate]  make (or replace) a network's alert signing key; prints its fingerprint
  verify --key PUBKEY FILE        check the alerts of a CAP file against a network's public key, offline
  export alerts --cap FILE [--network ID]  write the signed alerts as CAP 1.2 (an Atom feed of alerts)
  verifier-page --network ID --out FILE.html  write a page that checks a pasted alert offline, the network's keys pinned
  doctor    check the configuration, the database key and each platform's credentials
  canvass import ID FILE       add a canvass's blocks from a CSV (id,label,polygon) or GeoJSON file
  export canvass ID [--out DIR]  write a canvass's custody record as CSV and JSON
  backup FILE            write an encrypted copy of the database to FILE (safe while the bot runs)
  restore FILE           bring a backup back (stop the bot first)
  rekey [NEW_KEY_FILE]   change the database key (stop the bot first)
  wipe [--yes]           destroy the key material: the database and its backups on this machine become unreadable

--now INSTANT (console and start): the bot's clock starts at this ISO 8601 instant with a zone,
  e.g. 2026-12-31T23:45:00-06:00, and runs on from there; for rehearsals and tests.`;

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
  switch (command) {
    case "start":
      return runStart({ ...opts, startAt });
    case "console":
      return runConsole({ ...opts, startAt });
    case "migrate":
      return runMigrate(opts);
    case "keygen":
      if (parsed.values.network !== undefined || parsed.values.rotate) {
        return runSigningKeygen({ ...opts, network: parsed.values.network as string | undefined, rotate: Boolean(parsed.values.rotate) });
      }
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
    case "canvass":
      if (parsed.positionals[1] !== "import") throw new FatalError("USAGE", `unknown command "canvass ${parsed.positionals[1] ?? ""}"\n${USAGE}`);
      return runCanvassImport(parsed.positionals.slice(2), opts);
    case "verify":
      return runAlertsVerify({ key: parsed.values.key as string | undefined, file: parsed.positionals[1] });
    case "verifier-page":
      return runVerifierPage({ ...opts, network: parsed.values.network as string | undefined, out: parsed.values.out as string | undefined });
    case "export":
      if (parsed.positionals[1] === "alerts") {
        return runAlertsExport({ ...opts, cap: parsed.values.cap as string | undefined, network: parsed.values.network as string | undefined });
      }
      if (parsed.positionals[1] !== "canvass") throw new FatalError("USAGE", `unknown command "export ${parsed.positionals[1] ?? ""}"\n${USAGE}`);
      return runCanvassExport(parsed.positionals.slice(2), { ...opts, out: parsed.values.out as string | undefined });
    default:
      throw new FatalError("USAGE", `unknown command "${command}"\n${USAGE}`);
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
