import type { Database } from "better-sqlite3-multiple-ciphers";
import { sql } from "../../store/statements.js";
import type { ChatRef } from "../port.js";
import type { ChatRecord, Networks } from "./networks.js";

/**
 * Zones: the parts of a network's area (a neighbourhood, a school district) that alerts can be
 * aimed at. They live in the core because they are the network's geography, which any job may use
 * (alerts target them; canvass can import them from GeoJSON). A chat linked to no zone is
 * network-wide: it gets every alert.
 */

/** One zone of a network. */
export interface Zone {
  id: number;
  networkId: number;
  /** As a lead typed it. */
  name: string;
}

/** Longest zone name, in characters: it must fit in a button's payload on every platform. */
export const MAX_ZONE_NAME = 30;
/** Most zones one network may have: a button list of them must stay usable. */
export const MAX_ZONES = 40;
/** Words that mean "every zone", in both languages; no zone may be named so. */
export const ALL_ZONES_WORDS = ["all", "every", "everywhere", "network", "wide", "todas", "toda", "todo", "red", "ninguna", "none"];

/** Why a name cannot be a zone's. */
export type ZoneNameProblem = "empty" | "tooLong" | "badChars" | "reserved";

/** The key a zone is looked up by: case, accents and spacing do not matter. */
export function zoneKey(name: string): string {
  return name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[\s_-]+/g, " ")
    .trim();
}

/** What is wrong with a name for a new zone, or null when it may be one. */
export function zoneNameProblem(name: string): ZoneNameProblem | null {
  const trimmed = name.trim();
  if (trimmed === "") return "empty";
  if ([...trimmed].length > MAX_ZONE_NAME) return "tooLong";
  // Letters, digits, spaces and a few marks: a zone's name shows in alerts and buttons.
  if (!/^[\p{L}\p{N}][\p{L}\p{N} .'’-]*$/u.test(trimmed)) return "badChars";
  if (ALL_ZONES_WORDS.includes(zoneKey(trimmed))) return "reserved";
  return null;
}

interface ZoneRow {
  id: number;
  network_id: number;
  name: string;
}

const toZone = (r: ZoneRow): Zone => ({ id: r.id, networkId: r.network_id, name: r.name });

/** A network's zones and which chats are linked to which. */
export class Zones {
  constructor(
    private readonly db: Database,
    private readonly networks: Networks,
  ) {}

  /** Add a zone; null when the network already has one of that name. `polygon` is its outline, when imported. */
  add(networkId: number, name: string, polygon: [number, number][] | null, now: number): Zone | null {
    const info = sql(this.db, "INSERT OR IGNORE INTO zones (network_id, name, name_key, polygon, created_at) VALUES (?, ?, ?, ?, ?)").run(
      networkId,
      name.trim(),
      zoneKey(name),
      polygon ? JSON.stringify(polygon) : null,
      now,
    );
    return info.changes > 0 ? { id: Number(info.lastInsertRowid), networkId, name: name.trim() } : null;
  }

  /** The network's zones, by name. */
  list(networkId: number): Zone[] {
    return (sql(this.db, "SELECT id, network_id, name FROM zones WHERE network_id = ? ORDER BY name_key").all(networkId) as ZoneRow[]).map(toZone);
  }

  count(networkId: number): number {
    return (sql(this.db, "SELECT count(*) AS n FROM zones WHERE network_id = ?").get(networkId) as { n: number }).n;
  }

  /** The network's zone of this name (any case, accents or not), or null. */
  byName(networkId: number, name: string): Zone | null {
    const row = sql(this.db, "SELECT id, network_id, name FROM zones WHERE network_id = ? AND name_key = ?").get(networkId, zoneKey(name)) as
      | ZoneRow
      | undefined;
    return row ? toZone(row) : null;
  }

  byId(id: number): Zone | null {
    const row = sql(this.db, "SELECT id, network_id, name FROM zones WHERE id = ?").get(id) as ZoneRow | undefined;
    return row ? toZone(row) : null;
  }

  /** Zones of this name in other networks among `networkIds` (to tell a member which network a zone is in). */
  elsewhere(name: string, networkIds: readonly number[], except: number): Zone[] {
    const ids = networkIds.filter((id) => id !== except);
    if (ids.length === 0) return [];
    const marks = ids.map(() => "?").join(", ");
    return (
      sql(this.db, `SELECT id, network_id, name FROM zones WHERE name_key = ? AND network_id IN (${marks}) ORDER BY network_id`).all(
        zoneKey(name),
        ...ids,
      ) as ZoneRow[]
    ).map(toZone);
  }

  /** Remove a zone; its chat links go with it (those chats become network-wide if it was their last). */
  remove(zoneId: number): void {
    sql(this.db, "DELETE FROM zones WHERE id = ?").run(zoneId);
  }

  /** The zones a chat is linked to within its network; empty for a network-wide chat. */
  ofChat(chat: ChatRef, networkId: number): Zone[] {
    return (
      sql(
        this.db,
        `SELECT z.id, z.network_id, z.name FROM chat_zones c JOIN zones z ON z.id = c.zone_id
         WHERE c.chat_ref = ? AND z.network_id = ? ORDER BY z.name_key`,
      ).all(chat, networkId) as ZoneRow[]
    ).map(toZone);
  }

  /** Link a chat to exactly these zones; none makes it network-wide. */
  setChatZones(chat: ChatRef, zoneIds: readonly number[]): void {
    sql(this.db, "DELETE FROM chat_zones WHERE chat_ref = ?").run(chat);
    for (const id of zoneIds) sql(this.db, "INSERT OR IGNORE INTO chat_zones (chat_ref, zone_id) VALUES (?, ?)").run(chat, id);
  }

  /**
   * The network's chats an alert goes to: with no zone (or widened), every linked chat; in a zone,
   * the chats linked to it and the network-wide ones, never a chat linked only to other zones.
   * Links to another network's zones (left from before a chat moved) do not count.
   */
  chatsFor(networkId: number, zoneId: number | null): ChatRecord[] {
    const chats = this.networks.chatsOf(networkId);
    if (zoneId === null) return chats;
    return chats.filter((chat) => {
      const zones = this.ofChat(chat.ref, networkId);
      return zones.length === 0 || zones.some((z) => z.id === zoneId);
    });
  }
}
