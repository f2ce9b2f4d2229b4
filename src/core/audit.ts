import type { Database } from "better-sqlite3-multiple-ciphers";
import { sql } from "../store/statements.js";

/**
 * Privileged actions worth a record: who did what, when. Kinds are stable codes; `subject` names
 * the thing acted on by id (a shift number, a role, a chat reference), never free text people typed.
 */
export type AuditAction =
  | "role.grant"
  | "role.revoke"
  | "chat.link"
  | "chat.unlink"
  | "network.create"
  | "network.invite"
  | "shift.cancel"
  | (string & {});

/** One audit entry. */
export interface AuditEntry {
  networkId: number | null;
  /** The person who acted; null for the system (scheduled jobs). */
  actorId: number | null;
  action: AuditAction;
  subject?: string;
  at: number;
}

/** Append an entry; call inside the transaction of the action it records. */
export function audit(db: Database, entry: AuditEntry): void {
  sql(db, "INSERT INTO audit (network_id, actor_id, action, subject, at) VALUES (?, ?, ?, ?, ?)").run(
    entry.networkId,
    entry.actorId,
    entry.action,
    entry.subject ?? null,
    entry.at,
  );
}
