import { FatalError } from "../errors.js";
import { unlockCustody } from "../store/custody.js";
import type { OperatorKey } from "../store/key.js";
import { readSlot, rewrapSlot, unwrapSlot, writeSlot } from "../store/keyslot.js";
import { applyKey } from "../store/open.js";
import { auditOperation, openWithKey, takeExclusive } from "./database.js";

/** An operator key given as a string is a random key (not a passphrase). */
export function asOperatorKey(key: string | OperatorKey): OperatorKey {
  return typeof key === "string" ? { secret: key, kind: "key", source: "given" } : key;
}

/**
 * Change the operator key of the database at `path`, from `key` to `newKey`: the data key in the
 * key slot is wrapped again under the new key (the database itself is not rewritten). The bot must
 * be stopped (it would write the slot it holds back over the new one), so the database is taken
 * exclusively first. Backups keep their own slots, under the key they were made with.
 */
export function rekeyDatabase(opts: { path: string; key: string | OperatorKey; newKey: string | OperatorKey; now: number }): void {
  const { path, now } = opts;
  const key = asOperatorKey(opts.key);
  const newKey = asOperatorKey(opts.newKey);
  if (newKey.secret === key.secret) throw new FatalError("USAGE", "the new key is the same as the current one; nothing was changed");
  if (newKey.secret.trim() === "") throw new FatalError("USAGE", "the new key is empty; nothing was changed");
  const custody = unlockCustody(path, key, applyKey);
  const wrongKey = (p: string) => new FatalError("DB_KEY_WRONG", `cannot open database ${p}: the key is wrong, or the file is not a Porchlight database`);
  const db = openWithKey(path, custody.sqlKey, wrongKey);
  try {
    takeExclusive(db, path);
    auditOperation(db, "ops.rekey", now);
    writeSlot(custody.slotFile, rewrapSlot(custody.slot(), custody.dek, newKey));
    db.pragma("journal_mode = WAL");
  } finally {
    db.close();
  }
  const slot = readSlot(custody.slotFile);
  if (!slot || !unwrapSlot(slot, newKey, path).equals(custody.dek)) {
    throw new FatalError("DB_UNREADABLE", `the key slot of ${path} does not open with the new key after re-keying`);
  }
}
