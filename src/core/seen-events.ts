import type { Database } from "better-sqlite3-multiple-ciphers";
import { sql } from "../store/statements.js";
import type { Platform } from "./port.js";

/**
 * Platform events already handled, by the platform's own id (see `CommandEvent.eventId`). Marked in
 * the same transaction as what the event did, so after a crash an event either ran and is marked,
 * or neither: a redelivery never runs a command twice. Kept a few days, longer than any platform
 * redelivers (Telegram keeps updates 24 hours; a Discord interaction lives 15 minutes).
 */
export const SEEN_EVENTS_KEPT_MS = 3 * 24 * 60 * 60 * 1000;

/** Whether the event was handled already. A read outside any transaction, to skip work early. */
export function wasSeen(db: Database, platform: Platform, eventId: string): boolean {
  return sql(db, "SELECT 1 FROM seen_events WHERE platform = ? AND event_id = ?").get(platform, eventId) !== undefined;
}

/** Mark the event handled; false when it already was (a concurrent redelivery won). Call inside the event's transaction. */
export function markSeen(db: Database, platform: Platform, eventId: string, now: number): boolean {
  return sql(db, "INSERT OR IGNORE INTO seen_events (platform, event_id, seen_at) VALUES (?, ?, ?)").run(platform, eventId, now).changes > 0;
}

/** Forget events older than the redelivery window. */
export function purgeSeenEvents(db: Database, now: number): number {
  return sql(db, "DELETE FROM seen_events WHERE seen_at < ?").run(now - SEEN_EVENTS_KEPT_MS).changes;
}
