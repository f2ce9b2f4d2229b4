import type { MatrixClient } from "matrix-bot-sdk";
import { AdapterError, type AdapterStateStore, chatRef, type Logger } from "../../src/core/port.js";
import { toAdapterError } from "./errors.js";
import { imageContent, type MediaRef, type PngImage, parseMediaRef } from "./image-content.js";
import { type EventSender, txnIdFor } from "./sender.js";

const UPLOAD_PATH = "/_matrix/media/v3/upload";

/** What the image sender needs from the running adapter. */
export interface ImageSenderDeps {
  client: MatrixClient;
  timeoutMs: number;
  events: EventSender;
  /** The adapter state: holds an upload's uri (and, in encrypted rooms, its key) until its event is sent. */
  state: AdapterStateStore;
  isEncrypted(roomId: string): boolean;
  log: Logger;
}

/**
 * Sends a picture as an m.image event: uploads the PNG to the media repository (encrypted first in
 * an encrypted room, the key then travelling only in the encrypted event), then PUTs the event with
 * a txnId of its own derived from the idempotency key. The upload is remembered under that txnId
 * until the event is sent, so a retry neither uploads again nor posts a second picture.
 */
export class ImageSender {
  constructor(private readonly d: ImageSenderDeps) {}

  /**
   * Post the picture; resolves with its event id, or undefined when the homeserver refused it for
   * good (too large, ...): the text was already sent and stands on its own. Retryable failures throw.
   */
  async send(roomId: string, png: PngImage, alt: string, idempotencyKey: string): Promise<string | undefined> {
    const txnId = txnIdFor(idempotencyKey, "image");
    const memo = `media:${txnId}`;
    try {
      const encrypted = this.d.isEncrypted(roomId);
      let media = parseMediaRef(this.d.state.get(memo), encrypted);
      if (!media) {
        media = await this.upload(png.bytes, encrypted);
        this.d.state.set(memo, JSON.stringify(media));
      }
      const eventId = await this.d.events.send(roomId, imageContent(alt, png, media), txnId);
      this.d.state.delete(memo);
      return eventId;
    } catch (err) {
      const e = toAdapterError(err, "picture");
      if (e.code !== "REJECTED") throw e;
      this.d.state.delete(memo);
      this.d.log.warn({ chat: chatRef("matrix", roomId), code: e.code }, "matrix: the picture was refused; the text went alone");
      return undefined;
    }
  }

  private async upload(bytes: Buffer, encrypted: boolean): Promise<MediaRef> {
    if (!encrypted) return { url: await this.post(bytes, "image/png") };
    // Loaded only here, so a bot without encrypted rooms never loads the WebAssembly module.
    const { encryptAttachment } = await import("./crypto/attachment.js");
    const { ciphertext, keyInfo } = await encryptAttachment(bytes);
    // The ciphertext goes up as opaque bytes: even its type is for members' eyes only.
    return { file: { ...keyInfo, url: await this.post(ciphertext, "application/octet-stream") } };
  }

  /** POST the bytes to the media repository; resolves with their mxc:// uri. */
  private async post(bytes: Buffer, contentType: string): Promise<string> {
    let answer: unknown;
    try {
      answer = await this.d.client.doRequest("POST", UPLOAD_PATH, null, bytes, this.d.timeoutMs, false, contentType);
    } catch (err) {
      throw toAdapterError(err, "upload");
    }
    const uri = (answer as { content_uri?: unknown } | null)?.content_uri;
    if (typeof uri !== "string" || !uri.startsWith("mxc://")) {
      throw new AdapterError("TRANSIENT", "matrix: the upload answered without a content uri");
    }
    return uri;
  }
}
