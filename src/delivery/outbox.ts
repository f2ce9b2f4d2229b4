import type { Database } from "better-sqlite3-multiple-ciphers";
import type { Lang } from "../core/i18n/catalog.js";
import { type Person, privateLang } from "../core/people.js";
import type { ChatRef, Outbound, Platform } from "../core/port.js";
import { sql } from "../store/statements.js";

/** Keys of answers to a person's command start with this; such rows are deleted once sent. */
export const REPLY_KEY_PREFIX = "reply:";

/** Where a queued message goes: a chat, or a person's direct chat with the bot. */
export type Target = { kind: "chat"; chat: ChatRef } | { kind: "direct"; platform: Platform; user: string };

/** A message to queue. `key` makes the enqueue idempotent: the same key is queued at most once, ever. */
export interface OutboxEntry {
  key: string;
  target: Target;
  msg: Outbound;
  /** Do not send before this time (epoch ms). */
  notBefore?: number;
  /** For a direct message: the group chat to tell when the person cannot be reached privately. */
  fallbackChat?: ChatRef;
  /**
   * Instead of posting, replace the text of the message an earlier row (this outbox key) posted to
   * the same chat, where the platform can edit. Queued after that row, so it is sent first.
   */
  editOf?: string;
}

/** A private message to queue for a person, rendered in the language they read privately. */
export interface DirectMessage {
  key: string;
  render: (lang: Lang) => string | Outbound;
  notBefore?: number;
  /** The group chat to tell (without details) when the person cannot be reached privately. */
  fallbackChat?: ChatRef | null;
}

/** Queue a private message to a person; false when a message with this key was queued before. */
export function queueDirect(outbox: Outbox, person: Person, defaultLang: Lang, message: DirectMessage, now: number): boolean {
  const msg = message.render(privateLang(person, defaultLang));
  return outbox.enqueue(
    {
      key: message.key,
      target: { kind: "direct", platform: person.platform, user: person.userId },
      msg: typeof msg === "string" ? { text: msg } : msg,
      ...(message.notBefore !== undefined ? { notBefore: message.notBefore } : {}),
      ...(message.fallbackChat ? { fallbackChat: message.fallbackChat } : {}),
    },
    now,
  );
}

/** A queued row, as workers see it. */
export interface OutboxRow {
  id: number;
  key: string;
  platform: Platform;
  target_kind: "chat" | "direct";
  target: string;
  body: string | null;
  status: "pending" | "sending" | "sent" | "held" | "failed";
  attempts: number;
  not_before: number;
  fallback_chat: ChatRef | null;
  error: string | null;
  message_id: string | null;
}

function platformOf(target: Target): Platform {
  return target.kind === "chat" ? (target.chat.slice(0, target.chat.indexOf(":")) as Platform) : target.platform;
}

function targetId(target: Target): string {
  return target.kind === "chat" ? target.chat : target.user;
}

/**
 * The durable outbox: the only path for messages that must not be lost (direct messages, reminders,
 * broadcasts). Rows are written in the same transaction as the change that caused them, so a crash
 * either keeps both or neither. Message bodies are erased once sent.
 */
export class Outbox {
  constructor(private readonly db: Database) {}

  /** Queue a message; returns false when a message with this key was queued before. */
  enqueue(entry: OutboxEntry, now: number): boolean {
    const info = sql(
      this.db,
      `INSERT OR IGNORE INTO outbox (key, platform, target_kind, target, body, not_before, created_at, fallback_chat)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      entry.key,
      platformOf(entry.target),
      entry.target.kind,
      targetId(entry.target),
      JSON.stringify(entry.editOf === undefined ? entry.msg : { ...entry.msg, editOf: entry.editOf }),
      entry.notBefore ?? now,
      now,
      entry.fallbackChat ?? null,
    );
    return info.changes > 0;
  }

  /**
   * Queue a reply that its caller sends itself right after the commit (`Delivery.deliverNow`):
   * the row is written already `sending`, so no worker picks it up meanwhile, and a crash before it
   * is recorded sent leaves it to be sent on restart. Returns the row id, or null for a key queued before.
   */
  enqueueClaimed(entry: OutboxEntry, now: number): number | null {
    if (!this.enqueue(entry, now)) return null;
    const id = Number((sql(this.db, "SELECT last_insert_rowid() AS id").get() as { id: number | bigint }).id);
    sql(this.db, "UPDATE outbox SET status = 'sending', attempts = 1 WHERE id = ?").run(id);
    return id;
  }

  /**
   * Rows ready to send for a platform: due, and first in line for their target, so one chat's
   * messages always go out in the order they were queued, even across retries. Rows to chats come
   * before private messages: an alert to the groups never waits behind a fan-out of reminders.
   */
  due(platform: Platform, now: number, limit: number): OutboxRow[] {
    return sql(
      this.db,
      `SELECT * FROM outbox o WHERE o.platform = ? AND o.status = 'pending' AND o.not_before <= ?
         AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.platform = o.platform AND e.target = o.target
                         AND e.status IN ('pending', 'sending') AND e.id < o.id)
       ORDER BY o.target_kind = 'direct', o.id LIMIT ?`,
    ).all(platform, now, limit) as OutboxRow[];
  }

  /** The earliest time a pending row of this platform becomes due, or null when none is pending. */
  nextDue(platform: Platform): number | null {
    const row = sql(this.db, "SELECT min(not_before) AS t FROM outbox WHERE platform = ? AND status = 'pending'").get(platform) as {
      t: number | null;
    };
    return row.t;
  }

  get(id: number): OutboxRow | null {
    return (sql(this.db, "SELECT * FROM outbox WHERE id = ?").get(id) as OutboxRow | undefined) ?? null;
  }

  /** Replace what a row not yet on its way will send (a redraw superseded by a newer one); false once it left. */
  replacePending(id: number, entry: Pick<OutboxEntry, "msg" | "editOf">): boolean {
    const body = JSON.stringify(entry.editOf === undefined ? entry.msg : { ...entry.msg, editOf: entry.editOf });
    return sql(this.db, "UPDATE outbox SET body = ? WHERE id = ? AND status = 'pending'").run(body, id).changes > 0;
  }

  /** Rows whose key starts with `prefix` (a shift's cards), oldest first. */
  byKeyPrefix(prefix: string): OutboxRow[] {
    if (prefix === "") return [];
    // A range on the key's index: from the prefix up to the prefix with its last character raised.
    const end = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
    return sql(this.db, "SELECT * FROM outbox WHERE key >= ? AND key < ? ORDER BY id").all(prefix, end) as OutboxRow[];
  }

  byKey(key: string): OutboxRow | null {
    return (sql(this.db, "SELECT * FROM outbox WHERE key = ?").get(key) as OutboxRow | undefined) ?? null;
  }

  /** Run several status changes in one transaction: one disk sync for a whole batch of sends. */
  batch(fn: () => void): void {
    this.db.transaction(fn)();
  }

  /**
   * Record outcomes of sends (sent, retry, held, failed) in one transaction that does not wait for
   * the disk (`synchronous = NORMAL`, in WAL): it survives a crash of the process like any commit,
   * and the next durable commit (the next command) syncs it with its own. Only a power loss before
   * that can undo it, and an undone outcome only makes a message go again, which platforms with
   * idempotency keys drop. What people typed is always committed with a disk sync (`FULL`).
   */
  record(fn: () => void): void {
    if (this.db.inTransaction) {
      this.db.transaction(fn)();
      return;
    }
    this.db.pragma("synchronous = NORMAL");
    try {
      this.db.transaction(fn)();
    } finally {
      this.db.pragma("synchronous = FULL");
    }
  }

  /** Committed before the request leaves, so a crash mid-send is known on restart. */
  markSending(id: number): void {
    sql(this.db, "UPDATE outbox SET status = 'sending', attempts = attempts + 1 WHERE id = ?").run(id);
  }

  /**
   * Record a message sent, its body erased. A reply (key `reply:…`) is deleted instead: nothing
   * refers to it later, and its target may be a person's private chat.
   */
  markSent(id: number, messageId: string, now: number): void {
    if (sql(this.db, `DELETE FROM outbox WHERE id = ? AND key LIKE '${REPLY_KEY_PREFIX}%'`).run(id).changes > 0) return;
    sql(this.db, "UPDATE outbox SET status = 'sent', sent_at = ?, message_id = ?, body = NULL, error = NULL WHERE id = ?").run(now, messageId, id);
  }

  retryAt(id: number, notBefore: number, error: string): void {
    sql(this.db, "UPDATE outbox SET status = 'pending', not_before = ?, error = ? WHERE id = ?").run(notBefore, error, id);
  }

  /** The person cannot be reached privately yet; keep the message until they open a chat with the bot. */
  hold(id: number, error: string): void {
    sql(this.db, "UPDATE outbox SET status = 'held', error = ? WHERE id = ?").run(error, id);
  }

  /** Give up on a message; its text is erased, as for a sent one: nothing will send it any more. */
  fail(id: number, error: string): void {
    sql(this.db, "UPDATE outbox SET status = 'failed', error = ?, body = NULL WHERE id = ?").run(error, id);
  }

  /** A person opened a direct chat with the bot: send what was held for them. */
  releaseHeld(platform: Platform, user: string, now: number): number {
    return sql(
      this.db,
      "UPDATE outbox SET status = 'pending', not_before = ? WHERE platform = ? AND target_kind = 'direct' AND target = ? AND status = 'held'",
    ).run(now, platform, user).changes;
  }

  /**
   * After a crash: rows left `sending` may or may not have arrived. They are sent again; platforms
   * with idempotency keys drop the duplicate, and on the others it is at most one repeat per row.
   */
  recoverInFlight(): number {
    return sql(this.db, "UPDATE outbox SET status = 'pending' WHERE status = 'sending'").run().changes;
  }

  /** Count of rows not yet finished (pending or in flight), for a platform or all. */
  unfinished(platform?: Platform): number {
    const row = platform
      ? sql(this.db, "SELECT count(*) AS n FROM outbox WHERE platform = ? AND status IN ('pending', 'sending')").get(platform)
      : sql(this.db, "SELECT count(*) AS n FROM outbox WHERE status IN ('pending', 'sending')").get();
    return (row as { n: number }).n;
  }

  /**
   * Delete private messages held since before `before` for someone who never opened a chat with
   * the bot: their text (a roster, an invite code, a name) must not wait forever.
   */
  purgeHeld(before: number): number {
    return sql(this.db, "DELETE FROM outbox WHERE status = 'held' AND created_at < ?").run(before).changes;
  }

  /** Delete finished rows older than `before`; they carry no body by then, only delivery facts. */
  purgeFinished(before: number): number {
    return sql(this.db, "DELETE FROM outbox WHERE status IN ('sent', 'failed') AND created_at < ?").run(before).changes;
  }
}

/** Decode a row's body; rows are written only by `enqueue`, so this is trusted JSON. */
export function rowMessage(row: OutboxRow): Outbound {
  const { editOf: _editOf, ...msg } = JSON.parse(row.body ?? '{"text":""}') as Outbound & { editOf?: string };
  return msg;
}

/** For an edit row: the outbox key of the row whose message it replaces; undefined for a plain send. */
export function rowEditOf(row: OutboxRow): string | undefined {
  return (JSON.parse(row.body ?? "{}") as { editOf?: string }).editOf;
}
