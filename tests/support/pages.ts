import { createDecipheriv, pbkdf2Sync } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { readSlot, slotFileBeside, unwrapSlot } from "../../src/store/keyslot.js";

/**
 * Reads an encrypted Porchlight database as whoever holds the key and the raw files would: every
 * page of the main file and every frame of its write-ahead log, decrypted, including free pages and
 * old page images that SQLite itself no longer shows. The format is SQLCipher 4 (what `applyKey`
 * selects): 4096-byte pages, the last 80 bytes of each a 16-byte IV and a 64-byte HMAC; the page
 * key is the data key from the key slot beside the file, or for an older database PBKDF2-HMAC-SHA512 over the passphrase, 256,000 rounds, salted with the file's first 16
 * bytes. Test code only: it uses node:crypto's AES and PBKDF2, and checks no HMAC.
 */

const PAGE_SIZE = 4096;
const RESERVE = 80;
const SALT_LENGTH = 16;
const WAL_HEADER = 32;
const FRAME_HEADER = 24;

/**
 * The page key. A database with a key slot beside it is keyed by its data key, a raw SQLCipher key
 * used as is: unwrap it with the operator's key. An older database is keyed by the passphrase.
 */
function pageKey(path: string, passphrase: string, salt: Buffer): Buffer {
  const slot = readSlot(slotFileBeside(path));
  if (slot) return unwrapSlot(slot, { secret: passphrase, kind: "key", source: "env" }, path);
  return pbkdf2Sync(passphrase, salt, 256_000, 32, "sha512");
}

/** Decrypt one page; page 1 keeps its salt in the first 16 bytes, which are not encrypted. */
function decryptPage(page: Buffer, pgno: number, key: Buffer): Buffer {
  const start = pgno === 1 ? SALT_LENGTH : 0;
  const iv = page.subarray(PAGE_SIZE - RESERVE, PAGE_SIZE - RESERVE + 16);
  const decipher = createDecipheriv("aes-256-cbc", key, iv).setAutoPadding(false);
  return Buffer.concat([decipher.update(page.subarray(start, PAGE_SIZE - RESERVE)), decipher.final()]);
}

/** The salt the key is derived with: the main file's first 16 bytes. */
function saltOf(path: string): Buffer {
  return readFileSync(path).subarray(0, SALT_LENGTH);
}

/** Every page of the main database file, decrypted. */
export function decryptedPages(path: string, passphrase: string): Buffer[] {
  const file = readFileSync(path);
  const key = pageKey(path, passphrase, file.subarray(0, SALT_LENGTH));
  const pages: Buffer[] = [];
  for (let i = 0; i * PAGE_SIZE < file.length; i++) pages.push(decryptPage(file.subarray(i * PAGE_SIZE, (i + 1) * PAGE_SIZE), i + 1, key));
  return pages;
}

/** Every frame of the write-ahead log (valid, stale or beyond the last commit), decrypted; none when it is absent or empty. */
export function decryptedWalFrames(path: string, passphrase: string): Buffer[] {
  const walPath = `${path}-wal`;
  if (!existsSync(walPath)) return [];
  const wal = readFileSync(walPath);
  if (wal.length <= WAL_HEADER) return [];
  const key = pageKey(path, passphrase, saltOf(path));
  const frames: Buffer[] = [];
  for (let at = WAL_HEADER; at + FRAME_HEADER + PAGE_SIZE <= wal.length; at += FRAME_HEADER + PAGE_SIZE) {
    const pgno = wal.readUInt32BE(at);
    frames.push(decryptPage(wal.subarray(at + FRAME_HEADER, at + FRAME_HEADER + PAGE_SIZE), pgno, key));
  }
  return frames;
}

/** Everything readable with the key, main file and log together, as one latin1 string to search. */
export function decryptedText(path: string, passphrase: string): string {
  return Buffer.concat([...decryptedPages(path, passphrase), ...decryptedWalFrames(path, passphrase)]).toString("latin1");
}
