import type { Database } from "better-sqlite3-multiple-ciphers";
import { LANGS } from "../core/i18n/catalog.js";
import { canonicalForm, messageRef, parseSignatureCode, placeDigest } from "../crypto/canonical.js";
import { fingerprint, verifySignature } from "../crypto/signing.js";
import { SigningKeys } from "./keys.js";
import { type AlertMessage, AlertLedger } from "./ledger.js";
import { broadcastText, MARKS, markedText } from "./render.js";
import { AlertStore } from "./store.js";

/** What checking a code or a pasted alert found. */
export type Verdict =
  | { kind: "noCode" }
  | { kind: "unknown"; code: string }
  | { kind: "tampered"; code: string }
  | { kind: "genuine"; code: string; num: number; message: AlertMessage; fingerprint: string; retired: boolean };

/** A signature code anywhere in a text. */
const CODE_IN_TEXT = /\b\d{1,9}\.\d{1,9}\.\d{1,4}-[A-Za-z0-9]{10}\b/;

/** Whether a text carries an alert's signature code, as a pasted or forwarded alert does. */
export function hasSignatureCode(text: string): boolean {
  return CODE_IN_TEXT.test(text);
}

/**
 * Whitespace and composition as platforms and copy-paste leave them, and the backslashes a
 * markdown platform's raw copy keeps (Discord's "Copy Text" of an escaped `\[`): they change
 * nothing a reader sees.
 */
function normalise(text: string): string {
  return text
    .normalize("NFC")
    .replace(/\\([^\p{L}\p{N}\s])/gu, "$1")
    .replace(/\s+/g, " ")
    .trim();
}

/** The fields a stored message was signed over. */
export function signedFieldsOf(message: AlertMessage, network: number, alertNum: number) {
  return {
    network,
    alert: alertNum,
    seq: message.seq,
    kind: message.kind,
    text: message.text,
    area: message.area,
    placeDigest: placeDigest(message.place),
    reportedAt: message.reportedAt,
    issuedAt: message.issuedAt,
    expiresAt: message.expiresAt,
    ref: message.seq === 0 ? "" : messageRef(network, alertNum, 0),
  };
}

/**
 * Is this alert genuine? `input` is a code alone, or a whole alert as pasted. The code must name
 * a stored message whose signature checks against the network's key (current or retired); a
 * pasted text must also be exactly what some chat was sent (any language, exact or coarse place,
 * with or without a later mark), so changed wording, places or times are caught.
 */
export function verifyAlertText(db: Database, input: string): Verdict {
  const found = CODE_IN_TEXT.exec(input);
  const parsed = found ? parseSignatureCode(found[0]) : null;
  if (!parsed) return { kind: "noCode" };
  const { code } = parsed;
  const report = new AlertStore(db).byNum(parsed.network, parsed.alert);
  const message = report && report.groupOf === null ? new AlertLedger(db).bySeq(report.id, parsed.seq) : null;
  if (!report || !message || message.code !== code) return { kind: "unknown", code };
  const key = new SigningKeys(db).byId(message.keyId);
  const data = canonicalForm(signedFieldsOf(message, parsed.network, parsed.alert));
  if (!key || key.networkId !== parsed.network || !verifySignature(key.publicKey, data, message.signature)) return { kind: "unknown", code };
  if (normalise(input) !== code) {
    const view = { message, num: report.num };
    const pasted = normalise(input);
    const variants = LANGS.flatMap((lang) =>
      [true, false].flatMap((exact) => [broadcastText(view, lang, exact), ...MARKS.map((mark) => markedText(view, lang, exact, mark))]),
    );
    if (!variants.some((v) => normalise(v) === pasted)) return { kind: "tampered", code };
  }
  return { kind: "genuine", code, num: report.num, message, fingerprint: fingerprint(key.publicKey), retired: key.retiredAt !== null };
}
