import type { Database } from "better-sqlite3-multiple-ciphers";
import { newSigningKeyPair } from "../crypto/signing.js";
import { sql } from "../store/statements.js";

/** A network's signing key as stored; `privateKey` is null once the key is retired. */
export interface SigningKey {
  id: number;
  networkId: number;
  publicKey: string;
  privateKey: string | null;
  createdAt: number;
  retiredAt: number | null;
}

interface KeyRow {
  id: number;
  network_id: number;
  public_key: string;
  private_key: string | null;
  created_at: number;
  retired_at: number | null;
}

function toKey(r: KeyRow): SigningKey {
  return { id: r.id, networkId: r.network_id, publicKey: r.public_key, privateKey: r.private_key, createdAt: r.created_at, retiredAt: r.retired_at };
}

/**
 * Each network's Ed25519 signing keys, in the encrypted store. One is current; rotation retires
 * the old one (its private half is erased) but keeps its public half, so alerts it signed still verify.
 */
export class SigningKeys {
  constructor(private readonly db: Database) {}

  current(networkId: number): SigningKey | null {
    const row = sql(this.db, "SELECT * FROM alert_signing_keys WHERE network_id = ? AND retired_at IS NULL").get(networkId) as KeyRow | undefined;
    return row ? toKey(row) : null;
  }

  byId(id: number): SigningKey | null {
    const row = sql(this.db, "SELECT * FROM alert_signing_keys WHERE id = ?").get(id) as KeyRow | undefined;
    return row ? toKey(row) : null;
  }

  /** Every key the network ever had, newest first. */
  all(networkId: number): SigningKey[] {
    return (sql(this.db, "SELECT * FROM alert_signing_keys WHERE network_id = ? ORDER BY id DESC").all(networkId) as KeyRow[]).map(toKey);
  }

  /** Make a key for a network that has none. */
  create(networkId: number, now: number): SigningKey {
    const pair = newSigningKeyPair();
    const id = sql(this.db, "INSERT INTO alert_signing_keys (network_id, public_key, private_key, created_at) VALUES (?, ?, ?, ?)").run(
      networkId,
      pair.publicKey,
      pair.privateKey,
      now,
    ).lastInsertRowid;
    return this.byId(Number(id))!;
  }

  /** The current key, made on first use so a network is never left unable to broadcast. */
  ensure(networkId: number, now: number): SigningKey {
    return this.current(networkId) ?? this.create(networkId, now);
  }

  /** Retire the current key (erasing its private half) and make a new one. */
  rotate(networkId: number, now: number): { retired: SigningKey | null; created: SigningKey } {
    const retired = this.current(networkId);
    if (retired) sql(this.db, "UPDATE alert_signing_keys SET retired_at = ?, private_key = NULL WHERE id = ?").run(now, retired.id);
    return { retired, created: this.create(networkId, now) };
  }
}
