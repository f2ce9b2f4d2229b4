import type { Database } from "better-sqlite3-multiple-ciphers";
import type { Settings } from "../core/context.js";
import type { DutyRota } from "../core/duty.js";
import { type Lang, t } from "../core/i18n/catalog.js";
import type { Limits } from "../core/limits.js";
import type { Networks } from "../core/network/networks.js";
import type { People, Person } from "../core/people.js";
import { type Capabilities, type ChatRef, type Outbound, type Platform, parseChatRef } from "../core/port.js";
import { placeView } from "../core/visibility.js";
import { type Outbox, queueDirect, type Target } from "../delivery/outbox.js";
import { AlertPaging } from "./paging-store.js";
import { reportCard } from "./render.js";
import { type Alert, AlertStore } from "./store.js";
import { cardZone } from "./targets.js";
import { queueVerifierCard } from "./verifier-cards.js";

/**
 * Who sees a report, and when. With verifiers on duty (`services.duty`), a new report pages them
 * first, privately; if none answers (a vote, or "I'm going") within `alerts.escalateMinutes`, a
 * scheduled task escalates it to every verifier and the verifiers' chats, and tells the leads once
 * that the rota has a gap. With nobody on duty it goes to all verifiers at once, as it always did.
 * The state is stored (alert_paging), so an escalation due across a restart still happens.
 */

/** What paging needs: CoreServices and TaskDeps both provide it (a task has no `limits`). */
export interface PagingDeps {
  db: Database;
  people: People;
  networks: Networks;
  outbox: Outbox;
  defaultLang: Lang;
  settings: Settings;
  capabilitiesOf(chat: ChatRef): Capabilities | null;
  duty?: DutyRota;
  limits?: Limits;
}

/** What showing a report did: how many verifiers on duty were paged, and the platforms queued for. */
export interface Shown {
  onDuty: number;
  platforms: Set<Platform>;
}

/** The network's verifiers, as people. */
function verifiersOf(deps: PagingDeps, networkId: number): Person[] {
  return deps.people
    .membersWithRoles(networkId)
    .filter((m) => m.roles.includes("verifier"))
    .map((m) => m.person);
}

/** The card of one report of a group, as a reader sees it. */
function cardFor(deps: PagingDeps, report: Alert, lead: Alert, lang: Lang, exact: boolean, escalated: boolean): Outbound {
  const store = new AlertStore(deps.db);
  const network = deps.networks.get(lead.networkId);
  const group = store.group(lead.id);
  return reportCard(report, {
    lang,
    exact,
    tz: network?.tz ?? "UTC",
    quorum: store.quorum(lead.networkId),
    lead,
    groupSize: group.length,
    reporters: new Set(group.map((r) => r.reporterId ?? -r.id)).size,
    escalatedAfter: escalated ? deps.settings.alerts.escalateMinutes : null,
    ...cardZone(deps.db, deps.networks, lead.networkId, report.id),
  });
}

/** The key of one report's card: the same report is shown to one reader once. */
function cardKey(report: Alert): string {
  return `${report.id}.${report.createdAt}`;
}

/**
 * Show a new report (the lead of its group, or one grouped under a pending lead) to verifiers:
 * page those on duty first, or everyone when nobody is on duty or the lead was already escalated.
 */
export function showReport(deps: PagingDeps, report: Alert, lead: Alert, now: number): Shown {
  const paging = new AlertPaging(deps.db);
  const group = new AlertStore(deps.db).group(lead.id);
  const reporters = new Set(group.map((r) => r.reporterId));
  let state = paging.of(lead.id);
  if (!state) {
    // A verifier who reported cannot vouch for it: paging them would leave the report unanswered.
    const onDuty = (deps.duty?.onDuty(lead.networkId, "verifier", now) ?? []).filter((d) => !reporters.has(d.person.id));
    if (onDuty.length > 0) {
      paging.start(lead.id, "duty", now + deps.settings.alerts.escalateMinutes * 60_000);
      for (const d of onDuty) paging.paged(lead.id, d.person.id, now);
    } else {
      paging.start(lead.id, "all", null);
    }
    state = paging.of(lead.id)!;
  }
  if (state.mode === "all") return { onDuty: 0, platforms: showToAll(deps, report, lead, now, state.escalatedAt !== null) };
  const platforms = new Set<Platform>();
  let paged = 0;
  for (const id of paging.pagedPeople(lead.id)) {
    const person = deps.people.byId(id);
    if (!person || reporters.has(id)) continue;
    paged++;
    if (queueVerifierCard(deps, now, person, { key: cardKey(report), num: report.num }, (lang) => cardFor(deps, report, lead, lang, true, false))) {
      platforms.add(person.platform);
    }
  }
  return { onDuty: paged, platforms };
}

/**
 * Show a report to the network's verifier chats, never to member chats, and to verifiers
 * privately: all of them once `escalated`, else only when there is no verifier chat. Those who
 * sent a report of the group get no card (their vote cannot count). Exact places only in
 * encrypted chats and private messages. When the verifiers who may vote are fewer than the quorum,
 * they are told at once.
 */
function showToAll(deps: PagingDeps, report: Alert, lead: Alert, now: number, escalated: boolean): Set<Platform> {
  const store = new AlertStore(deps.db);
  const quorum = store.quorum(lead.networkId);
  const reporters = new Set(store.group(lead.id).map((r) => r.reporterId));
  const verifiers = verifiersOf(deps, lead.networkId);
  const voters = verifiers.filter((v) => !reporters.has(v.id));
  const short = voters.length < quorum;
  const why = voters.length < verifiers.length ? "alert.shortOfQuorum" : "alert.quorumUnreachable";
  const shortNotice = (lang: Lang): Outbound => ({ text: t(lang, why, { num: lead.num, eligible: voters.length, quorum }) });
  const key = cardKey(report);
  const platforms = new Set<Platform>();
  const chats = store.verifierChats(lead.networkId);
  for (const chat of chats) {
    const lang = deps.networks.chat(chat)?.lang ?? deps.defaultLang;
    const exact = placeView({ isDirect: false, e2ee: deps.capabilitiesOf(chat)?.e2ee ?? false }) === "exact";
    queue(deps, platforms, now, `alert-card:${key}:${chat}`, { kind: "chat", chat }, cardFor(deps, report, lead, lang, exact, escalated));
    if (short) queue(deps, platforms, now, `alert-short:${key}:${chat}`, { kind: "chat", chat }, shortNotice(lang));
  }
  if (chats.length > 0 && !escalated) return platforms;
  for (const person of verifiers) {
    const votes = !reporters.has(person.id);
    // No fallback chat: a report card never points at the chat it came from.
    const queued = [
      votes && queueVerifierCard(deps, now, person, { key, num: report.num }, (lang) => cardFor(deps, report, lead, lang, true, escalated)),
      short && queueDirect(deps.outbox, person, deps.defaultLang, { key: `alert-short:${key}:p${person.id}`, render: shortNotice }, now),
    ];
    if (queued.some(Boolean)) platforms.add(person.platform);
  }
  return platforms;
}

function queue(deps: PagingDeps, platforms: Set<Platform>, now: number, key: string, target: Target, msg: Outbound): void {
  if (deps.outbox.enqueue({ key, target, msg }, now)) platforms.add(target.kind === "chat" ? parseChatRef(target.chat).platform : target.platform);
}

/**
 * Nobody on duty answered in time: every verifier and the verifiers' chats get the group's
 * reports now, and the leads are told privately, once for the people who were on duty then, that
 * the rota has a gap. Runs from the scheduled task, on stored state.
 */
export function escalate(deps: PagingDeps, leadId: number, now: number): void {
  const store = new AlertStore(deps.db);
  const paging = new AlertPaging(deps.db);
  const lead = store.byId(leadId);
  if (!lead) return;
  const missed = paging.pagedPeople(leadId);
  paging.markEscalated(leadId, now);
  for (const report of store.group(leadId)) showToAll(deps, report, lead, now, true);
  const minutes = deps.settings.alerts.escalateMinutes;
  const leads = deps.people.membersWithRoles(lead.networkId).filter((m) => m.roles.includes("lead"));
  for (const { person } of leads) {
    queueDirect(
      deps.outbox,
      person,
      deps.defaultLang,
      { key: `duty-gap:${lead.networkId}:${missed.join(",")}:p${person.id}`, render: (lang) => t(lang, "alert.dutyGap", { num: lead.num, minutes }) },
      now,
    );
  }
}

/** The scheduled task: escalate every lead whose duty paging went unanswered. */
export function alertEscalationJob(deps: PagingDeps): { name: string; run(now: number): void } {
  return {
    name: "alert-escalation",
    run(now) {
      for (const id of new AlertPaging(deps.db).dueEscalations(now)) escalate(deps, id, now);
    },
  };
}

/**
 * Tell the verifiers who have a lead report something new about it (it was taken, the reporter
 * added details): those paged privately, and the verifier chats and every verifier once it went to
 * all. `render` gets whether the reader is one verifier in a direct chat (names may be shown
 * there, never in a chat, whose members the bot cannot vouch for). `except` names the one who
 * acted and the chat they acted in, which hear it in the answer instead. Returns the platforms queued for.
 */
export function tellVerifiers(
  deps: PagingDeps,
  lead: Alert,
  now: number,
  key: string,
  render: (lang: Lang, direct: boolean) => Outbound,
  except: { person?: number; chat?: ChatRef } = {},
): Set<Platform> {
  const paging = new AlertPaging(deps.db);
  const state = paging.of(lead.id);
  const platforms = new Set<Platform>();
  const store = new AlertStore(deps.db);
  const reporters = new Set(store.group(lead.id).map((r) => r.reporterId));
  const chats = state?.mode === "duty" ? [] : store.verifierChats(lead.networkId);
  for (const chat of chats) {
    if (chat === except.chat) continue;
    const lang = deps.networks.chat(chat)?.lang ?? deps.defaultLang;
    queue(deps, platforms, now, `${key}:${chat}`, { kind: "chat", chat }, render(lang, false));
  }
  // A report from before paging existed has no state: it went to everyone, as "all" does.
  const direct =
    state?.mode === "duty"
      ? paging.pagedPeople(lead.id).flatMap((id) => deps.people.byId(id) ?? [])
      : chats.length === 0 || (state?.escalatedAt ?? null) !== null
        ? verifiersOf(deps, lead.networkId)
        : [];
  for (const person of direct) {
    if (person.id === except.person || reporters.has(person.id)) continue;
    if (queueDirect(deps.outbox, person, deps.defaultLang, { key: `${key}:p${person.id}`, render: (lang) => render(lang, true) }, now)) platforms.add(person.platform);
  }
  return platforms;
}
