import type { Database } from "better-sqlite3-multiple-ciphers";
import { sql } from "../store/statements.js";

/**
 * Privileged actions worth a record: who did what, when. The core's are listed; a job declares its
 * own in its descriptor's `auditActions` (`shift.cancel`). Kinds are stable codes; `subject` names
 * the thing acted on by id (a shift number, a role, a chat reference), never free text people typed.
 */
export type AuditAction =
  | "role.grant"
  | "role.revoke"
  | "chat.link"
  | "chat.unlink"
  | "network.create"
  | "network.invite"
  | "privacy.forget"
  | (string & {});

/** One audit entry. */
export interface AuditEntry {
  networkId: number | null;
  /** The person who acted; null for the system (scheduled jobs) and for forgotten people. */
  actorId: number | null;
  action: AuditAction;
  subject?: string;
  /**
   * The person acted upon, when there is one (a role's holder, a canvass assignee). Stored as a
   * reference, so forgetting that person anonymises the entry instead of leaving their id in text.
   */
  subjectPersonId?: number;
  at: number;
}

/** An entry as read back, with the names of the people it refers to while they are known. */
export interface AuditRecord extends AuditEntry {
  id: number;
  actorName: string | null;
  subjectPersonName: string | null;
}

/** Append an entry; call inside the transaction of the action it records. */
export function audit(db: Database, entry: AuditEntry): void {
  sql(db, "INSERT INTO audit (network_id, actor_id, action, subject, subject_person_id, at) VALUES (?, ?, ?, ?, ?, ?)").run(
    entry.networkId,
    entry.actorId,
    entry.action,
    entry.subject ?? null,
    entry.subjectPersonId ?? null,
    entry.at,
  );
}

interface AuditRow {
  id: number;
  network_id: number | null;
  actor_id: number | null;
  action: string;
  subject: string | null;
  subject_person_id: number | null;
  at: number;
  actor_name: string | null;
  subject_name: string | null;
}

/**
 * The latest `limit` entries of a network, newest first, with entries about the whole server
 * (network null: backups, restores, re-keys) mixed in since they concern every network on it.
 */
export function latestAudit(db: Database, networkId: number, limit: number): AuditRecord[] {
  const rows = sql(
    db,
    `SELECT a.*, actor.display_name AS actor_name, subj.display_name AS subject_name FROM audit a
     LEFT JOIN persons actor ON actor.id = a.actor_id
     LEFT JOIN persons subj ON subj.id = a.subject_person_id
     WHERE a.network_id = ? OR a.network_id IS NULL ORDER BY a.at DESC, a.id DESC LIMIT ?`,
  ).all(networkId, limit) as AuditRow[];
  return rows.map((r) => ({
    id: r.id,
    networkId: r.network_id,
    actorId: r.actor_id,
    action: r.action,
    ...(r.subject !== null ? { subject: r.subject } : {}),
    ...(r.subject_person_id !== null ? { subjectPersonId: r.subject_person_id } : {}),
    at: r.at,
    actorName: r.actor_name,
    subjectPersonName: r.subject_name,
  }));
}

/** Delete entries older than `before` (the audit retention); returns how many. */
export function purgeAuditBefore(db: Database, before: number): number {
  return sql(db, "DELETE FROM audit WHERE at < ?").run(before).changes;
}

/**
 * When the platform account `platform:userId` created networks since `since`: the network limit
 * reads these, so it holds across restarts without a counter of its own.
 */
export function networksCreatedSince(db: Database, person: string, since: number): number[] {
  const colon = person.indexOf(":");
  const rows = sql(
    db,
    `SELECT a.at FROM audit a JOIN persons p ON p.id = a.actor_id
     WHERE a.action = 'network.create' AND p.platform = ? AND p.user_id = ? AND a.at > ?`,
  ).all(person.slice(0, colon), person.slice(colon + 1), since) as { at: number }[];
  return rows.map((r) => r.at);
}
