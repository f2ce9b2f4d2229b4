import { FatalError } from "../errors.js";
import { type BesideKeyPolicy, databaseExists, findOperatorKey, KEY_WAYS, type OperatorKey } from "./key.js";

type Env = Record<string, string | undefined>;

/** Read one line from a terminal without echoing it. */
export function readHidden(question: string, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
  return new Promise((resolve, reject) => {
    output.write(question);
    let line = "";
    const wasRaw = input.isRaw;
    input.setRawMode?.(true);
    input.resume();
    input.setEncoding("utf8");
    const done = (err: Error | null) => {
      input.setRawMode?.(wasRaw);
      input.pause();
      input.off("data", onData);
      output.write("\n");
      if (err) reject(err);
      else resolve(line);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === "\r" || ch === "\n") return done(null);
        if (ch === "\u0003") return done(new FatalError("DB_KEY_MISSING", "no passphrase was typed"));
        if (ch === "\u007f" || ch === "\b") line = line.slice(0, -1);
        else line += ch;
      }
    };
    input.on("data", onData);
  });
}

/**
 * The operator's key for a command run by a person: from the usual places, else a passphrase typed
 * at the terminal (twice for a new database), else an error that lists the ways to give one.
 */
export async function operatorKeyOrPrompt(dbPath: string, env: Env, beside: BesideKeyPolicy): Promise<OperatorKey> {
  const found = findOperatorKey(dbPath, env, beside);
  if (found) return found;
  if (!process.stdin.isTTY) throw new FatalError("DB_KEY_MISSING", `no database key for ${dbPath}: ${KEY_WAYS}`);
  const secret = await readHidden(`passphrase for ${dbPath}: `);
  if (!secret) throw new FatalError("DB_KEY_MISSING", "the passphrase is empty");
  if (!databaseExists(dbPath)) {
    const again = await readHidden("the same passphrase again: ");
    if (again !== secret) throw new FatalError("DB_KEY_MISSING", "the two passphrases differ; nothing was created");
  }
  return { secret, kind: "passphrase", source: "passphrase-prompt" };
}
