import type { Database } from "better-sqlite3-multiple-ciphers";
import type { AlertKind } from "../crypto/canonical.js";
import { sql } from "../store/statements.js";

/**
 * What is kept of one signed message for as long as the network exists, after the alert's text
 * and place are purged: enough to say "genuine, expired on …" — the digest the signature covers,
 * the signature, the key, the times, and the signatures of the texts plain chats were sent (which
 * those chats hold anyway). Never the text, the place, or anything that would recover them.
 */
export interface AlertSeal {
  networkId: number;
  /** The code of the alert's first message: every message of one alert shares it. */
  origin: string;
  alertNum: number;
  seq: number;
  kind: AlertKind;
  code: string;
  networkName: string;
  tz: string;
  digest: string;
  signature: string;
  keyId: number;
  issuedAt: number;
  expiresAt: number;
  /** Text signatures of the coarse variants, by language. */
  textSigs: Record<string, string>;
}

interface SealRow {
  network_id: number;
  origin: string;
  alert_num: number;
  seq: number;
  kind: AlertKind;
  code: string;
  network_name: string;
  tz: string;
  digest: string;
  signature: string;
  key_id: number;
  issued_at: number;
  expires_at: number;
  text_sigs: string;
}

function toSeal(r: SealRow): AlertSeal {
  return {
    networkId: r.network_id,
    origin: r.origin,
    alertNum: r.alert_num,
    seq: r.seq,
    kind: r.kind,
    code: r.code,
    networkName: r.network_name,
    tz: r.tz,
    digest: r.digest,
    signature: r.signature,
    keyId: r.key_id,
    issuedAt: r.issued_at,
    expiresAt: r.expires_at,
    textSigs: JSON.parse(r.text_sigs) as Record<string, string>,
  };
}

/** The seals of signed messages, written with each broadcast in its transaction. */
export class AlertSeals {
  constructor(private readonly db: Database) {}

  insert(s: AlertSeal): void {
    sql(
      this.db,
      `INSERT INTO alert_seals (network_id, origin, alert_num, seq, kind, code, network_name, tz, digest, signature, key_id, issued_at, expires_at, text_sigs)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      s.networkId,
      s.origin,
      s.alertNum,
      s.seq,
      s.kind,
      s.code,
      s.networkName,
      s.tz,
      s.digest,
      s.signature,
      s.keyId,
      s.issuedAt,
      s.expiresAt,
      JSON.stringify(s.textSigs),
    );
  }

  byCode(code: string): AlertSeal | null {
    const row = sql(this.db, "SELECT * FROM alert_seals WHERE code = ?").get(code) as SealRow | undefined;
    return row ? toSeal(row) : null;
  }

  /** Every message of the alert `origin` names, oldest first. */
  ofAlert(origin: string): AlertSeal[] {
    return (sql(this.db, "SELECT * FROM alert_seals WHERE origin = ? ORDER BY seq").all(origin) as SealRow[]).map(toSeal);
  }
}
