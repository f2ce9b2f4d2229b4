import { createHash, randomBytes } from "node:crypto";
import type { Database } from "better-sqlite3-multiple-ciphers";
import { sql } from "../../store/statements.js";
import type { Lang } from "../i18n/catalog.js";
import type { ChatRef, Platform } from "../port.js";

/** A network: one neighbourhood group, possibly spanning several chats on several platforms. */
export interface Network {
  id: number;
  name: string;
  tz: string;
}

/** What the core remembers about a chat. */
export interface ChatRecord {
  ref: ChatRef;
  networkId: number | null;
  lang: Lang | null;
  noticeSent: boolean;
  active: boolean;
}

interface ChatRow {
  ref: ChatRef;
  network_id: number | null;
  lang: Lang | null;
  notice_sent: number;
  active: number;
}

/** How long an invite code stays valid. */
export const INVITE_TTL_MS = 24 * 60 * 60 * 1000;

/** Crockford base32 without look-alikes: codes are read aloud and typed on phones. */
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789";

function hashCode(code: string): string {
  return createHash("sha256").update(code.toUpperCase().replace(/[\s-]/g, "")).digest("hex");
}

/** A fresh random invite code such as `K7QM-4XRT-PW2A` (60 bits). */
export function newInviteCode(): string {
  const bytes = randomBytes(12);
  let code = "";
  for (const b of bytes) code += CODE_ALPHABET[b % CODE_ALPHABET.length];
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8, 12)}`;
}

/** Networks, the chats linked to them, and invite codes. Only hashes of invite codes are stored. */
export class Networks {
  /**
   * `chatMoved`: what the jobs do when a chat moves to a new id (each updates its own rows that
   * name the chat; src/main.ts passes the listed jobs' hooks).
   */
  constructor(
    private readonly db: Database,
    private readonly chatMoved: readonly ((db: Database, from: ChatRef, to: ChatRef) => void)[] = [],
  ) {}

  create(name: string, tz: string, now: number): Network {
    const id = Number(sql(this.db, "INSERT INTO networks (name, tz, created_at) VALUES (?, ?, ?)").run(name, tz, now).lastInsertRowid);
    return { id, name, tz };
  }

  /** Whether members may ask for the names of this network's leads (an admin's choice; off by default). */
  leadsVisible(id: number): boolean {
    const row = sql(this.db, "SELECT leads_visible FROM networks WHERE id = ?").get(id) as { leads_visible: number } | undefined;
    return row?.leads_visible === 1;
  }

  /** Let members ask for the leads' names, or stop them. */
  setLeadsVisible(id: number, visible: boolean): void {
    sql(this.db, "UPDATE networks SET leads_visible = ? WHERE id = ?").run(visible ? 1 : 0, id);
  }

  get(id: number): Network | null {
    return (sql(this.db, "SELECT id, name, tz FROM networks WHERE id = ?").get(id) as Network | undefined) ?? null;
  }

  setTimeZone(id: number, tz: string): void {
    sql(this.db, "UPDATE networks SET tz = ? WHERE id = ?").run(tz, id);
  }

  chat(ref: ChatRef): ChatRecord | null {
    const row = sql(this.db, "SELECT * FROM chats WHERE ref = ?").get(ref) as ChatRow | undefined;
    if (!row) return null;
    return { ref: row.ref, networkId: row.network_id, lang: row.lang, noticeSent: row.notice_sent === 1, active: row.active === 1 };
  }

  /** Remember a chat the bot is in (idempotent). */
  ensureChat(ref: ChatRef): void {
    sql(this.db, "INSERT INTO chats (ref) VALUES (?) ON CONFLICT (ref) DO UPDATE SET active = 1").run(ref);
  }

  link(ref: ChatRef, networkId: number, now: number): void {
    this.ensureChat(ref);
    sql(this.db, "UPDATE chats SET network_id = ?, linked_at = ? WHERE ref = ?").run(networkId, now, ref);
  }

  unlink(ref: ChatRef): void {
    sql(this.db, "UPDATE chats SET network_id = NULL, linked_at = NULL WHERE ref = ?").run(ref);
  }

  /** The bot left or was removed: the chat can no longer be reached, so it leaves its network. */
  deactivate(ref: ChatRef): void {
    sql(this.db, "UPDATE chats SET active = 0, network_id = NULL WHERE ref = ?").run(ref);
  }

  setChatLang(ref: ChatRef, lang: Lang): void {
    this.ensureChat(ref);
    sql(this.db, "UPDATE chats SET lang = ? WHERE ref = ?").run(lang, ref);
  }

  markNoticeSent(ref: ChatRef): void {
    sql(this.db, "UPDATE chats SET notice_sent = 1 WHERE ref = ?").run(ref);
  }

  /** Active chats linked to a network. */
  chatsOf(networkId: number): ChatRecord[] {
    const rows = sql(this.db, "SELECT * FROM chats WHERE network_id = ? AND active = 1 ORDER BY ref").all(networkId) as ChatRow[];
    return rows.map((row) => ({ ref: row.ref, networkId: row.network_id, lang: row.lang, noticeSent: row.notice_sent === 1, active: true }));
  }

  /** Count of linked chats per platform. */
  chatCounts(networkId: number): Map<Platform, ChatRef[]> {
    const out = new Map<Platform, ChatRef[]>();
    for (const chat of this.chatsOf(networkId)) {
      const platform = chat.ref.slice(0, chat.ref.indexOf(":")) as Platform;
      out.set(platform, [...(out.get(platform) ?? []), chat.ref]);
    }
    return out;
  }

  /**
   * A chat moved to a new id (a Telegram group upgraded to a supergroup): everything that names the
   * old reference follows it, so the link, what the jobs keep about the chat and queued messages carry over.
   */
  migrateChat(from: ChatRef, to: ChatRef): void {
    const old = this.chat(from);
    if (!old) return;
    sql(this.db, "DELETE FROM chats WHERE ref = ?").run(to);
    sql(this.db, "UPDATE chats SET ref = ? WHERE ref = ?").run(to, from);
    for (const moved of this.chatMoved) moved(this.db, from, to);
    sql(this.db, "UPDATE outbox SET target = ? WHERE target_kind = 'chat' AND target = ? AND status IN ('pending', 'held')").run(to, from);
    sql(this.db, "UPDATE outbox SET fallback_chat = ? WHERE fallback_chat = ?").run(to, from);
  }

  createInvite(networkId: number, createdBy: number, now: number): { code: string; expiresAt: number } {
    const code = newInviteCode();
    const expiresAt = now + INVITE_TTL_MS;
    sql(this.db, "INSERT INTO invites (code_hash, network_id, created_by, expires_at) VALUES (?, ?, ?, ?)").run(
      hashCode(code),
      networkId,
      createdBy,
      expiresAt,
    );
    return { code, expiresAt };
  }

  /** Use an invite code once. Returns its network, or null when unknown, used or expired. */
  redeemInvite(code: string, now: number): number | null {
    const row = sql(
      this.db,
      "UPDATE invites SET used_at = ? WHERE code_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING network_id",
    ).get(now, hashCode(code), now) as { network_id: number } | undefined;
    return row?.network_id ?? null;
  }

  /** Forget invite codes that can no longer be used. */
  purgeInvites(now: number): number {
    return sql(this.db, "DELETE FROM invites WHERE expires_at <= ? OR used_at IS NOT NULL").run(now).changes;
  }
}
