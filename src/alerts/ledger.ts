import type { Database } from "better-sqlite3-multiple-ciphers";
import type { Lang } from "../core/i18n/catalog.js";
import type { ChatRef, Platform } from "../core/port.js";
import type { AlertKind } from "../crypto/canonical.js";
import { sql } from "../store/statements.js";

/** One signed broadcast message: an alert, an update to it, or its all-clear. */
export interface AlertMessage {
  id: number;
  alertId: number;
  seq: number;
  kind: AlertKind;
  networkName: string;
  tz: string;
  text: string;
  /** What was seen and how many, shown as their own labelled lines (`How many: 6`). */
  what: string | null;
  size: string | null;
  area: string;
  place: string | null;
  /** The salt of the place commitment; erased with the place. */
  placeSalt: string | null;
  reportedAt: number;
  issuedAt: number;
  expiresAt: number;
  keyId: number;
  signature: string;
  code: string;
  /** Signatures of the text each chat was sent, by variant (`en`, `es`, `en+exact`, `es+exact`). */
  textSigs: Record<string, string>;
  /** Confirmed on the scene by a verifier who went: signed, and said in the text. */
  onscene: boolean;
}

interface MessageRow {
  id: number;
  alert_id: number;
  seq: number;
  kind: AlertKind;
  network_name: string;
  tz: string;
  text: string;
  what: string | null;
  size: string | null;
  area: string;
  place: string | null;
  place_salt: string | null;
  reported_at: number;
  issued_at: number;
  expires_at: number;
  key_id: number;
  signature: string;
  code: string;
  text_sigs: string;
  onscene: number;
}

function toMessage(r: MessageRow): AlertMessage {
  return {
    id: r.id,
    alertId: r.alert_id,
    seq: r.seq,
    kind: r.kind,
    networkName: r.network_name,
    tz: r.tz,
    text: r.text,
    what: r.what,
    size: r.size,
    area: r.area,
    place: r.place,
    placeSalt: r.place_salt,
    reportedAt: r.reported_at,
    issuedAt: r.issued_at,
    expiresAt: r.expires_at,
    keyId: r.key_id,
    signature: r.signature,
    code: r.code,
    textSigs: JSON.parse(r.text_sigs) as Record<string, string>,
    onscene: r.onscene === 1,
  };
}

/** One chat a message was queued for, with what its outbox row says now. */
export interface DeliveryState {
  chat: ChatRef;
  platform: Platform;
  outboxKey: string;
  e2ee: boolean;
  lang: Lang;
  /** `sent`, `pending`, `sending`, `failed`, or `gone` once the outbox row was purged after delivery. */
  status: string;
  error: string | null;
}

/** Signed messages and the chats each was queued for. */
export class AlertLedger {
  constructor(private readonly db: Database) {}

  nextSeq(alertId: number): number {
    return (sql(this.db, "SELECT coalesce(max(seq), -1) + 1 AS n FROM alert_messages WHERE alert_id = ?").get(alertId) as { n: number }).n;
  }

  insert(m: Omit<AlertMessage, "id">): AlertMessage {
    const id = sql(
      this.db,
      `INSERT INTO alert_messages (alert_id, seq, kind, network_name, tz, text, what, size, area, place, place_salt, reported_at, issued_at,
         expires_at, key_id, signature, code, text_sigs, onscene)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      m.alertId,
      m.seq,
      m.kind,
      m.networkName,
      m.tz,
      m.text,
      m.what,
      m.size,
      m.area,
      m.place,
      m.placeSalt,
      m.reportedAt,
      m.issuedAt,
      m.expiresAt,
      m.keyId,
      m.signature,
      m.code,
      JSON.stringify(m.textSigs),
      m.onscene ? 1 : 0,
    ).lastInsertRowid;
    return { ...m, id: Number(id) };
  }

  messages(alertId: number): AlertMessage[] {
    return (sql(this.db, "SELECT * FROM alert_messages WHERE alert_id = ? ORDER BY seq").all(alertId) as MessageRow[]).map(toMessage);
  }

  byCode(code: string): AlertMessage | null {
    const row = sql(this.db, "SELECT * FROM alert_messages WHERE code = ?").get(code) as MessageRow | undefined;
    return row ? toMessage(row) : null;
  }

  bySeq(alertId: number, seq: number): AlertMessage | null {
    const row = sql(this.db, "SELECT * FROM alert_messages WHERE alert_id = ? AND seq = ?").get(alertId, seq) as MessageRow | undefined;
    return row ? toMessage(row) : null;
  }

  /** Every signed message of a network, oldest first (for export). */
  ofNetwork(networkId: number): AlertMessage[] {
    return (
      sql(
        this.db,
        "SELECT m.* FROM alert_messages m JOIN alerts a ON a.id = m.alert_id WHERE a.network_id = ? ORDER BY m.issued_at, m.id",
      ).all(networkId) as MessageRow[]
    ).map(toMessage);
  }

  addDelivery(messageId: number, chat: ChatRef, outboxKey: string, e2ee: boolean, lang: Lang): void {
    sql(this.db, "INSERT OR IGNORE INTO alert_deliveries (message_id, chat_ref, outbox_key, e2ee, lang) VALUES (?, ?, ?, ?, ?)").run(
      messageId,
      chat,
      outboxKey,
      e2ee ? 1 : 0,
      lang,
    );
  }

  deliveries(messageId: number): DeliveryState[] {
    const rows = sql(
      this.db,
      `SELECT d.chat_ref, d.outbox_key, d.e2ee, d.lang, o.status, o.error FROM alert_deliveries d
       LEFT JOIN outbox o ON o.key = d.outbox_key WHERE d.message_id = ? ORDER BY d.chat_ref`,
    ).all(messageId) as { chat_ref: ChatRef; outbox_key: string; e2ee: number; lang: Lang; status: string | null; error: string | null }[];
    return rows.map((r) => ({
      chat: r.chat_ref,
      platform: r.chat_ref.slice(0, r.chat_ref.indexOf(":")) as Platform,
      outboxKey: r.outbox_key,
      e2ee: r.e2ee === 1,
      lang: r.lang,
      status: r.status ?? "gone",
      error: r.error,
    }));
  }
}
