import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, scryptSync, timingSafeEqual } from "node:crypto";
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { FatalError } from "../errors.js";
import type { OperatorKey } from "./key.js";

/**
 * The key slot: the database is encrypted under a random data key (DEK) that is stored only here,
 * wrapped (AES-256-GCM) under a key derived from the operator's key (scrypt). Without the
 * operator's key the slot is useless; with the slot destroyed, the operator's key is useless: that
 * is what makes a wipe instant (crypto-shredding). The slot also carries the database's last seen
 * commit generation, authenticated with a key derived from the DEK, for rollback detection.
 */

/** scrypt cost: a random key needs little stretching, a typed passphrase much (128 MiB, ~0.5 s). */
const SCRYPT = {
  key: { N: 2 ** 14, r: 8, p: 1 },
  passphrase: { N: 2 ** 17, r: 8, p: 1 },
} as const;

/** The generation record: the highest commit generation seen, and whether the last run closed cleanly. */
export interface SlotState {
  generation: number;
  clean: boolean;
}

/** The slot file's content. */
export interface KeySlot {
  porchlight: "keyslot";
  v: 1;
  kdf: { alg: "scrypt"; N: number; r: number; p: number; salt: string };
  dek: { iv: string; tag: string; ct: string };
  state?: SlotState & { mac: string };
}

/** The slot file beside a database. */
export function slotFileBeside(dbPath: string): string {
  return `${dbPath}.keyslot`;
}

/** The file that marks a wiped database: no slot is ever written again while it is there. */
export function tombstoneOf(dbPath: string): string {
  return `${dbPath}.wiped`;
}

/** Refuse to go on with a wiped database. */
export function assertNotWiped(dbPath: string): void {
  if (existsSync(tombstoneOf(dbPath))) {
    throw new FatalError(
      "DB_WIPED",
      `database ${dbPath} was wiped (${tombstoneOf(dbPath)}); its data cannot be recovered. To start a new, empty bot, delete that file`,
    );
  }
}

/** The SQLCipher raw-key form of a data key: used as is, with no passphrase derivation. */
export function sqlKeyOf(dek: Buffer): string {
  return `x'${dek.toString("hex")}'`;
}

const b64 = (b: Buffer) => b.toString("base64");
const unb64 = (s: string) => Buffer.from(s, "base64");

function deriveKek(secret: string, kdf: KeySlot["kdf"]): Buffer {
  return scryptSync(secret.normalize("NFC"), unb64(kdf.salt), 32, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * 1024 * 1024 });
}

/** What the wrapped key is bound to: a slot's KDF settings cannot be swapped without notice. */
function aadOf(slot: Pick<KeySlot, "v" | "kdf">): Buffer {
  return Buffer.from(JSON.stringify({ v: slot.v, kdf: slot.kdf }));
}

/** A new slot wrapping `dek` (a new random one when not given) under the operator's key. */
export function createSlot(key: OperatorKey, dek: Buffer = randomBytes(32)): { slot: KeySlot; dek: Buffer } {
  const kdf = { alg: "scrypt" as const, ...SCRYPT[key.kind], salt: b64(randomBytes(16)) };
  const base = { porchlight: "keyslot" as const, v: 1 as const, kdf };
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", deriveKek(key.secret, kdf), iv);
  cipher.setAAD(aadOf(base));
  const ct = Buffer.concat([cipher.update(dek), cipher.final()]);
  return { slot: { ...base, dek: { iv: b64(iv), tag: b64(cipher.getAuthTag()), ct: b64(ct) } }, dek };
}

/** The data key in a slot; a wrong operator key fails with DB_KEY_WRONG. */
export function unwrapSlot(slot: KeySlot, key: OperatorKey, where: string): Buffer {
  try {
    const decipher = createDecipheriv("aes-256-gcm", deriveKek(key.secret, slot.kdf), unb64(slot.dek.iv));
    decipher.setAAD(aadOf(slot));
    decipher.setAuthTag(unb64(slot.dek.tag));
    return Buffer.concat([decipher.update(unb64(slot.dek.ct)), decipher.final()]);
  } catch {
    throw new FatalError("DB_KEY_WRONG", `cannot open database ${where}: the key is wrong, or the file is not a Porchlight database`);
  }
}

/** The same data key wrapped under another operator key (rekey); the generation record is kept. */
export function rewrapSlot(slot: KeySlot, dek: Buffer, newKey: OperatorKey): KeySlot {
  const next = createSlot(newKey, dek).slot;
  return slot.state ? { ...next, state: slot.state } : next;
}

function macOf(dek: Buffer, state: SlotState): string {
  const macKey = Buffer.from(hkdfSync("sha256", dek, Buffer.alloc(0), "porchlight slot state", 32));
  return b64(createHmac("sha256", macKey).update(JSON.stringify({ generation: state.generation, clean: state.clean })).digest());
}

/** The slot with a new generation record, authenticated under the data key. */
export function withState(slot: KeySlot, dek: Buffer, state: SlotState): KeySlot {
  return { ...slot, state: { generation: state.generation, clean: state.clean, mac: macOf(dek, state) } };
}

/**
 * The slot's generation record; an altered record is an error. Every slot Porchlight writes has
 * one (a backup's too): a record taken out would otherwise switch the rollback checks off.
 */
export function stateOf(slot: KeySlot, dek: Buffer, where: string): SlotState {
  if (!slot.state) {
    throw new FatalError("DB_KEYSLOT_DAMAGED", `the key slot of ${where} has lost its generation record; nothing was changed`);
  }
  const state = { generation: slot.state.generation, clean: slot.state.clean };
  const expected = Buffer.from(macOf(dek, state));
  const got = Buffer.from(String(slot.state.mac));
  if (expected.length !== got.length || !timingSafeEqual(expected, got)) {
    throw new FatalError("DB_KEYSLOT_DAMAGED", `the key slot of ${where} has an altered generation record; nothing was changed`);
  }
  return state;
}

/** Read a slot file; null when there is none. A damaged one is an error. */
export function readSlot(file: string): KeySlot | null {
  if (!existsSync(file)) return null;
  let slot: KeySlot;
  try {
    slot = JSON.parse(readFileSync(file, "utf8")) as KeySlot;
  } catch {
    throw new FatalError("DB_KEYSLOT_DAMAGED", `the key slot ${file} is damaged (not readable); nothing was changed`);
  }
  if (slot?.porchlight !== "keyslot" || slot.v !== 1 || slot.kdf?.alg !== "scrypt" || !slot.dek?.ct) {
    throw new FatalError("DB_KEYSLOT_DAMAGED", `${file} is not a Porchlight key slot; nothing was changed`);
  }
  return slot;
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Write a slot file atomically and durably: a synced temporary file renamed over the old one. */
export function writeSlot(file: string, slot: KeySlot): void {
  const tmp = `${file}.${randomBytes(4).toString("hex")}.tmp`;
  const fd = openSync(tmp, "wx", 0o600);
  try {
    writeSync(fd, `${JSON.stringify(slot)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  fsyncDir(dirname(file));
}

/**
 * Overwrite a file with random bytes, sync and unlink it. On flash storage the old blocks may
 * survive the overwrite; what matters is that the key material no longer has a name and, on most
 * disks, no longer exists. Missing files are fine. Never throws: a wipe goes on to the next file.
 */
export function shredFile(file: string): boolean {
  try {
    if (!existsSync(file)) return false;
    const size = Math.max(statSync(file).size, 1);
    const fd = openSync(file, "r+");
    try {
      writeSync(fd, randomBytes(Math.min(size, 1 << 20)), 0, Math.min(size, 1 << 20), 0);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    unlinkSync(file);
    return true;
  } catch {
    try {
      unlinkSync(file);
      return true;
    } catch {
      return false;
    }
  }
}
