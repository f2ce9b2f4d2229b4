/**
 * Pure translation of an Outbound picture into Matrix terms: the PNG's facts read from its header,
 * and the m.image content pointing at the uploaded file (plain `url`, or an encrypted `file`).
 */

/** A decoded PNG and what its header says. */
export interface PngImage {
  bytes: Buffer;
  width: number;
  height: number;
}

/** Where the uploaded picture is: a plain content uri, or the EncryptedFile of an encrypted room. */
export type MediaRef = { url: string } | { file: EncryptedFile };

/** The spec's EncryptedFile: the ciphertext's uri and what decrypts and checks it (key, iv, hashes). */
export interface EncryptedFile extends Record<string, unknown> {
  url: string;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** What `body` says when the core gave no words for the picture. */
const FALLBACK_ALT = "Picture";

/**
 * The PNG in `base64`, with its width and height from the IHDR chunk; undefined when it is not a
 * PNG (wrong signature, no IHDR, zero size), so nothing unreadable is ever uploaded.
 */
export function decodePng(base64: string): PngImage | undefined {
  const bytes = Buffer.from(base64, "base64");
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return undefined;
  if (bytes.toString("latin1", 12, 16) !== "IHDR") return undefined;
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  if (width === 0 || height === 0) return undefined;
  return { bytes, width, height };
}

/** m.image content: `body` is the alt text, `info` the picture's facts, then where the file is. */
export function imageContent(alt: string, png: PngImage, media: MediaRef): Record<string, unknown> {
  return {
    msgtype: "m.image",
    body: alt.trim() === "" ? FALLBACK_ALT : alt,
    info: { mimetype: "image/png", size: png.bytes.length, w: png.width, h: png.height },
    ...media,
  };
}

/** A stored MediaRef read back, or undefined when it is not one (or not of the kind asked for). */
export function parseMediaRef(json: string | undefined, encrypted: boolean): MediaRef | undefined {
  if (json === undefined) return undefined;
  try {
    const parsed = JSON.parse(json) as { url?: unknown; file?: { url?: unknown } };
    if (encrypted && parsed.file && typeof parsed.file.url === "string") return { file: parsed.file as EncryptedFile };
    if (!encrypted && typeof parsed.url === "string") return { url: parsed.url };
  } catch {
    // an unreadable entry is treated as absent: the picture is uploaded again
  }
  return undefined;
}
