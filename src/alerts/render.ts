import { asWritten } from "../core/commands/command-refs.js";
import { type Lang, t } from "../core/i18n/catalog.js";
import { PLATFORM_NAMES } from "../core/context.js";
import type { Outbound, Platform } from "../core/port.js";
import { formatWhen } from "../core/time.js";
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
  opts: { lang: Lang; exact: boolean; tz: string; quorum: number; lead: Alert; groupSize: number },
): Outbound {
  const { lang } = opts;
  const num = report.num;
  const lines = [
    t(lang, "alert.cardHeader", { num, quorum: opts.quorum, expires: formatWhen(opts.lead.expiresAt, opts.tz, lang, report.createdAt) }),
    asWritten(report.text),
    t(lang, "alert.cardWhere", { where: whereFor(report.place, opts.exact, lang) }),
  ];
  if (report.what) lines.push(t(lang, "alert.cardWhat", { what: report.what }));
  if (report.size) lines.push(t(lang, "alert.cardSize", { size: report.size }));
  if (report.firsthand !== null) lines.push(t(lang, "alert.cardFirsthand", { answer: t(lang, report.firsthand ? "alert.yes" : "alert.no") }));
  const platform = report.reportChat ? (report.reportChat.slice(0, report.reportChat.indexOf(":")) as Platform) : null;
  lines.push(t(lang, "alert.cardFrom", { when: formatWhen(report.createdAt, opts.tz, lang, report.createdAt), platform: platform ? PLATFORM_NAMES[platform] : "?" }));
  if (opts.groupSize > 1) lines.push(t(lang, "alert.cardGroup", { lead: opts.lead.num, count: opts.groupSize }));
  lines.push(t(lang, "alert.cardHow", { num: opts.lead.num }));
  return {
    text: lines.join("\n"),
    buttons: [
      { label: t(lang, "alert.buttonConfirm", { num: opts.lead.num }), action: "alert.confirm", payload: String(opts.lead.num) },
      { label: t(lang, "alert.buttonUnsure", { num: opts.lead.num }), action: "alert.unsure", payload: String(opts.lead.num) },
    ],
  };
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
