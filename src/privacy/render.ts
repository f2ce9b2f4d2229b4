import type { Database } from "better-sqlite3-multiple-ciphers";
import type { AuditRecord } from "../core/audit.js";
import { catalogs, type Lang, type MessageKey, t, tn } from "../core/i18n/catalog.js";
import type { RetentionPeriod } from "../config/schema.js";
import type { Person } from "../core/people.js";
import { formatWhen } from "../core/time.js";
import type { CountedKey, KindCounts, PersonalDataHook, RetentionSettings } from "./hooks.js";

/** A counted label in the right plural form: "1 role given to you", "2 roles given to you". */
export function counted(lang: Lang, label: CountedKey, count: number): string {
  return tn(lang, label, count);
}

/** What each hook holds about a person, as counts per kind. */
export function countAll(db: Database, hooks: readonly PersonalDataHook[], person: Person): { hook: PersonalDataHook; counts: KindCounts }[] {
  return hooks.map((hook) => ({ hook, counts: hook.count(db, person) }));
}

/** Whether anything beyond the bare persons row (platform id, name, language) is stored. */
export function holdsMoreThanProfile(found: { hook: PersonalDataHook; counts: KindCounts }[]): boolean {
  return found.some(({ hook, counts }) => Object.entries(counts).some(([kind, n]) => n > 0 && !(hook.id === "core" && kind === "profile")));
}

/** "• 3 shift sign-ups: deleted 30 days after the shift ends." for every kind with something stored. */
export function storedLines(lang: Lang, found: { hook: PersonalDataHook; counts: KindCounts }[], retention: RetentionSettings): string[] {
  const lines: string[] = [];
  for (const { hook, counts } of found) {
    for (const kind of hook.kinds) {
      const n = counts[kind.id] ?? 0;
      if (n === 0) continue;
      // The count goes in too: how long "it" or "they" are kept agrees with how many there are.
      const kept = t(lang, kind.kept, { count: n, ...(kind.keptDays ? { days: kind.keptDays(retention) } : {}) });
      lines.push(t(lang, "privacy.item", { what: counted(lang, kind.label, n), kept }));
    }
  }
  return lines;
}

/** "• 3 shift sign-ups" for every kind that was (or would be) removed. */
export function removedLines(lang: Lang, found: { hook: PersonalDataHook; counts: KindCounts }[]): string[] {
  const lines: string[] = [];
  for (const { hook, counts } of found) {
    for (const kind of hook.kinds) {
      const n = counts[kind.id] ?? 0;
      if (n > 0) lines.push(t(lang, "privacy.forgetItem", { what: counted(lang, kind.label, n) }));
    }
  }
  return lines;
}

function hasKey(key: string): key is MessageKey {
  return Object.hasOwn(catalogs.en, key);
}

/** What an audit entry was about, in words: the person and role of a role change, else its subject. */
function auditSubject(lang: Lang, entry: AuditRecord, nameOf: (id: number) => string | null): string {
  const nobody = t(lang, "privacy.auditNobody");
  const role = entry.action.startsWith("role.") ? /^(\d+|forgotten):(\w+)$/.exec(entry.subject ?? "") : null;
  if (role) {
    const name = role[1] === "forgotten" ? nobody : (nameOf(Number(role[1])) ?? nobody);
    const roleKey = `role.${role[2]}`;
    return `${name}: ${hasKey(roleKey) ? t(lang, roleKey) : role[2]}`;
  }
  const subject = thingInWords(lang, entry.subject);
  if (entry.subjectPersonId !== undefined || entry.subjectPersonName) {
    return [entry.subjectPersonName ?? nobody, subject].filter(Boolean).join(": ");
  }
  return subject;
}

/**
 * A stored subject such as `alert:3` in words ("alert #3", "alerta #3"), with any detail after it
 * (`alert:1:1.1.0-AF8M…` → "alert #1 (1.1.0-AF8M…)"): the kind is named by the message
 * `privacy.auditThing.<kind>` of the job that records it. Anything else as stored.
 */
function thingInWords(lang: Lang, subject: string | undefined): string {
  const thing = /^([a-z]+):(\d+)(?::(.+))?$/.exec(subject ?? "");
  const key = `privacy.auditThing.${thing?.[1]}`;
  if (!thing || !hasKey(key)) return subject ?? "";
  const named = t(lang, key, { num: thing[2]! });
  return thing[3] ? `${named} (${thing[3]})` : named;
}

/** One `/audit` line: when, who, what, about what. Names people: show only privately. */
export function auditLine(lang: Lang, tz: string, entry: AuditRecord, nameOf: (id: number) => string | null, now?: number): string {
  const actionKey = `privacy.audit.${entry.action}`;
  const subject = auditSubject(lang, entry, nameOf);
  return t(lang, "privacy.auditLine", {
    when: formatWhen(entry.at, tz, lang, now),
    who: entry.actorName ?? t(lang, "privacy.auditNobody"),
    what: hasKey(actionKey) ? t(lang, actionKey) : entry.action,
    subject: subject ? t(lang, "privacy.auditSubject", { subject }) : "",
  });
}

/**
 * Every kind of personal record and how long it is kept, from the retention settings: the jobs'
 * periods (each named by its own message), then the core's.
 */
export function retentionLines(lang: Lang, retention: RetentionSettings, periods: readonly RetentionPeriod[]): string[] {
  const days = retention as unknown as Readonly<Record<string, number>>;
  const kinds: [MessageKey, number][] = [
    ...periods.map((p): [MessageKey, number] => [p.label as MessageKey, days[p.key] ?? p.days]),
    ["privacy.retention.held", retention.heldDays],
    ["privacy.retention.delivery", retention.deliveryDays],
    ["privacy.retention.audit", retention.auditDays],
    ["privacy.retention.members", retention.inactiveMemberDays],
  ];
  return [t(lang, "privacy.retentionHeader"), ...kinds.map(([key, days]) => t(lang, key, { days }))];
}
