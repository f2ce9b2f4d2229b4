import { createHash, randomInt } from "node:crypto";
import type { Database } from "better-sqlite3-multiple-ciphers";
import { sql } from "../store/statements.js";

/** How long a `/forgetme` confirmation code is valid. */
export const CONFIRMATION_MINUTES = 10;

/** Letters and digits that cannot be mistaken for each other when typed on a phone. */
const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const CODE_LENGTH = 6;

function hashCode(code: string): string {
  return createHash("sha256").update(code.trim().toUpperCase()).digest("hex");
}

/**
 * One-time codes that confirm a `/forgetme`. Only a hash is stored, one per person; asking again
 * replaces the previous code.
 */
export class Confirmations {
  constructor(private readonly db: Database) {}

  /** A new code for the person, valid CONFIRMATION_MINUTES from `now`. */
  issue(personId: number, now: number): string {
    let code = "";
    for (let i = 0; i < CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
    sql(
      this.db,
      `INSERT INTO privacy_confirmations (person_id, code_hash, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (person_id) DO UPDATE SET code_hash = excluded.code_hash, expires_at = excluded.expires_at`,
    ).run(personId, hashCode(code), now + CONFIRMATION_MINUTES * 60_000);
    return code;
  }

  /** Use up the person's code: true when `code` is theirs and still valid. */
  redeem(personId: number, code: string, now: number): boolean {
    return (
      sql(this.db, "DELETE FROM privacy_confirmations WHERE person_id = ? AND code_hash = ? AND expires_at > ?").run(personId, hashCode(code), now)
        .changes > 0
    );
  }

  /** Delete codes that expired; returns how many. */
  purgeExpired(now: number): number {
    return sql(this.db, "DELETE FROM privacy_confirmations WHERE expires_at <= ?").run(now).changes;
  }
}
