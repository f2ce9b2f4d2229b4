import { asWritten } from "../core/commands/command-refs.js";
import { type Lang, t } from "../core/i18n/catalog.js";
import { PLATFORM_NAMES } from "../core/context.js";
import type { Button, Outbound, Platform } from "../core/port.js";
import { formatWhen, formatWhenInSentence } from "../core/time.js";
import type { AlertMessage } from "./ledger.js";
import { base58Encode } from "./pasted.js";
import { coarsenPlace } from "./place.js";
import type { Alert } from "./store.js";

/** Where a report or alert is, as a chat may be told: exact only where details may be shown. */
export function whereFor(place: string | null, exact: boolean, lang: Lang): string {
  if (!place) return t(lang, "alert.notGiven");
  const shown = exact ? place : coarsenPlace(place);
  return shown || t(lang, "alert.notGiven");
}

/**
 * The card verifiers see for a report (and for each report grouped with it). It never names the
 * reporter; exact places only where `exact` (a direct chat or an encrypted room).
 */
export function reportCard(
  report: Alert,
  opts: {
    lang: Lang;
    exact: boolean;
    tz: string;
    quorum: number;
    lead: Alert;
    groupSize: number;
    /** Where the network has zones: the report's zone, or null when not given yet. */
    zone?: string | null;
    /** How many different people sent the group's reports. */
    reporters?: number;
    /** Minutes the verifiers on duty had before it came to everyone; null when it was not escalated. */
    escalatedAfter?: number | null;
  },
): Outbound {
  const { lang } = opts;
  const num = report.num;
  const lines = [
    t(lang, "alert.cardHeader", { num, quorum: opts.quorum, expires: formatWhen(opts.lead.expiresAt, opts.tz, lang, report.createdAt) }),
    asWritten(report.text),
    t(lang, "alert.cardWhere", { where: whereFor(report.place, opts.exact, lang) }),
  ];
  if (opts.zone !== undefined) lines.push(opts.zone === null ? t(lang, "alert.cardNoZone") : t(lang, "alert.cardZone", { zone: opts.zone }));
  if (report.what) lines.push(t(lang, "alert.cardWhat", { what: report.what }));
  if (report.size) lines.push(t(lang, "alert.cardSize", { size: report.size }));
  if (report.uniform) lines.push(t(lang, "alert.cardUniform", { uniform: report.uniform }));
  if (report.equipment) lines.push(t(lang, "alert.cardEquipment", { equipment: report.equipment }));
  if (report.plate) lines.push(t(lang, "alert.cardPlate", { plate: report.plate }));
  if (report.seenAt) lines.push(t(lang, "alert.cardSeenAt", { seen: report.seenAt }));
  if (report.firsthand !== null) lines.push(t(lang, "alert.cardFirsthand", { answer: t(lang, report.firsthand ? "alert.yes" : "alert.no") }));
  const platform = report.reportChat ? (report.reportChat.slice(0, report.reportChat.indexOf(":")) as Platform) : null;
  lines.push(t(lang, "alert.cardFrom", { when: formatWhenInSentence(report.createdAt, opts.tz, lang, report.createdAt), platform: platform ? PLATFORM_NAMES[platform] : "?" }));
  // Corroboration, never confirmation: the group is one report to vote on, however many sent it.
  if (opts.groupSize > 1) {
    lines.push(t(lang, "alert.cardGroup", { lead: opts.lead.num, count: opts.groupSize, people: opts.reporters ?? opts.groupSize }));
  }
  if (opts.escalatedAfter) lines.push(t(lang, "alert.cardEscalated", { minutes: opts.escalatedAfter }));
  lines.push(t(lang, "alert.cardHow", { num: opts.lead.num }));
  return { text: lines.join("\n"), buttons: reportButtons(opts.lead.num, lang, Boolean(opts.zone)) };
}

/**
 * A report card's buttons: Confirm, Reject, Unsure, and "I'm going" to take it and go and see; where
 * the alert would go to one zone, one more to confirm it for the whole network instead.
 */
export function reportButtons(num: number, lang: Lang, zoned = false): Button[] {
  const buttons = [
    ["alert.confirm", "alert.buttonConfirm"],
    ["alert.reject", "alert.buttonReject"],
    ["alert.unsure", "alert.buttonUnsure"],
    ["alert.going", "alert.buttonGoing"],
  ] as const;
  const all: Button[] = buttons.map(([action, label]) => ({ label: t(lang, label, { num }), action, payload: String(num) }));
  if (zoned) all.splice(1, 0, { label: t(lang, "alert.buttonConfirmWide", { num }), action: "alert.confirm", payload: `${num} wide` });
  return all;
}

/** The alert number a signed message belongs to is the lead report's number; callers pass it. */
export interface BroadcastView {
  message: AlertMessage;
  num: number;
}

/** How commands are typed where nothing else is said (the signed text names `/verify`). */
export const SLASH = "/";

/**
 * The text of a signed broadcast as one chat shows it, in its language; the exact place only in
 * encrypted chats; the verify command written as that chat types commands (`!pl verify` on Matrix).
 * Deterministic from the stored message, so `/verify` can rebuild it.
 */
export function broadcastText(view: BroadcastView, lang: Lang, exact: boolean, prefix: string = SLASH): string {
  const { message: m, num } = view;
  const network = m.networkName;
  const code = t(lang, "alert.bcCode", { code: m.code, prefix });
  // The year is judged against when the message was issued, never the reader's clock: a signed text must rebuild the same.
  const until = t(lang, "alert.bcUntil", { expires: formatWhen(m.expiresAt, m.tz, lang, m.issuedAt) });
  switch (m.kind) {
    case "alert":
      return [
        t(lang, "alert.bcHeader", { num, network }),
        t(lang, "alert.bcWhat", { text: m.text }),
        ...(m.what ? [t(lang, "alert.bcSeen", { what: m.what })] : []),
        ...(m.size ? [t(lang, "alert.bcSize", { size: m.size })] : []),
        t(lang, "alert.bcWhere", { area: exact && m.place ? m.place : m.area || t(lang, "alert.notGiven") }),
        t(lang, "alert.bcWhen", { when: formatWhen(m.reportedAt, m.tz, lang, m.issuedAt) }),
        ...(m.onscene ? [t(lang, "alert.bcOnscene")] : []),
        t(lang, "alert.bcInstruction"),
        until,
        code,
      ].join("\n");
    case "update":
      return [t(lang, "alert.bcUpdateHeader", { num, network }), t(lang, "alert.bcUpdateWhat", { text: m.text }), until, code].join("\n");
    case "cancel":
      return [t(lang, "alert.bcAllclearHeader", { num, network }), t(lang, "alert.bcAllclearText", { num }), code].join("\n");
  }
}

/**
 * The key of one text variant a message was signed in: its language, the command prefix where it is
 * not `/` (`en@!pl`), and whether it shows the exact place (`en+exact`, `en@!pl+exact`).
 */
export function variantKey(lang: Lang, exact: boolean, prefix: string = SLASH): string {
  const typed = prefix === SLASH ? "" : `@${prefix.trim()}`;
  return `${lang}${typed}${exact ? "+exact" : ""}`;
}

/** A variant key read back: its language, whether exact, and its prefix (null for one not made by variantKey). */
export function readVariant(key: string): { lang: Lang; exact: boolean; prefix: string } | null {
  const m = /^(en|es)(?:@(\S+))?(\+exact)?$/.exec(key);
  return m ? { lang: m[1] as Lang, exact: m[3] !== undefined, prefix: m[2] ? `${m[2]} ` : SLASH } : null;
}

/** A broadcast text with its text signature (base58) as the last line, so it can be checked offline. */
export function sealedText(text: string, textSig: string | undefined): string {
  return textSig ? `${text}\n🔏 ${base58Encode(Buffer.from(textSig, "base64url"))}` : text;
}

/** Marks put on top of an earlier broadcast, where the platform can edit it. */
export type Mark = "alert.markUpdated" | "alert.markAllclear" | "alert.markExpired";
export const MARKS: readonly Mark[] = ["alert.markUpdated", "alert.markAllclear", "alert.markExpired"];

/** An earlier broadcast with a mark line on top (the mark is not signed; the text under it is). */
export function markedText(view: BroadcastView, lang: Lang, exact: boolean, mark: Mark, prefix: string = SLASH): string {
  const sig = view.message.textSigs[variantKey(lang, exact && view.message.place !== null, prefix)];
  return `${t(lang, mark, { num: view.num })}\n${sealedText(broadcastText(view, lang, exact, prefix), sig)}`;
}
