import { createHash } from "node:crypto";
import type { MatrixClient } from "matrix-bot-sdk";
import { AdapterError } from "../../src/core/port.js";
import type { RoomCryptoLayer } from "./crypto-layer.js";
import { toAdapterError } from "./errors.js";

/** Keep each event's JSON under Matrix's 64 KiB limit, with room for the envelope. */
const MAX_CONTENT_BYTES = 60000;

/**
 * The transaction id for a logical message: derived from the core's idempotency key, so a retry
 * PUTs the same txnId and the homeserver answers with the event it already has.
 */
export function txnIdFor(idempotencyKey: string, purpose = "send"): string {
  const digest = createHash("sha256").update(`porchlight:${purpose}:${idempotencyKey}`).digest("base64url");
  return `pl${digest.slice(0, 32)}`;
}

/**
 * PUTs events to rooms with explicit txnIds (matrix-bot-sdk's sendEvent makes a new txnId per call,
 * which would duplicate messages on a retry). Encrypts first when the room is encrypted and a crypto
 * layer is present; refuses to send plain text into an encrypted room otherwise.
 */
export class EventSender {
  constructor(
    private readonly client: MatrixClient,
    private readonly timeoutMs: number,
    private readonly isEncrypted: (roomId: string) => boolean,
    private readonly crypto?: RoomCryptoLayer,
  ) {}

  async send(roomId: string, content: Record<string, unknown>, txnId: string): Promise<string> {
    let type = "m.room.message";
    let payload = fitToLimit(withoutMentions(content));
    if (this.isEncrypted(roomId)) {
      if (!this.crypto) {
        throw new AdapterError("REJECTED", "matrix: the room is encrypted and this bot cannot encrypt yet");
      }
      ({ type, content: payload } = await this.crypto.encrypt(roomId, type, payload));
    }
    const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/${encodeURIComponent(type)}/${encodeURIComponent(txnId)}`;
    let answer: unknown;
    try {
      answer = await this.client.doRequest("PUT", path, null, payload, this.timeoutMs);
    } catch (err) {
      throw toAdapterError(err, "send");
    }
    const eventId = (answer as { event_id?: unknown } | null)?.event_id;
    if (typeof eventId !== "string") throw new AdapterError("UNCERTAIN", "matrix: send answered without an event id");
    return eventId;
  }
}

/**
 * Every message says it mentions nobody (`m.mentions: {}`), its edits' new content too. Clients
 * and servers that know intentional mentions then ping no one, whatever the body holds: `@room`
 * or a name typed by a member cannot notify a room through the bot. The HTML copy is escaped
 * where it is built (translate.ts `escapeHtml`).
 */
function withoutMentions(content: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...content, "m.mentions": {} };
  const replacement = content["m.new_content"];
  if (replacement && typeof replacement === "object") out["m.new_content"] = { ...(replacement as Record<string, unknown>), "m.mentions": {} };
  return out;
}

/** Drop the HTML copy when the event would be too big; refuse when even the plain text is. */
function fitToLimit(content: Record<string, unknown>): Record<string, unknown> {
  if (Buffer.byteLength(JSON.stringify(content)) <= MAX_CONTENT_BYTES) return content;
  const { format: _f, formatted_body: _h, ...plain } = content;
  if (Buffer.byteLength(JSON.stringify(plain)) <= MAX_CONTENT_BYTES) return plain;
  throw new AdapterError("REJECTED", "matrix: message too large for one event");
}
