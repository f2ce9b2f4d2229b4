import { createHash, createHmac, randomBytes } from "node:crypto";

/** What a broadcast says, in the form that is signed. */
export type AlertKind = "alert" | "update" | "cancel";

/**
 * The signed fields of one broadcast message: network, alert number and message sequence (0 the
 * alert, then updates and the all-clear), kind, text, the coarse area, a salted commitment to the
 * exact place (which only encrypted chats show), the times, and the message it refers to.
 */
export interface SignedAlert {
  network: number;
  alert: number;
  seq: number;
  kind: AlertKind;
  text: string;
  /** What was seen and how many, "" when not given. */
  what: string;
  size: string;
  area: string;
  /**
   * HMAC-SHA-256 of the exact place under a random per-message salt (see `placeCommitment`), or ""
   * when there is none. Without the salt, which never leaves the store and is erased with the
   * place, it tells nothing about the address: an unsalted hash of "N + street" is found in milliseconds.
   */
  placeCommitment: string;
  reportedAt: number;
  issuedAt: number;
  expiresAt: number;
  /** The code-less reference `network.alert.0` of the original, for updates and all-clears; "" otherwise. */
  ref: string;
  /** A verifier who went confirmed it on the scene. Absent (false) in every alert signed before. */
  onscene?: boolean;
}

const FORMAT = "porchlight-alert/2";

/**
 * The fields in one fixed encoding: a JSON array in a fixed order, so there is one encoding of
 * each alert whatever the platform or language it is shown in. Times are whole seconds (CAP's
 * precision), so an exported alert can be checked again.
 */
export function canonicalForm(a: SignedAlert): string {
  return JSON.stringify([
    FORMAT,
    a.network,
    a.alert,
    a.seq,
    a.kind,
    a.text.normalize("NFC"),
    a.what.normalize("NFC"),
    a.size.normalize("NFC"),
    a.area.normalize("NFC"),
    a.placeCommitment,
    Math.floor(a.reportedAt / 1000),
    Math.floor(a.issuedAt / 1000),
    Math.floor(a.expiresAt / 1000),
    a.ref,
    // Only when true, so every alert signed before the field existed keeps its one encoding.
    ...(a.onscene ? ["onscene"] : []),
  ]);
}

/**
 * The digest of an alert's fields (SHA-256 hex of the canonical form). It is what is signed, and
 * what is kept after the alert's text and place are purged, so the signature can still be checked.
 */
export function alertDigest(a: SignedAlert): string {
  return createHash("sha256").update(canonicalForm(a), "utf8").digest("hex");
}

/** The bytes the Ed25519 signature covers: the format and the digest of the fields. */
export function signedBytes(digest: string): string {
  return `${FORMAT}:${digest}`;
}

/** A fresh random salt for one message's place commitment (hex). */
export function newPlaceSalt(): string {
  return randomBytes(16).toString("hex");
}

/** The commitment to an exact place under `salt`; "" when there is no place or no salt. */
export function placeCommitment(place: string | null, salt: string | null): string {
  if (!place || !salt) return "";
  return createHmac("sha256", Buffer.from(salt, "hex")).update(place.normalize("NFC"), "utf8").digest("hex");
}

/** The reference other messages use for an alert: `network.alert.seq`. */
export function messageRef(network: number, alert: number, seq: number): string {
  return `${network}.${alert}.${seq}`;
}

/** Crockford base32 without look-alikes, as invite codes use. */
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789";
const CODE_CHARS = 10;

/**
 * The short signature code shown under every broadcast: the message reference and ten characters
 * drawn from its signature (about 49 bits), e.g. `1.7.0-KQ3M9XW2PA`. `/verify CODE` looks the
 * message up and checks both the characters and the full signature.
 */
export function signatureCode(ref: string, signature: string): string {
  const bytes = Buffer.from(signature, "base64url");
  let out = "";
  for (let i = 0; i < CODE_CHARS; i++) out += CODE_ALPHABET[bytes[i]! % CODE_ALPHABET.length];
  return `${ref}-${out}`;
}

/** Split a typed code into its reference parts; null when it is not shaped like one. */
export function parseSignatureCode(code: string): { network: number; alert: number; seq: number; code: string } | null {
  const m = /^(\d{1,9})\.(\d{1,9})\.(\d{1,4})-([A-Za-z0-9]{10})$/.exec(code.trim());
  if (!m) return null;
  return { network: Number(m[1]), alert: Number(m[2]), seq: Number(m[3]), code: `${m[1]}.${m[2]}.${m[3]}-${m[4]!.toUpperCase()}` };
}
