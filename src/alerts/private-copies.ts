import type { Database } from "better-sqlite3-multiple-ciphers";
import { commandPrefixOf } from "../core/commands/command-refs.js";
import { type Lang, t } from "../core/i18n/catalog.js";
import type { People } from "../core/people.js";
import type { Capabilities, ChatRef, Platform } from "../core/port.js";
import { queueDirect, type Outbox } from "../delivery/outbox.js";
import { sql } from "../store/statements.js";
import type { AlertMessage } from "./ledger.js";
import { broadcastText, SLASH, sealedText, variantKey } from "./render.js";
import { AlertSubscriptions } from "./subscriptions.js";

/**
 * The outbox key of a signed message's private copy for one subscriber: once per person, ever. Its
 * own prefix, so the delivery layer can tell private copies (bulk) from a broadcast to groups.
 */
export function privateCopyKey(code: string, personId: number): string {
  return `alert-dm:${code}:p${personId}`;
}

/**
 * How the private copies of one signed message stand, counted from the outbox: never who got them.
 * Copies pruned from the outbox after delivery are no longer counted.
 */
export function privateCopyCounts(db: Database, code: string): { total: number; sent: number; waiting: number; failed: number } {
  const rows = sql(db, "SELECT status, COUNT(*) AS n FROM outbox WHERE key LIKE ? GROUP BY status").all(`alert-dm:${code}:%`) as {
    status: string;
    n: number;
  }[];
  const count = (pred: (s: string) => boolean) => rows.filter((r) => pred(r.status)).reduce((sum, r) => sum + r.n, 0);
  return {
    total: count(() => true),
    sent: count((s) => s === "sent"),
    waiting: count((s) => s === "pending" || s === "sending" || s === "held"),
    failed: count((s) => s === "failed"),
  };
}

/**
 * Queue a signed message privately for each member subscribed to its zone (or to every zone; for
 * an alert of the whole network, every subscriber), each in the language they read privately. The
 * copy is word for word the text a plain chat gets, with the same signature code and text
 * signature, so `/verify` and the verifier page check it the same way. The place follows the rule
 * of chats: exact only where the person's private chat is end-to-end encrypted (a Matrix direct
 * room may be), which is known only for the private chat they subscribed from; anywhere else,
 * and on platforms whose private chats are not encrypted, the street only.
 *
 * Queued after the chats' copies in the same transaction, so on each platform a broadcast's group
 * messages leave before its private copies. No copy names a chat to fall back to: a notice there
 * would tell the group who subscribed.
 */
export function queuePrivateCopies(
  deps: { db: Database; people: People; outbox: Outbox; defaultLang: Lang; capabilitiesOf(chat: ChatRef): Capabilities | null },
  input: { message: AlertMessage; num: number; networkId: number; zoneId: number | null; now: number },
): { people: number; platforms: Set<Platform> } {
  const platforms = new Set<Platform>();
  let people = 0;
  const { message, num } = input;
  for (const { personId, dmChat } of new AlertSubscriptions(deps.db).recipients(input.networkId, input.zoneId)) {
    const person = deps.people.byId(personId);
    if (!person) continue;
    // The private chat must be this person's on their platform, and encrypted now.
    const ownChat = dmChat?.startsWith(`${person.platform}:`) ? dmChat : null;
    const e2ee = ownChat !== null && deps.capabilitiesOf(ownChat)?.e2ee === true;
    const exact = e2ee && message.place !== null;
    // Commands as that platform types them (`!pl verify` on Matrix), where that variant was signed.
    const typed = commandPrefixOf(ownChat ? deps.capabilitiesOf(ownChat) : null);
    const render = (lang: Lang) => {
      const prefix = message.textSigs[variantKey(lang, exact, typed)] ? typed : SLASH;
      return { text: sealedText(broadcastText({ message, num }, lang, e2ee, prefix), message.textSigs[variantKey(lang, exact, prefix)]), verbatim: true };
    };
    if (queueDirect(deps.outbox, person, deps.defaultLang, { key: privateCopyKey(message.code, person.id), render }, input.now)) {
      platforms.add(person.platform);
      people++;
    }
  }
  return { people, platforms };
}

/**
 * Who was queued a private copy of any of these signed messages and did not fail: read from the
 * outbox keys (`alert-dm:CODE:pN`), the only record of it. A copy pruned from the outbox (after
 * `retention.deliveryDays`) is no longer known, so its person is not told: nobody is ever told of
 * an alert they were not sent.
 */
export function privateCopyHolders(db: Database, codes: readonly string[]): number[] {
  const people = new Set<number>();
  for (const code of codes) {
    const rows = sql(db, "SELECT key FROM outbox WHERE key LIKE ? AND status <> 'failed'").all(`alert-dm:${code}:p%`) as { key: string }[];
    for (const { key } of rows) {
      const id = Number(key.slice(key.lastIndexOf(":p") + 2));
      if (Number.isInteger(id) && id > 0) people.add(id);
    }
  }
  return [...people].sort((a, b) => a - b);
}

/**
 * An alert ended by its time: tell each person who got it privately, once, in the language they
 * read privately, through the outbox like every other private message. Not signed: it claims
 * nothing new, and a forged one could only say an alert is over, which its own "valid until" says.
 * Its key has its own prefix, so the counts of private copies stay the copies'.
 */
export function queuePrivateExpiry(
  deps: { db: Database; people: People; outbox: Outbox; defaultLang: Lang },
  input: { messages: readonly AlertMessage[]; num: number; now: number },
): Set<Platform> {
  const platforms = new Set<Platform>();
  const first = input.messages[0];
  if (!first) return platforms;
  for (const personId of privateCopyHolders(deps.db, input.messages.map((m) => m.code))) {
    const person = deps.people.byId(personId);
    if (!person) continue;
    const render = (lang: Lang) => t(lang, "alert.privateExpired", { num: input.num, network: first.networkName });
    if (queueDirect(deps.outbox, person, deps.defaultLang, { key: `alert-end:${first.code}:p${person.id}`, render }, input.now)) platforms.add(person.platform);
  }
  return platforms;
}
