import type { Database } from "better-sqlite3-multiple-ciphers";
import { countRows, sql } from "../store/statements.js";
import type { GrantedRole } from "./auth.js";
import type { Lang } from "./i18n/catalog.js";
import type { Author, Platform } from "./port.js";
import { inertText } from "./inert.js";
import { truncate } from "./text.js";

/** How stale `last_seen` may get before a command refreshes it. */
const LAST_SEEN_GRANULARITY_MS = 5 * 60 * 1000;

/** A platform account the bot has seen: one person on one platform. */
export interface Person {
  id: number;
  platform: Platform;
  userId: string;
  displayName: string;
  lang: Lang | null;
  langHint: Lang | null;
}

interface PersonRow {
  id: number;
  platform: Platform;
  user_id: string;
  display_name: string;
  lang: Lang | null;
  lang_hint: Lang | null;
}

function toPerson(row: PersonRow): Person {
  return {
    id: row.id,
    platform: row.platform,
    userId: row.user_id,
    // Inert on the way out of the store too: names kept before typed text was made inert show clean.
    displayName: inertText(row.display_name, { multiline: false }),
    lang: row.lang,
    langHint: row.lang_hint,
  };
}

/** The language a person reads private messages in: their own choice, else their chats', else the default. */
export function privateLang(person: Pick<Person, "lang" | "langHint">, fallback: Lang): Lang {
  return person.lang ?? person.langHint ?? fallback;
}

/** People, memberships and granted roles. */
export class People {
  constructor(private readonly db: Database) {}

  /** Look a person up without creating them. */
  find(platform: Platform, userId: string): Person | null {
    const row = sql(this.db, "SELECT * FROM persons WHERE platform = ? AND user_id = ?").get(platform, userId) as PersonRow | undefined;
    return row ? toPerson(row) : null;
  }

  byId(id: number): Person | null {
    const row = sql(this.db, "SELECT * FROM persons WHERE id = ?").get(id) as PersonRow | undefined;
    return row ? toPerson(row) : null;
  }

  /**
   * Create or refresh a person from an event's author. Call only inside an accepted command's
   * transaction. Writes only when something changed, so a known member's command adds no page writes.
   */
  upsert(platform: Platform, author: Author, langHint: Lang | null): Person {
    // A display name is text the platform lets anyone set: made inert like typed text (inert.ts).
    const displayName = truncate(inertText(author.displayName, { multiline: false }), 100);
    const known = this.find(platform, author.id);
    if (known && known.displayName === displayName && (langHint === null || known.langHint === langHint)) return known;
    const row = sql(
      this.db,
      `INSERT INTO persons (platform, user_id, display_name, lang_hint) VALUES (?, ?, ?, ?)
       ON CONFLICT (platform, user_id) DO UPDATE SET display_name = excluded.display_name,
         lang_hint = coalesce(excluded.lang_hint, persons.lang_hint)
       RETURNING *`,
    ).get(platform, author.id, displayName, langHint) as PersonRow;
    return toPerson(row);
  }

  setLang(personId: number, lang: Lang): void {
    sql(this.db, "UPDATE persons SET lang = ? WHERE id = ?").run(lang, personId);
  }

  /**
   * Record that a person is in a network, and when they were last seen there. `last_seen` only picks
   * the network of a direct chat, so it is refreshed at most every few minutes, sparing a write.
   */
  touchMembership(networkId: number, personId: number, now: number): void {
    sql(
      this.db,
      `INSERT INTO memberships (network_id, person_id, joined_at, last_seen) VALUES (?, ?, ?, ?)
       ON CONFLICT (network_id, person_id) DO UPDATE SET last_seen = excluded.last_seen
       WHERE excluded.last_seen > memberships.last_seen + ${LAST_SEEN_GRANULARITY_MS}`,
    ).run(networkId, personId, now, now);
  }

  isMember(networkId: number, personId: number): boolean {
    return sql(this.db, "SELECT 1 FROM memberships WHERE network_id = ? AND person_id = ?").get(networkId, personId) !== undefined;
  }

  /**
   * Forget people who belong to no network: anyone who typed a command the bot could not place
   * (a stranger in an unlinked chat, a private `/help`) leaves no lasting trace.
   */
  purgeStrangers(): number {
    return sql(this.db, "DELETE FROM persons WHERE id NOT IN (SELECT person_id FROM memberships)").run().changes;
  }

  /** Whether this platform account belongs to any network. */
  isInAnyNetwork(platform: Platform, userId: string): boolean {
    return (
      sql(this.db, "SELECT 1 FROM memberships m JOIN persons p ON p.id = m.person_id WHERE p.platform = ? AND p.user_id = ? LIMIT 1").get(
        platform,
        userId,
      ) !== undefined
    );
  }

  /** Every network the person belongs to, by id, lowest first. */
  networkIdsOf(personId: number): number[] {
    return (sql(this.db, "SELECT network_id FROM memberships WHERE person_id = ? ORDER BY network_id").all(personId) as { network_id: number }[]).map(
      (r) => r.network_id,
    );
  }

  /**
   * Names of networks with other members where this person is the only admin: a network whose
   * only admin leaves cannot be run any more.
   */
  networksLeftWithoutAdmin(personId: number): string[] {
    const rows = sql(
      this.db,
      `SELECT n.name FROM roles r JOIN networks n ON n.id = r.network_id
       WHERE r.person_id = ? AND r.role = 'admin'
         AND (SELECT count(*) FROM roles a WHERE a.network_id = r.network_id AND a.role = 'admin') = 1
         AND (SELECT count(*) FROM memberships m WHERE m.network_id = r.network_id) > 1
       ORDER BY n.name`,
    ).all(personId) as { name: string }[];
    return rows.map((r) => r.name);
  }

  /** The network a person used most recently: what a direct chat with the bot refers to. */
  latestNetwork(personId: number): number | null {
    const row = sql(this.db, "SELECT network_id FROM memberships WHERE person_id = ? ORDER BY last_seen DESC LIMIT 1").get(personId) as
      | { network_id: number }
      | undefined;
    return row?.network_id ?? null;
  }

  roles(networkId: number, personId: number): Set<GrantedRole> {
    const rows = sql(this.db, "SELECT role FROM roles WHERE network_id = ? AND person_id = ?").all(networkId, personId) as { role: GrantedRole }[];
    return new Set(rows.map((r) => r.role));
  }

  grant(networkId: number, personId: number, role: GrantedRole, by: number, now: number): boolean {
    const info = sql(
      this.db,
      "INSERT OR IGNORE INTO roles (network_id, person_id, role, granted_by, granted_at) VALUES (?, ?, ?, ?, ?)",
    ).run(networkId, personId, role, by, now);
    return info.changes > 0;
  }

  revoke(networkId: number, personId: number, role: GrantedRole): boolean {
    return sql(this.db, "DELETE FROM roles WHERE network_id = ? AND person_id = ? AND role = ?").run(networkId, personId, role).changes > 0;
  }

  countWithRole(networkId: number, role: GrantedRole): number {
    return countRows(this.db, "SELECT count(*) AS n FROM roles WHERE network_id = ? AND role = ?", networkId, role);
  }

  /** Members of a network with their granted roles, by name. */
  membersWithRoles(networkId: number): { person: Person; roles: GrantedRole[] }[] {
    const rows = sql(
      this.db,
      `SELECT p.*, group_concat(r.role) AS roles FROM memberships m
       JOIN persons p ON p.id = m.person_id
       LEFT JOIN roles r ON r.network_id = m.network_id AND r.person_id = m.person_id
       WHERE m.network_id = ? GROUP BY p.id ORDER BY p.display_name COLLATE NOCASE`,
    ).all(networkId) as (PersonRow & { roles: string | null })[];
    return rows.map((row) => ({ person: toPerson(row), roles: row.roles ? (row.roles.split(",") as GrantedRole[]) : [] }));
  }

  countMembers(networkId: number): number {
    return countRows(this.db, "SELECT count(*) AS n FROM memberships WHERE network_id = ?", networkId);
  }

  /** The member of a network with this platform user id, if they are one. An id is never a name. */
  memberByUserId(networkId: number, platform: Platform, userId: string): Person | null {
    const row = sql(
      this.db,
      "SELECT p.* FROM persons p JOIN memberships m ON m.person_id = p.id WHERE m.network_id = ? AND p.platform = ? AND p.user_id = ?",
    ).get(networkId, platform, userId) as PersonRow | undefined;
    return row ? toPerson(row) : null;
  }

  /** Members of a network whose display name is `name` (case-insensitive): anyone may take a name. */
  membersNamed(networkId: number, name: string): Person[] {
    const rows = sql(
      this.db,
      "SELECT p.* FROM persons p JOIN memberships m ON m.person_id = p.id WHERE m.network_id = ? AND p.display_name = ? COLLATE NOCASE",
    ).all(networkId, name) as PersonRow[];
    return rows.map(toPerson);
  }

  /** When a person was first seen in a network (their membership began), or null for a non-member. */
  memberSince(networkId: number, personId: number): number | null {
    const row = sql(this.db, "SELECT joined_at FROM memberships WHERE network_id = ? AND person_id = ?").get(networkId, personId) as
      | { joined_at: number }
      | undefined;
    return row?.joined_at ?? null;
  }
}
