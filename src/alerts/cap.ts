import { create } from "xmlbuilder2";
import { type Lang, LANGS, t } from "../core/i18n/catalog.js";
import { type AlertKind, alertDigest, messageRef, placeCommitment, type SignedAlert, signedBytes } from "../crypto/canonical.js";
import { verifySignature } from "../crypto/signing.js";
import type { AlertMessage } from "./ledger.js";

/** CAP 1.2's namespace, and the Atom feed that carries one CAP alert per entry. */
export const CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2";
const ATOM_NS = "http://www.w3.org/2005/Atom";
const MSG_TYPE: Record<AlertKind, string> = { alert: "Alert", update: "Update", cancel: "Cancel" };
const KIND_OF: Record<string, AlertKind> = { Alert: "alert", Update: "update", Cancel: "cancel" };
/** CAP requires an area description; this stands for "none given" and reads back as "". */
const NO_AREA = "-";

/** A signed message with what CAP needs besides it. */
export interface CapEntry {
  message: AlertMessage;
  networkId: number;
  alertNum: number;
  publicKey: string;
}

/** CAP date-time: seconds, with an explicit offset (CAP forbids `Z`). */
function capTime(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}+00:00`;
}

function identifier(ref: string): string {
  return `porchlight.${ref}`;
}

const sender = (networkId: number) => `porchlight-network-${networkId}@porchlight.invalid`;

/**
 * The alerts as CAP 1.2: an Atom feed with one `<alert>` per signed message (msgType Alert, Update
 * or Cancel; updates and all-clears reference the original), one `<info>` per language, and the
 * signature with what it covers in `<parameter>`s, so `porchlight verify` can check it offline.
 * Only the coarse area is exported, never an exact address nor anything it could be guessed from:
 * the place commitment is salted, and the salt stays in the store.
 */
export function capFeed(entries: CapEntry[], generatedAt: number): string {
  const feed = create({ version: "1.0", encoding: "UTF-8" }).ele(ATOM_NS, "feed");
  feed.ele(ATOM_NS, "id").txt("urn:porchlight:alerts").up();
  feed.ele(ATOM_NS, "title").txt("Porchlight verified alerts").up();
  feed.ele(ATOM_NS, "updated").txt(new Date(generatedAt).toISOString()).up();
  for (const e of entries) {
    const m = e.message;
    const ref = messageRef(e.networkId, e.alertNum, m.seq);
    const entry = feed.ele(ATOM_NS, "entry");
    entry.ele(ATOM_NS, "id").txt(`urn:porchlight:${ref}`).up();
    entry.ele(ATOM_NS, "title").txt(`${MSG_TYPE[m.kind]} ${ref}`).up();
    entry.ele(ATOM_NS, "updated").txt(new Date(m.issuedAt).toISOString()).up();
    const alert = entry.ele(ATOM_NS, "content").att("type", "text/xml").ele(CAP_NS, "alert");
    const el = (parent: typeof alert, name: string, text: string) => parent.ele(CAP_NS, name).txt(text).up();
    el(alert, "identifier", identifier(ref));
    el(alert, "sender", sender(e.networkId));
    el(alert, "sent", capTime(m.issuedAt));
    el(alert, "status", "Actual");
    el(alert, "msgType", MSG_TYPE[m.kind]);
    el(alert, "scope", "Public");
    if (m.seq > 0) {
      const original = messageRef(e.networkId, e.alertNum, 0);
      el(alert, "references", `${sender(e.networkId)},${identifier(original)},${capTime(m.reportedAt)}`);
    }
    for (const lang of LANGS) {
      const info = alert.ele(CAP_NS, "info");
      el(info, "language", lang === "es" ? "es-US" : "en-US");
      el(info, "category", "Safety");
      el(info, "event", t(lang, m.kind === "cancel" ? "alert.kind.cancel" : "alert.kind.alert"));
      el(info, "urgency", m.kind === "cancel" ? "Past" : "Immediate");
      el(info, "severity", m.kind === "cancel" ? "Minor" : "Severe");
      el(info, "certainty", "Observed");
      el(info, "expires", capTime(m.expiresAt));
      el(info, "senderName", m.networkName);
      el(info, "headline", headline(m, e.alertNum, lang));
      el(info, "description", description(m.text, m.what ?? "", m.size ?? "", lang));
      if (m.kind !== "cancel") el(info, "instruction", t(lang, "alert.bcInstruction"));
      const param = (name: string, value: string) => info.ele(CAP_NS, "parameter").ele(CAP_NS, "valueName").txt(name).up().ele(CAP_NS, "value").txt(value).up().up();
      param("porchlight-signature", m.signature);
      param("porchlight-public-key", e.publicKey);
      if (m.what) param("porchlight-what", m.what);
      if (m.size) param("porchlight-size", m.size);
      param("porchlight-place-commitment", placeCommitment(m.place, m.placeSalt));
      param("porchlight-reported", String(Math.floor(m.reportedAt / 1000)));
      if (m.onscene) param("porchlight-onscene", "yes");
      info.ele(CAP_NS, "area").ele(CAP_NS, "areaDesc").txt(m.area || NO_AREA).up().up();
    }
  }
  return feed.end({ prettyPrint: true });
}

/** The description: the report's text, then each given field on its own labelled line ("How many: 6"). */
function description(text: string, what: string, size: string, lang: Lang): string {
  return [text, ...fieldLines(what, size, lang)].join("\n");
}

function fieldLines(what: string, size: string, lang: Lang): string[] {
  return [...(what ? [t(lang, "alert.bcSeen", { what })] : []), ...(size ? [t(lang, "alert.bcSize", { size })] : [])];
}

function headline(m: AlertMessage, num: number, lang: Lang): string {
  const key = m.kind === "alert" ? "alert.bcHeader" : m.kind === "update" ? "alert.bcUpdateHeader" : "alert.bcAllclearHeader";
  // CAP headlines are plain: drop the emoji marker the chat message starts with.
  return t(lang, key, { num, network: m.networkName }).replace(/^\P{L}+/u, "");
}

/** One alert of a CAP file, checked. */
export interface CapVerdict {
  identifier: string;
  msgType: string;
  genuine: boolean;
}

type El = { getElementsByTagNameNS(ns: string, name: string): ArrayLike<El>; textContent: string | null };

/**
 * Check every CAP alert in an XML document against a public key, offline: the signed form is
 * rebuilt from what the document says (identifier, msgType, sent, expires, description, area,
 * references and the signed parameters), so a changed word, area or time fails.
 */
export function verifyCapDocument(xml: string, publicKey: string): CapVerdict[] {
  const root = create(xml).root().node as unknown as El;
  const alerts = Array.from(root.getElementsByTagNameNS(CAP_NS, "alert"));
  return alerts.map((alert) => {
    const text = (parent: El, name: string) => parent.getElementsByTagNameNS(CAP_NS, name)[0]?.textContent?.trim() ?? "";
    const id = text(alert, "identifier");
    const msgType = text(alert, "msgType");
    const info = alert.getElementsByTagNameNS(CAP_NS, "info")[0];
    const m = /^porchlight\.(\d+)\.(\d+)\.(\d+)$/.exec(id);
    const kind = KIND_OF[msgType];
    if (!info || !m || !kind) return { identifier: id, msgType, genuine: false };
    const params = new Map<string, string>();
    for (const p of Array.from(info.getElementsByTagNameNS(CAP_NS, "parameter"))) params.set(text(p, "valueName"), text(p, "value"));
    const [network, alertNum, seq] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const area = text(info, "areaDesc");
    const what = params.get("porchlight-what") ?? "";
    const size = params.get("porchlight-size") ?? "";
    const lang: Lang = text(info, "language").startsWith("es") ? "es" : "en";
    // Descriptions keep their inner text exactly: only the XML indentation around it is trimmed.
    const desc = info.getElementsByTagNameNS(CAP_NS, "description")[0]?.textContent ?? "";
    const suffix = fieldLines(what, size, lang).map((line) => `\n${line}`).join("");
    if (!desc.endsWith(suffix)) return { identifier: id, msgType, genuine: false };
    const signed: SignedAlert = {
      network,
      alert: alertNum,
      seq,
      kind,
      text: desc.slice(0, desc.length - suffix.length),
      what,
      size,
      area: area === NO_AREA ? "" : area,
      placeCommitment: params.get("porchlight-place-commitment") ?? "",
      reportedAt: Number(params.get("porchlight-reported") ?? Number.NaN) * 1000,
      issuedAt: Date.parse(text(alert, "sent")),
      expiresAt: Date.parse(text(info, "expires")),
      ref: seq === 0 ? "" : messageRef(network, alertNum, 0),
      onscene: params.get("porchlight-onscene") === "yes",
    };
    const genuine = verifySignature(publicKey, signedBytes(alertDigest(signed)), params.get("porchlight-signature") ?? "");
    return { identifier: id, msgType, genuine };
  });
}

