import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** What tests/synapse/run.sh hands the suite: the running sandbox and this run's users. */
export interface Sandbox {
  url: string;
  /** `.synapse/data`: homeserver.db and homeserver.db-wal live here. */
  dataDir: string;
  /** Prefix of this run's user names (`<run>bot`, `<run>lena`, ...). */
  run: string;
  password: string;
}

/** The sandbox from the environment, or undefined when the suite was not started by run.sh. */
export function sandboxFromEnv(env: NodeJS.ProcessEnv = process.env): Sandbox | undefined {
  const { PL_SYNAPSE_URL: url, PL_SYNAPSE_DATA: dataDir, PL_SYNAPSE_RUN: run, PL_SYNAPSE_PASSWORD: password } = env;
  if (!url || !dataDir || !run || !password) return undefined;
  return { url, dataDir, run, password };
}

/**
 * Whether Synapse's SQLite files hold `text` as raw bytes: the database and its write-ahead log
 * (recent writes live there while Synapse runs; a missing WAL counts as empty).
 */
export function storedInSynapse(dataDir: string, text: string): boolean {
  const needle = Buffer.from(text, "utf8");
  return ["homeserver.db", "homeserver.db-wal"]
    .map((f) => join(dataDir, f))
    .some((p) => existsSync(p) && readFileSync(p).includes(needle));
}
