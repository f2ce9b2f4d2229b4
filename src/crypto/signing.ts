import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from "node:crypto";

/**
 * Ed25519 signing for alerts, on node:crypto alone. Public keys travel as base64url of their raw
 * 32 bytes (what `/network key` shows and `porchlight verify --key` takes); private keys are kept
 * as base64 PKCS#8 DER inside the encrypted store, never in files.
 */

/** A new key pair: the public key as base64url raw bytes, the private key as base64 PKCS#8. */
export function newSigningKeyPair(): { publicKey: string; privateKey: string } {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  return {
    publicKey: publicKey.export({ format: "jwk" }).x as string,
    privateKey: privateKey.export({ format: "der", type: "pkcs8" }).toString("base64"),
  };
}

/** Sign `data` with a stored private key; the signature as base64url (64 bytes). */
export function signWith(privateKey: string, data: string): string {
  const key = createPrivateKey({ key: Buffer.from(privateKey, "base64"), format: "der", type: "pkcs8" });
  return sign(null, Buffer.from(data, "utf8"), key).toString("base64url");
}

/** Read a public key as people paste it: base64url or base64 of the raw 32 bytes. Null when malformed. */
export function parsePublicKey(text: string): KeyObject | null {
  const cleaned = text.trim().replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  if (!/^[A-Za-z0-9_-]{43}$/.test(cleaned)) return null;
  try {
    return createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: cleaned }, format: "jwk" });
  } catch {
    return null;
  }
}

/** Whether `signature` (base64url) is a valid signature of `data` by `publicKey`. Never throws. */
export function verifySignature(publicKey: string | KeyObject, data: string, signature: string): boolean {
  const key = typeof publicKey === "string" ? parsePublicKey(publicKey) : publicKey;
  if (!key || !/^[A-Za-z0-9_-]{86}$/.test(signature)) return false;
  try {
    return verify(null, Buffer.from(data, "utf8"), key, Buffer.from(signature, "base64url"));
  } catch {
    return false;
  }
}

/**
 * A fingerprint people can read aloud and compare: the first 16 bytes of SHA-256 of the raw
 * public key, in groups of four hex digits (`3F2A 9C01 ...`).
 */
export function fingerprint(publicKey: string): string {
  const raw = Buffer.from(publicKey, "base64url");
  const hex = createHash("sha256").update(raw).digest("hex").slice(0, 32).toUpperCase();
  return hex.match(/.{4}/g)!.join(" ");
}
