import { createHash } from "node:crypto";

/** What a broadcast says, in the form that is signed. */
export type AlertKind = "alert" | "update" | "cancel";

/**
 * The signed fields of one broadcast message: network, alert number and message sequence (0 the
 * alert, then updates and the all-clear), kind, text, the coarse area, a digest of the exact
 * place (which only encrypted chats show), the times, and the message it refers to.
 */
export interface SignedAlert {
  network: number;
  alert: number;
  seq: number;
  kind: AlertKind;
  text: string;
  area: string;
  /** SHA-256 hex of the exact place, or "" when there is none. */
  placeDigest: string;
  reportedAt: number;
  issuedAt: number;
  expiresAt: number;
  /** The code-less reference `network.alert.0` of the original, for updates and all-clears; "" otherwise. */
  ref: string;
}

const FORMAT = "porchlight-alert/1";

/**
 * The exact bytes that are signed: a JSON array in a fixed order, so there is one encoding of
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
    a.area.normalize("NFC"),
    a.placeDigest,
    Math.floor(a.reportedAt / 1000),
    Math.floor(a.issuedAt / 1000),
    Math.floor(a.expiresAt / 1000),
    a.ref,
  ]);
}

/** SHA-256 hex of an exact place, for the signed form; "" for none. */
export function placeDigest(place: string | null): string {
  return place ? createHash("sha256").update(place.normalize("NFC"), "utf8").digest("hex") : "";
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
