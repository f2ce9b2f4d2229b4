import type { Database } from "better-sqlite3-multiple-ciphers";
import { type Lang, t } from "../core/i18n/catalog.js";
import type { Networks } from "../core/network/networks.js";
import type { People, Person } from "../core/people.js";
import type { ChatRef } from "../core/port.js";
import type { ScheduledJob } from "../core/scheduler.js";
import { type Outbox, queueDirect } from "../delivery/outbox.js";
import { formatWhen } from "../core/time.js";
import { sql } from "../store/statements.js";
import { canvassesEndedBefore, deleteCanvass, purgeCanvassDetails } from "./forget.js";
import { CanvassStore } from "./store.js";
import { formatSpan } from "./when.js";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** How long before the deadline a claimant is reminded. */
export const CLAIMANT_REMINDER_MS = 6 * HOUR_MS;

/** When the lead hears about unclaimed blocks, before the deadline (only the latest one due is sent). */
export const UNCLAIMED_WARNINGS = [
  { label: "6h", ms: 6 * HOUR_MS },
  { label: "24h", ms: 24 * HOUR_MS },
] as const;

interface JobDeps {
  db: Database;
  people: People;
  networks: Networks;
  outbox: Outbox;
  defaultLang: Lang;
}

/**
 * Queue a direct message once: the outbox key makes a repeat of the same notice a no-op, however
 * often the job runs or restarts. `fallbackChat` is told (without details) when the person cannot be
 * reached privately.
 */
function notify(deps: JobDeps, person: Person, key: string, text: (lang: Lang) => string, now: number, fallbackChat: string | null): void {
  if (deps.outbox.byKey(key)) return;
  queueDirect(deps.outbox, person, deps.defaultLang, { key, render: text, fallbackChat: fallbackChat as ChatRef | null }, now);
}

/**
 * Claims without a report expire: the block returns to the pool and both the claimant and the
 * canvass's lead are told. Reads stored state only, so it survives restarts.
 */
export function canvassClaimExpiryJob(deps: JobDeps): ScheduledJob {
  const store = new CanvassStore(deps.db);
  return {
    name: "canvass-claim-expiry",
    run(now) {
      for (const expired of store.expiredClaims(now)) {
        store.expireClaim(expired.claimId, now);
        const canvass = store.byId(expired.canvassId);
        const block = canvass && store.blocks(canvass.id).find((b) => b.id === expired.blockId);
        if (!canvass || !block) continue;
        const params = { num: canvass.num, block: block.code };
        const claimant = expired.personId === null ? null : deps.people.byId(expired.personId);
        if (claimant) notify(deps, claimant, `canvass-expired:${expired.claimId}:claimant`, (lang) => t(lang, "canvass.expiredClaimant", params), now, expired.viaChat);
        const lead = canvass.leadId === null ? null : deps.people.byId(canvass.leadId);
        if (lead && lead.id !== claimant?.id) {
          const name = claimant?.displayName ?? "?";
          notify(deps, lead, `canvass-expired:${expired.claimId}:lead`, (lang) => t(lang, "canvass.expiredLead", { ...params, name }), now, canvass.originChat);
        }
      }
    },
  };
}

/**
 * Urgency: claimants are reminded as the deadline nears, and the lead is told which blocks are
 * still unclaimed. Each notice has its own outbox key, so it is sent once.
 */
export function canvassReminderJob(deps: JobDeps): ScheduledJob {
  const store = new CanvassStore(deps.db);
  return {
    name: "canvass-reminders",
    run(now) {
      for (const canvass of store.open()) {
        if (canvass.deadlineAt <= now) continue;
        const left = formatSpan(canvass.deadlineAt - now);
        const remindFrom = canvass.deadlineAt - CLAIMANT_REMINDER_MS;
        if (now >= remindFrom) {
          for (const claim of store.activeClaims(canvass.id)) {
            // Someone who claimed after the reminder time already knows how little time is left.
            if (claim.claimedAt >= remindFrom || claim.personId === null) continue;
            const person = deps.people.byId(claim.personId);
            if (!person) continue;
            const params = { num: canvass.num, block: claim.blockCode, left };
            notify(deps, person, `canvass-deadline:${claim.claimId}`, (lang) => t(lang, "canvass.deadlineReminder", params), now, claim.viaChat);
          }
        }
        const warning = UNCLAIMED_WARNINGS.find((w) => now >= canvass.deadlineAt - w.ms && canvass.createdAt < canvass.deadlineAt - w.ms);
        const lead = canvass.leadId === null ? null : deps.people.byId(canvass.leadId);
        if (!warning || !lead) continue;
        const open = store.blocks(canvass.id).filter((b) => b.state === "open");
        if (open.length === 0) continue;
        const params = { num: canvass.num, count: open.length, codes: open.map((b) => b.code).join(", "), left };
        notify(deps, lead, `canvass-unclaimed:${canvass.id}:${warning.label}`, (lang) => t(lang, "canvass.unclaimedWarning", params), now, canvass.originChat);
      }
    },
  };
}

/** Purge canvass details (not the custody record) once older than the retention. */
export function canvassPurgeJob(deps: { db: Database; retentionDays: number }): ScheduledJob {
  return {
    name: "canvass-purge",
    run(now) {
      purgeCanvassDetails(deps.db, now - deps.retentionDays * DAY_MS, now);
    },
  };
}

/** How long before a custody record is deleted its lead (or, without one, the admins) is told. */
export const CUSTODY_NOTICE_MS = 14 * DAY_MS;

/**
 * The custody record of a closed canvass is kept `custodyDays`, then the canvass is deleted whole.
 * Two weeks before, the lead hears when, and which export keeps a copy for the legal team; the
 * record is never deleted sooner than two weeks after that notice.
 */
export function custodyPurgeJob(deps: JobDeps & { custodyDays: number }): ScheduledJob {
  const keepMs = deps.custodyDays * DAY_MS;
  return {
    name: "custody-purge",
    run(now) {
      for (const c of canvassesEndedBefore(deps.db, now - keepMs + CUSTODY_NOTICE_MS)) {
        // Never deleted without the notice: when the bot was down through the notice window, the
        // record waits two weeks past the notice rather than going unannounced.
        const noticeKey = `custody_notice:${c.id}`;
        const noticed = sql(deps.db, "SELECT value FROM maintenance WHERE key = ?").get(noticeKey) as { value: number } | undefined;
        const deleteAt = Math.max(c.endedAt + keepMs, (noticed?.value ?? now) + CUSTODY_NOTICE_MS);
        if (noticed && deleteAt <= now) {
          deleteCanvass(deps.db, c.id);
          sql(deps.db, "DELETE FROM maintenance WHERE key = ?").run(noticeKey);
          continue;
        }
        if (noticed) continue;
        sql(deps.db, "INSERT INTO maintenance (key, value) VALUES (?, ?)").run(noticeKey, now);
        const tz = deps.networks.get(c.networkId)?.tz ?? "UTC";
        const params = (lang: Lang) => ({ num: c.num, date: formatWhen(deleteAt, tz, lang, now), days: deps.custodyDays, network: c.networkId });
        for (const person of custodyKeepers(deps, c.networkId, c.leadId)) {
          notify(deps, person, `custody-expiry:${c.id}:${person.id}`, (lang) => t(lang, "canvass.custodyExpiring", params(lang)), now, null);
        }
      }
    },
  };
}

/** Who answers for a canvass's custody record: its lead, or the network's admins when it has none. */
function custodyKeepers(deps: JobDeps, networkId: number, leadId: number | null): Person[] {
  const lead = leadId === null ? null : deps.people.byId(leadId);
  if (lead) return [lead];
  const admins = sql(deps.db, "SELECT person_id FROM roles WHERE network_id = ? AND role = 'admin'").all(networkId) as { person_id: number }[];
  return admins.map((a) => deps.people.byId(a.person_id)).filter((p): p is Person => p !== null);
}
