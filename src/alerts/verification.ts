import type { Database } from "better-sqlite3-multiple-ciphers";
import { LANGS, t } from "../core/i18n/catalog.js";
import { alertDigest, parseSignatureCode, placeCommitment, type SignedAlert, signedBytes, messageRef } from "../crypto/canonical.js";
import { fingerprint, verifySignature } from "../crypto/signing.js";
import { type SigningKey, SigningKeys } from "./keys.js";
import { type AlertMessage, AlertLedger } from "./ledger.js";
import { findHiddenCharacter, findLookalike, normaliseForSignature, splitFirstLine, textSignedBytes } from "./pasted.js";
import { broadcastText, MARKS, readVariant, SLASH } from "./render.js";
import { type AlertSeal, AlertSeals } from "./seals.js";

/** Where an alert stands now, from its signed messages. */
export type AlertStatus =
  | { kind: "active"; until: number }
  | { kind: "updated"; at: number; text: string | null; until: number }
  | { kind: "allclear"; at: number }
  | { kind: "expired"; at: number };

/** How a pasted text compared with what was signed. */
export type TextCheck =
  | { kind: "code" }
  | { kind: "match"; exact: boolean; marked: boolean }
  | { kind: "changed"; word: string }
  | { kind: "lookalike"; word: string; letter: string; codePoint: string }
  | { kind: "hidden"; word: string; codePoint: string }
  | { kind: "purgedMismatch" };

/** What checking a code or a pasted alert found. */
export type Verdict =
  | { kind: "noCode" }
  | { kind: "malformed"; typed: string }
  | { kind: "unknown"; code: string }
  | {
      kind: "found";
      code: string;
      check: TextCheck;
      seal: AlertSeal;
      /** The stored message, or null once the alert was purged. */
      message: AlertMessage | null;
      key: SigningKey;
      fingerprint: string;
      status: AlertStatus;
    };

/** A signature code anywhere in a text: any case, dashes as phones type them, spaces around the dots. */
const CODE_IN_TEXT = /(?<![\d.])(\d{1,9})\s?\.\s?(\d{1,9})\s?\.\s?(\d{1,4})\s?[-‐‑‒–—]\s?([A-Za-z0-9]{10})(?![A-Za-z0-9])/u;
/** Something typed as a code that is not one (too short, a letter from another script, a part missing). */
const CODE_ATTEMPT = /\d{1,9}\.\d{1,9}(?:\.\d{0,4})?\s?[-‐‑‒–—]\s?[\p{L}\p{N}]*|\d{1,9}\.\d{1,9}\.\d{1,4}/u;
/** Words left beside a code that still make it a code alone, and how many of them at most. */
const WORDS_BESIDE_CODE = new Set(
  ("signature code check with verify please is this real alert the a of it " +
    "firma codigo compruebala comprueba con verificar verifica por favor es esto esta real alerta la el de").split(" "),
);
const MAX_WORDS_BESIDE_CODE = 6;

/** Whether a text carries an alert's signature code, as a pasted or forwarded alert does. */
export function hasSignatureCode(text: string): boolean {
  return CODE_IN_TEXT.test(text.normalize("NFKC"));
}

/** The fields a stored message was signed over. */
export function signedFieldsOf(message: AlertMessage, network: number, alertNum: number): SignedAlert {
  return {
    network,
    alert: alertNum,
    seq: message.seq,
    kind: message.kind,
    text: message.text,
    what: message.what ?? "",
    size: message.size ?? "",
    area: message.area,
    placeCommitment: placeCommitment(message.place, message.placeSalt),
    reportedAt: message.reportedAt,
    issuedAt: message.issuedAt,
    expiresAt: message.expiresAt,
    ref: message.seq === 0 ? "" : messageRef(network, alertNum, 0),
    onscene: message.onscene,
  };
}

/** Where the alert stands at `now`: all clear, expired, updated or active, from every message it had. */
export function alertStatus(seals: AlertSeal[], latestUpdateText: string | null, now: number): AlertStatus {
  const cancel = seals.find((s) => s.kind === "cancel");
  if (cancel) return { kind: "allclear", at: cancel.issuedAt };
  const until = Math.max(...seals.map((s) => s.expiresAt));
  if (until <= now) return { kind: "expired", at: until };
  const updates = seals.filter((s) => s.kind === "update");
  const latest = updates[updates.length - 1];
  if (latest) return { kind: "updated", at: latest.issuedAt, text: latestUpdateText, until };
  return { kind: "active", until };
}

/**
 * Is this alert genuine? `input` is a code alone (with words or punctuation around it), or a whole
 * alert as pasted or forwarded. The code must name a kept seal whose signature checks against the
 * network's key (current or retired); a pasted text must be, word for word, a text the alert was
 * signed in (any language, exact or coarse place, under one of the bot's own marks).
 */
export function verifyAlertText(db: Database, input: string, now: number): Verdict {
  const folded = input.normalize("NFKC");
  const found = CODE_IN_TEXT.exec(folded);
  if (!found) {
    const attempt = CODE_ATTEMPT.exec(folded);
    return attempt ? { kind: "malformed", typed: attempt[0].slice(0, 40) } : { kind: "noCode" };
  }
  const parsed = parseSignatureCode(`${found[1]}.${found[2]}.${found[3]}-${found[4]}`);
  if (!parsed) return { kind: "noCode" };
  const { code } = parsed;
  const seals = new AlertSeals(db);
  const seal = seals.byCode(code);
  if (!seal || seal.networkId !== parsed.network || seal.alertNum !== parsed.alert || seal.seq !== parsed.seq) return { kind: "unknown", code };
  const key = new SigningKeys(db).byId(seal.keyId);
  if (!key || key.networkId !== seal.networkId || !verifySignature(key.publicKey, signedBytes(seal.digest), seal.signature)) {
    return { kind: "unknown", code };
  }
  let message = new AlertLedger(db).byCode(code);
  // A stored text that no longer hashes to what was signed is not vouched for.
  if (message && alertDigest(signedFieldsOf(message, seal.networkId, seal.alertNum)) !== seal.digest) message = null;
  const family = seals.ofAlert(seal.origin);
  const latestUpdate = family.filter((s) => s.kind === "update").pop();
  const updateText = latestUpdate ? (new AlertLedger(db).byCode(latestUpdate.code)?.text ?? null) : null;
  const status = alertStatus(family, updateText, now);
  const check = codeAlone(folded, found[0]) ? ({ kind: "code" } as const) : compareText(input, seal, message, key);
  return { kind: "found", code, check, seal, message, key, fingerprint: fingerprint(key.publicKey), status };
}

/**
 * Whether the input is a code with only words people put around a code ("Signature:", "please",
 * "is this real?", "check with /verify"), rather than a text to compare. Any other word makes it a
 * pasted text, so "ICE at the school 1.4.0-…" is compared (and refused), never answered as a code.
 */
function codeAlone(input: string, codeText: string): boolean {
  if (/\n/.test(input.trim())) return false;
  const rest = input.split(codeText).join(" ");
  const words = (rest.match(/\p{L}+/gu) ?? []).map((w) => w.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase());
  return words.length <= MAX_WORDS_BESIDE_CODE && words.every((w) => WORDS_BESIDE_CODE.has(w));
}

/** The lines the bot itself puts on top of an original it edits, in every language. */
function markLines(num: number): Set<string> {
  return new Set(LANGS.flatMap((lang) => MARKS.map((mark) => normaliseForSignature(t(lang, mark, { num })))));
}

/** Compare a pasted alert with every text its message was signed in. */
function compareText(input: string, seal: AlertSeal, message: AlertMessage | null, key: SigningKey): TextCheck {
  const sigs = message ? message.textSigs : seal.textSigs;
  const { first, rest } = splitFirstLine(input);
  const candidates: { text: string; marked: boolean }[] = [{ text: input, marked: false }];
  if (rest && markLines(seal.alertNum).has(normaliseForSignature(first))) candidates.push({ text: rest, marked: true });
  let match: TextCheck | null = null;
  for (const c of candidates) {
    for (const [variant, sig] of Object.entries(sigs)) {
      if (verifySignature(key.publicKey, textSignedBytes(c.text), sig)) match = { kind: "match", exact: variant.endsWith("+exact"), marked: c.marked };
    }
  }
  const hidden = findHiddenCharacter(input);
  if (hidden) return { kind: "hidden", ...hidden };
  if (match) return match;
  const lookalike = findLookalike(input);
  if (lookalike) return { kind: "lookalike", ...lookalike };
  if (!message) return { kind: "purgedMismatch" };
  return { kind: "changed", word: firstDifference(candidates[candidates.length - 1]!.text, message, seal.alertNum) };
}

/** The first word of the pasted text that differs from the closest text that was signed. */
function firstDifference(pasted: string, message: AlertMessage, num: number): string {
  const words = normaliseForSignature(pasted).split(" ");
  let best = { at: -1, word: "" };
  const variants = Object.keys(message.textSigs).flatMap((key) => readVariant(key) ?? []);
  for (const lang of LANGS) {
    for (const exact of [false, true]) {
      for (const prefix of new Set([SLASH, ...variants.map((v) => v.prefix)])) {
        const signed = normaliseForSignature(broadcastText({ message, num }, lang, exact, prefix)).split(" ");
        let at = 0;
        while (at < words.length && at < signed.length && words[at] === signed[at]) at++;
        // Only the reader's own words are echoed: a signed word could be the exact place.
        if (at > best.at) best = { at, word: words[at] ?? "…" };
      }
    }
  }
  return best.word.slice(0, 40);
}
