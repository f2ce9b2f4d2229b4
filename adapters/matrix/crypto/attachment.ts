import { Attachment, initAsync } from "@matrix-org/matrix-sdk-crypto-wasm";
import { AdapterError } from "../../../src/core/port.js";

/** A file encrypted for an encrypted room: the ciphertext to upload and the EncryptedFile fields (no url yet). */
export interface EncryptedUpload {
  ciphertext: Buffer;
  /** `v`, `key` (a JWK), `iv` and `hashes` of the spec's EncryptedFile: secret, like a room key. */
  keyInfo: Record<string, unknown>;
}

/**
 * Encrypt a file for an encrypted room (AES-CTR with a fresh key, as the spec's attachments are),
 * with the Rust crypto library. The key travels only inside the Megolm-encrypted event.
 */
export async function encryptAttachment(bytes: Uint8Array): Promise<EncryptedUpload> {
  await initAsync();
  const encrypted = Attachment.encrypt(bytes);
  try {
    const info = encrypted.mediaEncryptionInfo;
    if (!info) throw new AdapterError("REJECTED", "matrix: the picture could not be encrypted");
    return { ciphertext: Buffer.from(encrypted.encryptedData), keyInfo: JSON.parse(info) as Record<string, unknown> };
  } finally {
    encrypted.free();
  }
}
