import type { Database } from "better-sqlite3-multiple-ciphers";
import { type Lang, LANGS } from "../core/i18n/catalog.js";
import type { Network, Networks } from "../core/network/networks.js";
import { Zones } from "../core/network/zones.js";
import type { People } from "../core/people.js";
import type { Capabilities, ChatRef, Platform } from "../core/port.js";
import { parseChatRef } from "../core/port.js";
import type { Outbox } from "../delivery/outbox.js";
import { type AlertKind, alertDigest, messageRef, newPlaceSalt, placeCommitment, signatureCode, signedBytes } from "../crypto/canonical.js";
import { signWith } from "../crypto/signing.js";
import { SigningKeys } from "./keys.js";
import { type AlertMessage, AlertLedger } from "./ledger.js";
import { coarsenPlace } from "./place.js";
import { textSignedBytes } from "./pasted.js";
import { commandPrefixOf } from "../core/commands/command-refs.js";
import { queuePrivateCopies } from "./private-copies.js";
import { broadcastText, type Mark, markedText, SLASH, sealedText, variantKey } from "./render.js";
import { AlertSeals } from "./seals.js";
import { type Alert, AlertStore } from "./store.js";
import { AlertTargets } from "./targets.js";

/** What broadcasting needs from the core; CoreServices provides all of it. */
export interface BroadcastDeps {
  db: Database;
  networks: Networks;
  people: People;
  outbox: Outbox;
  defaultLang: Lang;
  capabilitiesOf(chat: ChatRef): Capabilities | null;
}

/** What one broadcast queued. */
export interface Broadcast {
  message: AlertMessage;
  chats: number;
  /** Subscribers it was queued for privately. Never shown to anyone: it would tell who watches a zone. */
  people: number;
  /** The zone it went to; null when it went to the whole network. */
  zoneId: number | null;
  platforms: Set<Platform>;
}

/**
 * The outbox key of a signed message's copy for one chat: the same message is queued once per
 * chat, ever. Keyed by the signature code, which is never reused, unlike row ids after a purge
 * (a reused key would make the outbox, and platforms' idempotency, drop a new alert as a repeat).
 */
export function deliveryKey(code: string, chat: ChatRef): string {
  return `alert:${code}:${chat}`;
}

/**
 * Sign one message of an alert and queue it for the chats it concerns, on every platform: for an
 * alert in a zone, the chats linked to that zone and the network-wide ones; for any other (or one
 * a verifier widened), every linked chat. Each in its language, with the exact place only where the
 * chat is end-to-end encrypted; then a private copy for each member subscribed to it. The signed message, one delivery record and one outbox row per chat are written in
 * the caller's transaction: either all of them exist or none does.
 */
export function broadcast(
  deps: BroadcastDeps,
  input: {
    network: Network;
    lead: Alert;
    kind: AlertKind;
    text: string;
    what?: string | null;
    size?: string | null;
    place: string | null;
    expiresAt: number;
    now: number;
    /** Confirmed on the scene by a verifier who went (alerts only). */
    onscene?: boolean;
  },
): Broadcast {
  const { network, lead, now } = input;
  const ledger = new AlertLedger(deps.db);
  const key = new SigningKeys(deps.db).ensure(network.id, now);
  const seq = ledger.nextSeq(lead.id);
  const area = input.place ? coarsenPlace(input.place) : "";
  const ref = messageRef(network.id, lead.num, seq);
  const placeSalt = input.place ? newPlaceSalt() : null;
  const what = input.what || null;
  const size = input.size || null;
  const signed = {
    network: network.id,
    alert: lead.num,
    seq,
    kind: input.kind,
    text: input.text,
    what: what ?? "",
    size: size ?? "",
    area,
    placeCommitment: placeCommitment(input.place, placeSalt),
    reportedAt: lead.createdAt,
    issuedAt: now,
    expiresAt: input.expiresAt,
    ref: seq === 0 ? "" : messageRef(network.id, lead.num, 0),
    onscene: input.onscene === true,
  };
  const digest = alertDigest(signed);
  const signature = signWith(key.privateKey!, signedBytes(digest));
  const code = signatureCode(ref, signature);
  const draft = {
    alertId: lead.id,
    seq,
    kind: input.kind,
    networkName: network.name,
    tz: network.tz,
    text: input.text,
    what,
    size,
    area,
    place: input.place,
    placeSalt,
    reportedAt: lead.createdAt,
    issuedAt: now,
    expiresAt: input.expiresAt,
    keyId: key.id,
    signature,
    code,
    textSigs: {} as Record<string, string>,
    onscene: input.onscene === true,
  };
  // Each text a chat may be sent is signed as shown, so a pasted copy can be checked without the bot:
  // per language, with or without the exact place, and per way of typing commands among the chats.
  const networkChats = deps.networks.chatsOf(network.id);
  const prefixes = new Set([SLASH, ...networkChats.map((chat) => commandPrefixOf(deps.capabilitiesOf(chat.ref)))]);
  for (const lang of LANGS) {
    for (const exact of input.place ? [false, true] : [false]) {
      for (const prefix of prefixes) {
        const text = broadcastText({ message: { ...draft, id: 0 }, num: lead.num }, lang, exact, prefix);
        draft.textSigs[variantKey(lang, exact, prefix)] = signWith(key.privateKey!, textSignedBytes(text));
      }
    }
  }
  const message = ledger.insert(draft);
  const origin = seq === 0 ? code : (ledger.bySeq(lead.id, 0)?.code ?? code);
  // The seal outlives the message: it keeps the signatures of the texts without the exact place.
  const coarseSigs = Object.fromEntries(Object.entries(draft.textSigs).filter(([variant]) => !variant.endsWith("+exact")));
  new AlertSeals(deps.db).insert({
    networkId: network.id,
    origin,
    alertNum: lead.num,
    seq,
    kind: input.kind,
    code,
    networkName: network.name,
    tz: network.tz,
    digest,
    signature,
    keyId: key.id,
    issuedAt: now,
    expiresAt: input.expiresAt,
    textSigs: coarseSigs,
  });
  const platforms = new Set<Platform>();
  const target = new AlertTargets(deps.db).forGroup(lead, new AlertStore(deps.db).group(lead.id));
  const zoneId = target.wide ? null : target.zoneId;
  const chats = new Zones(deps.db, deps.networks).chatsFor(network.id, zoneId);
  // A few variants (language, encrypted or not, way of typing commands) for any number of chats: each
  // rendered once, so a broadcast to hundreds of chats commits, and starts sending, without
  // rendering hundreds of texts.
  const variants = new Map<string, string>();
  for (const chat of chats) {
    const caps = deps.capabilitiesOf(chat.ref);
    const e2ee = caps?.e2ee ?? false;
    const prefix = commandPrefixOf(caps);
    const lang = chat.lang ?? deps.defaultLang;
    const outboxKey = deliveryKey(message.code, chat.ref);
    const exact = e2ee && input.place !== null;
    const variant = `${lang}:${e2ee}:${prefix}`;
    let text = variants.get(variant);
    if (text === undefined) {
      text = sealedText(broadcastText({ message, num: lead.num }, lang, e2ee, prefix), message.textSigs[variantKey(lang, exact, prefix)]);
      variants.set(variant, text);
    }
    // Verbatim: the text is signed as shown, so no platform may rewrite it (not even its command hints).
    if (deps.outbox.enqueue({ key: outboxKey, target: { kind: "chat", chat: chat.ref }, msg: { text, verbatim: true } }, now)) {
      platforms.add(parseChatRef(chat.ref).platform);
    }
    ledger.addDelivery(message.id, chat.ref, outboxKey, e2ee, lang);
  }
  const copies = queuePrivateCopies(deps, { message, num: lead.num, networkId: network.id, zoneId, now });
  for (const p of copies.platforms) platforms.add(p);
  return { message, chats: chats.length, people: copies.people, zoneId, platforms };
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
    const caps = deps.capabilitiesOf(d.chat);
    if (!caps?.edits) continue;
    const text = markedText({ message: original, num: lead.num }, d.lang, d.e2ee, mark, commandPrefixOf(caps));
    const queued = deps.outbox.enqueue(
      { key: `alert-mark:${original.code}:${d.chat}:${mark}`, target: { kind: "chat", chat: d.chat }, msg: { text, verbatim: true }, editOf: d.outboxKey },
      now,
    );
    if (queued) platforms.add(d.platform);
  }
  return platforms;
}
