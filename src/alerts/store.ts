import type { Database } from "better-sqlite3-multiple-ciphers";
import type { ChatRef } from "../core/port.js";
import { nextNumber, sql } from "../store/statements.js";
import { ALERT_NUMBERS, type Alert, type AlertRow, type AlertState, DEFAULT_QUORUM, type Detail, type Tally, toAlert, type Vote } from "./alert-record.js";
import { AlertPaging } from "./paging-store.js";
import type { SimilarityKeys } from "./similar.js";

// The record types live in `alert-record.ts`; re-exported here, where every caller looks for them.
export { ALERT_NUMBERS, DEFAULT_QUORUM, type Alert, type AlertState, type Detail, type Tally, type Vote } from "./alert-record.js";

/** Reports, their groups, votes and state changes. Callers run these inside the command's transaction. */
export class AlertStore {
  constructor(private readonly db: Database) {}

  quorum(networkId: number): number {
    const row = sql(this.db, "SELECT quorum FROM alert_settings WHERE network_id = ?").get(networkId) as { quorum: number } | undefined;
    return row?.quorum ?? DEFAULT_QUORUM;
  }

  setQuorum(networkId: number, quorum: number): void {
    sql(this.db, "INSERT INTO alert_settings (network_id, quorum) VALUES (?, ?) ON CONFLICT DO UPDATE SET quorum = excluded.quorum").run(
      networkId,
      quorum,
    );
  }

  /** Mark a chat as one of the network's verifier chats; false when it already was. */
  markVerifierChat(chat: ChatRef, networkId: number, now: number): boolean {
    return (
      sql(this.db, "INSERT OR IGNORE INTO alert_verifier_chats (chat_ref, network_id, marked_at) VALUES (?, ?, ?)").run(chat, networkId, now)
        .changes > 0
    );
  }

  /** Verifier chats still linked to the network. */
  verifierChats(networkId: number): ChatRef[] {
    return (
      sql(
        this.db,
        `SELECT v.chat_ref FROM alert_verifier_chats v JOIN chats c ON c.ref = v.chat_ref
         WHERE v.network_id = ? AND c.network_id = v.network_id AND c.active = 1 ORDER BY v.chat_ref`,
      ).all(networkId) as { chat_ref: ChatRef }[]
    ).map((r) => r.chat_ref);
  }

  create(
    input: Omit<Alert, "id" | "num" | "state" | "closedAt" | "groupOf" | Detail> & { groupOf: number | null } & Partial<Pick<Alert, Detail>>,
  ): Alert {
    // Numbers of purged alerts stay taken: their seals still answer /verify for "alert #N".
    const sealed = (sql(this.db, "SELECT coalesce(max(alert_num), 0) + 1 AS n FROM alert_seals WHERE network_id = ?").get(input.networkId) as { n: number }).n;
    const next = Math.max(nextNumber(this.db, ALERT_NUMBERS, input.networkId), sealed);
    const id = sql(
      this.db,
      `INSERT INTO alerts (network_id, num, group_of, reporter_id, report_chat, text, place, place_key, what, size, firsthand, state, created_at, expires_at,
         uniform, equipment, seen_at, plate)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?)`,
    ).run(
      input.networkId,
      next,
      input.groupOf,
      input.reporterId,
      input.reportChat,
      input.text,
      input.place,
      input.placeKey,
      input.what,
      input.size,
      input.firsthand === null ? null : input.firsthand ? 1 : 0,
      input.createdAt,
      input.expiresAt,
      input.uniform ?? null,
      input.equipment ?? null,
      input.seenAt ?? null,
      input.plate ?? null,
    ).lastInsertRowid;
    // The reporter is kept on the report alone (until told the outcome), not in its history.
    this.transition(Number(id), "pending", null, input.createdAt);
    return this.byId(Number(id))!;
  }

  byId(id: number): Alert | null {
    const row = sql(this.db, "SELECT * FROM alerts WHERE id = ?").get(id) as AlertRow | undefined;
    return row ? toAlert(row) : null;
  }

  byNum(networkId: number, num: number): Alert | null {
    const row = sql(this.db, "SELECT * FROM alerts WHERE network_id = ? AND num = ?").get(networkId, num) as AlertRow | undefined;
    return row ? toAlert(row) : null;
  }

  /** The report that carries a group's votes: the first of similar reports. */
  lead(alert: Alert): Alert {
    return alert.groupOf === null ? alert : (this.byId(alert.groupOf) ?? alert);
  }

  /** A group's reports, the lead first. */
  group(leadId: number): Alert[] {
    return (sql(this.db, "SELECT * FROM alerts WHERE id = ? OR group_of = ? ORDER BY id").all(leadId, leadId) as AlertRow[]).map(toAlert);
  }

  /**
   * A pending lead report of this network about the same incident, to group a new report under:
   * made since `since` in the same zone (when the new report names one: any report of the group
   * in it) or else at the same place, or any report of its group with the same vehicle plate (see
   * similar.ts).
   */
  similarPending(networkId: number, keys: SimilarityKeys, since: number): Alert | null {
    const place = keys.zoneId === null ? keys.placeKey : null;
    const row = sql(
      this.db,
      `SELECT l.* FROM alerts l WHERE l.network_id = ? AND l.state = 'pending' AND l.group_of IS NULL AND (
         (? IS NOT NULL AND l.place_key = ? AND l.created_at >= ?)
         OR (? IS NOT NULL AND l.created_at >= ? AND EXISTS (SELECT 1 FROM alerts g JOIN alert_targets z ON z.alert_id = g.id
               WHERE (g.id = l.id OR g.group_of = l.id) AND z.zone_id = ?))
         OR (? IS NOT NULL AND EXISTS (SELECT 1 FROM alerts g WHERE (g.id = l.id OR g.group_of = l.id) AND g.plate = ?)))
       ORDER BY l.id LIMIT 1`,
    ).get(networkId, place, place, since, keys.zoneId, since, keys.zoneId, keys.plate, keys.plate) as AlertRow | undefined;
    return row ? toAlert(row) : null;
  }

  /** Add what the reporter said later to a report: only the details given, the others kept. */
  addDetails(alertId: number, details: Partial<Pick<Alert, Detail>>): void {
    sql(
      this.db,
      `UPDATE alerts SET size = coalesce(?, size), uniform = coalesce(?, uniform), equipment = coalesce(?, equipment),
         seen_at = coalesce(?, seen_at), plate = coalesce(?, plate), what = coalesce(?, what),
         place = coalesce(place, ?), place_key = coalesce(place_key, ?) WHERE id = ?`,
    ).run(
      details.size ?? null,
      details.uniform ?? null,
      details.equipment ?? null,
      details.seenAt ?? null,
      details.plate ?? null,
      details.what ?? null,
      details.place ?? null,
      details.placeKey ?? null,
      alertId,
    );
  }

  hasVoted(alertId: number, voterId: number): boolean {
    return sql(this.db, "SELECT 1 FROM alert_votes WHERE alert_id = ? AND voter_id = ?").get(alertId, voterId) !== undefined;
  }

  vote(alertId: number, voterId: number, vote: Vote, onscene: boolean, note: string | null, now: number): void {
    sql(this.db, "INSERT INTO alert_votes (alert_id, voter_id, vote, onscene, note, at) VALUES (?, ?, ?, ?, ?, ?)").run(
      alertId,
      voterId,
      vote,
      onscene ? 1 : 0,
      note,
      now,
    );
  }

  tally(alertId: number): Tally {
    const row = sql(
      this.db,
      `SELECT coalesce(sum(vote = 'confirm'), 0) AS confirm, coalesce(sum(vote = 'reject'), 0) AS reject,
         coalesce(sum(vote = 'unsure'), 0) AS unsure, coalesce(sum(vote = 'confirm' AND onscene = 1), 0) AS onscene
       FROM alert_votes WHERE alert_id = ?`,
    ).get(alertId) as Tally;
    return row;
  }

  /** Move a whole group to `state`, recording the change for each report. */
  setState(leadId: number, state: AlertState, actorId: number | null, now: number, expiresAt?: number): void {
    const closed = state === "pending" || state === "verified" ? null : now;
    for (const a of this.group(leadId)) {
      sql(this.db, "UPDATE alerts SET state = ?, closed_at = ?, expires_at = coalesce(?, expires_at) WHERE id = ?").run(
        state,
        closed,
        expiresAt ?? null,
        a.id,
      );
      this.transition(a.id, state, actorId, now);
    }
  }

  /** A verified alert was updated: it lasts longer. */
  extend(leadId: number, expiresAt: number): void {
    sql(this.db, "UPDATE alerts SET expires_at = ? WHERE id = ? OR group_of = ?").run(expiresAt, leadId, leadId);
  }

  /** Every state change of a report, oldest first. */
  transitions(alertId: number): { state: AlertState; actorId: number | null; at: number }[] {
    return (
      sql(this.db, "SELECT state, actor_id, at FROM alert_transitions WHERE alert_id = ? ORDER BY id").all(alertId) as {
        state: AlertState;
        actor_id: number | null;
        at: number;
      }[]
    ).map((r) => ({ state: r.state, actorId: r.actor_id, at: r.at }));
  }

  private transition(alertId: number, state: AlertState, actorId: number | null, at: number): void {
    sql(this.db, "INSERT INTO alert_transitions (alert_id, state, actor_id, at) VALUES (?, ?, ?, ?)").run(alertId, state, actorId, at);
  }

  /** The newest lead reports in one of `states`, for suggestions while a verifier types. */
  latest(networkId: number, states: readonly AlertState[], limit: number): Alert[] {
    if (states.length === 0) return [];
    return (
      sql(
        this.db,
        `SELECT * FROM alerts WHERE network_id = ? AND group_of IS NULL AND state IN (${states.map(() => "?").join(", ")}) ORDER BY id DESC LIMIT ?`,
      ).all(networkId, ...states, limit) as AlertRow[]
    ).map(toAlert);
  }

  /** Lead reports in `state` whose time is up. */
  due(state: "pending" | "verified", now: number): Alert[] {
    return (
      sql(this.db, "SELECT * FROM alerts WHERE state = ? AND group_of IS NULL AND expires_at <= ? ORDER BY id").all(state, now) as AlertRow[]
    ).map(toAlert);
  }

  /**
   * Once a group's outcome is final and its reporters have been told: forget who reported (and
   * from which chat), who voted and who moved it on, keeping the counts. Until then the reporter's
   * link is what stops them vouching for their own report.
   */
  forgetWhoOnceDecided(lead: Alert): void {
    const ids = this.group(lead.id).map((a) => a.id);
    const marks = ids.map(() => "?").join(", ");
    sql(this.db, `UPDATE alerts SET reporter_id = NULL, report_chat = NULL WHERE id IN (${marks})`).run(...ids);
    sql(this.db, `UPDATE alert_votes SET voter_id = NULL WHERE alert_id IN (${marks})`).run(...ids);
    sql(this.db, `UPDATE alert_transitions SET actor_id = NULL WHERE alert_id IN (${marks})`).run(...ids);
    new AlertPaging(this.db).forget(ids);
    sql(
      this.db,
      `UPDATE audit SET actor_id = NULL WHERE network_id = ? AND subject = ? AND action IN ('alert.confirm', 'alert.reject', 'alert.unsure')`,
    ).run(lead.networkId, `alert:${lead.num}`);
  }

  /** Delete reports closed before `before` (their votes, messages and deliveries go with them). */
  purgeClosedBefore(before: number): number {
    sql(this.db, "UPDATE alerts SET group_of = NULL WHERE group_of IN (SELECT id FROM alerts WHERE closed_at < ?)").run(before);
    return sql(this.db, "DELETE FROM alerts WHERE closed_at IS NOT NULL AND closed_at < ?").run(before).changes;
  }
}

/**
 * Forget a person in the alerts job (for the privacy engineer's erasure): votes keep their count
 * but drop who cast them; reports keep their text but drop who sent them and from where. Returns
 * how many of each were anonymised.
 */
export function forgetPerson(db: Database, personId: number): { reports: number; votes: number } {
  const votes = sql(db, "UPDATE alert_votes SET voter_id = NULL, note = NULL WHERE voter_id = ?").run(personId).changes;
  const reports = sql(db, "UPDATE alerts SET reporter_id = NULL, report_chat = NULL WHERE reporter_id = ?").run(personId).changes;
  sql(db, "UPDATE alert_transitions SET actor_id = NULL WHERE actor_id = ?").run(personId);
  new AlertPaging(db).forgetPerson(personId);
  return { reports, votes };
}
