import type { Database } from "better-sqlite3-multiple-ciphers";
import type { Lang } from "../core/i18n/catalog.js";
import type { Network, Networks } from "../core/network/networks.js";
import type { Capabilities, ChatRef, Platform } from "../core/port.js";
import { parseChatRef } from "../core/port.js";
import type { Outbox } from "../delivery/outbox.js";
import { type AlertKind, canonicalForm, messageRef, placeDigest, signatureCode } from "../crypto/canonical.js";
import { signWith } from "../crypto/signing.js";
import { SigningKeys } from "./keys.js";
import { type AlertMessage, AlertLedger } from "./ledger.js";
import { coarsenPlace } from "./place.js";
import { broadcastText, type Mark, markedText } from "./render.js";
import type { Alert } from "./store.js";

/** What broadcasting needs from the core; CoreServices provides all of it. */
export interface BroadcastDeps {
  db: Database;
  networks: Networks;
  outbox: Outbox;
  defaultLang: Lang;
  capabilitiesOf(chat: ChatRef): Capabilities | null;
}

/** What one broadcast queued. */
export interface Broadcast {
  message: AlertMessage;
  chats: number;
  platforms: Set<Platform>;
}

/** The outbox key of a signed message's copy for one chat: the same message is queued once per chat, ever. */
export function deliveryKey(messageId: number, chat: ChatRef): string {
  return `alert:${messageId}:${chat}`;
}

/**
 * Sign one message of an alert and queue it for every chat linked to the network, on every
 * platform, each in its language and with the exact place only where the chat is end-to-end
 * encrypted. The signed message, one delivery record and one outbox row per chat are written in
 * the caller's transaction: either all of them exist or none does.
 */
export function broadcast(
  deps: BroadcastDeps,
  input: { network: Network; lead: Alert; kind: AlertKind; text: string; place: string | null; expiresAt: number; now: number },
): Broadcast {
  const { network, lead, now } = input;
  const ledger = new AlertLedger(deps.db);
  const key = new SigningKeys(deps.db).ensure(network.id, now);
  const seq = ledger.nextSeq(lead.id);
  const area = input.place ? coarsenPlace(input.place) : "";
  const ref = messageRef(network.id, lead.num, seq);
  const signed = {
    network: network.id,
    alert: lead.num,
    seq,
    kind: input.kind,
    text: input.text,
    area,
    placeDigest: placeDigest(input.place),
    reportedAt: lead.createdAt,
    issuedAt: now,
    expiresAt: input.expiresAt,
    ref: seq === 0 ? "" : messageRef(network.id, lead.num, 0),
  };
  const signature = signWith(key.privateKey!, canonicalForm(signed));
  const message = ledger.insert({
    alertId: lead.id,
    seq,
    kind: input.kind,
    networkName: network.name,
    tz: network.tz,
    text: input.text,
    area,
    place: input.place,
    reportedAt: lead.createdAt,
    issuedAt: now,
    expiresAt: input.expiresAt,
    keyId: key.id,
    signature,
    code: signatureCode(ref, signature),
  });
  const platforms = new Set<Platform>();
  const chats = deps.networks.chatsOf(network.id);
  for (const chat of chats) {
    const e2ee = deps.capabilitiesOf(chat.ref)?.e2ee ?? false;
    const lang = chat.lang ?? deps.defaultLang;
    const outboxKey = deliveryKey(message.id, chat.ref);
    const text = broadcastText({ message, num: lead.num }, lang, e2ee);
    if (deps.outbox.enqueue({ key: outboxKey, target: { kind: "chat", chat: chat.ref }, msg: { text } }, now)) {
      platforms.add(parseChatRef(chat.ref).platform);
    }
    ledger.addDelivery(message.id, chat.ref, outboxKey, e2ee, lang);
  }
  return { message, chats: chats.length, platforms };
}

/**
 * Put a mark (updated, all clear, expired) on top of the original broadcast in every chat that
 * got it, where the platform can edit. Queued through the outbox after the original, so a chat
 * whose original is still waiting gets it first.
 */
export function markOriginal(deps: BroadcastDeps, lead: Alert, mark: Mark, now: number): Set<Platform> {
  const ledger = new AlertLedger(deps.db);
  const original = ledger.bySeq(lead.id, 0);
  const platforms = new Set<Platform>();
  if (!original) return platforms;
  for (const d of ledger.deliveries(original.id)) {
    if (!deps.capabilitiesOf(d.chat)?.edits) continue;
    const text = markedText({ message: original, num: lead.num }, d.lang, d.e2ee, mark);
    const queued = deps.outbox.enqueue(
      { key: `alert-mark:${original.id}:${d.chat}:${mark}`, target: { kind: "chat", chat: d.chat }, msg: { text }, editOf: d.outboxKey },
      now,
    );
    if (queued) platforms.add(d.platform);
  }
  return platforms;
}
