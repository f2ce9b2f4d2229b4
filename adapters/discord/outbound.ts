/** Outbound -> Discord: the message body with its buttons, the picture as an upload, the nonce of a post. */
import { createHash } from "node:crypto";
import { type APIActionRowComponent, type APIButtonComponent, ButtonStyle, ComponentType, MessageFlags, type RawFile } from "discord.js";
import { AdapterError, type Outbound } from "../../src/core/port.js";
import { encodeCustomId } from "./custom-id.js";
import { escapeDiscord } from "./markdown.js";

/** A message body for Discord: content, buttons as action rows, no pings. */
export interface MessageBody {
  content: string;
  components: APIActionRowComponent<APIButtonComponent>[];
  allowed_mentions: { parse: [] };
  flags?: number;
  /** Metadata of uploaded files: `id` is the index N of the `files[N]` form part. */
  attachments?: { id: number; filename: string; description: string }[];
}

/** A message ready for discord.js REST: the JSON body and the files to upload with it (multipart). */
export interface DiscordMessage {
  body: MessageBody;
  files: RawFile[];
}

/** The name the picture carries in Discord. */
export const IMAGE_FILENAME = "status.png";
/** Bots may upload 10 MiB per file in a server without boosts. */
const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
/** Discord's limit on an attachment's description (its alt text). */
const MAX_ALT = 1024;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Outbound -> body and files: the text and buttons as for `outboundToBody`, and the picture, if
 * any, as one PNG attachment with the alt text as its description. REJECTED for a picture that
 * is not a PNG or is too large, before anything is sent.
 */
export function outboundToMessage(msg: Outbound, buttonKey: Buffer, maxText = 2000): DiscordMessage {
  const body = outboundToBody(msg, buttonKey, maxText);
  if (!msg.image) return { body, files: [] };
  const png = Buffer.from(msg.image.png, "base64");
  if (png.length <= PNG_SIGNATURE.length || !png.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) {
    throw new AdapterError("REJECTED", "the picture is not a PNG");
  }
  if (png.length > MAX_IMAGE_BYTES) throw new AdapterError("REJECTED", "the picture is larger than Discord accepts");
  const description = msg.image.alt.slice(0, MAX_ALT);
  return {
    body: { ...body, attachments: [{ id: 0, filename: IMAGE_FILENAME, description }] },
    files: [{ name: IMAGE_FILENAME, data: png, contentType: "image/png" }],
  };
}

/** Outbound -> Discord message body; buttons in rows of five (at most 25). */
export function outboundToBody(msg: Outbound, buttonKey: Buffer, maxText = 2000): MessageBody {
  const content = escapeDiscord(msg.text);
  if (content.length > maxText) throw new AdapterError("REJECTED", `message is longer than ${maxText} characters`);
  const buttons = msg.buttons ?? [];
  if (buttons.length > 25) throw new AdapterError("REJECTED", "Discord shows at most 25 buttons");
  const components: APIActionRowComponent<APIButtonComponent>[] = [];
  for (let i = 0; i < buttons.length; i += 5) {
    components.push({
      type: ComponentType.ActionRow,
      components: buttons.slice(i, i + 5).map((b) => {
        let customId: string;
        try {
          customId = encodeCustomId(buttonKey, b.action, b.payload);
        } catch (err) {
          throw new AdapterError("REJECTED", (err as Error).message);
        }
        return { type: ComponentType.Button, style: ButtonStyle.Secondary, label: b.label.slice(0, 80), custom_id: customId };
      }),
    });
  }
  // Never let core text ping @everyone, roles or people: alerts must not be a mention vector. The
  // text is escaped whole (markdown.ts says why that keeps the bot's own wording intact).
  return { content, components, allowed_mentions: { parse: [] } };
}

/** The same body flagged ephemeral when asked (only meaningful on interaction responses). */
export function withEphemeral(body: MessageBody, ephemeral: boolean | undefined): MessageBody {
  return ephemeral ? { ...body, flags: MessageFlags.Ephemeral } : body;
}

/**
 * The `nonce` for a channel post: at most 25 characters, stable for the same channel and
 * idempotency key, so a retried send returns the first message instead of posting twice.
 */
export function nonceFor(channelId: string, idempotencyKey: string): string {
  return createHash("sha256").update(`${channelId}\n${idempotencyKey}`).digest("base64url").slice(0, 25);
}
