import { timingSafeEqual } from "node:crypto";
import type { Signer } from "./signing.js";

/** Telegram refuses callback_data longer than this many bytes. */
export const MAX_CALLBACK_BYTES = 64;
/** 8 characters of HMAC = 48 bits: enough against guessing through a chat client. */
const TAG_LENGTH = 8;
const SEPARATOR = "|";

/**
 * Pack a button's action and payload into callback_data: `<tag><action>|<payload>`.
 * Returns undefined when it cannot fit in 64 bytes or the action holds the separator;
 * the caller leaves such a button out rather than truncating it.
 */
export function encodeCallbackData(signer: Signer, action: string, payload: string): string | undefined {
  if (action === "" || action.includes(SEPARATOR)) return undefined;
  const body = `${action}${SEPARATOR}${payload}`;
  const data = signer.tag(body, TAG_LENGTH) + body;
  return Buffer.byteLength(data, "utf8") <= MAX_CALLBACK_BYTES ? data : undefined;
}

/** Unpack callback_data the bot issued; undefined for anything forged, stale-keyed or malformed. */
export function decodeCallbackData(signer: Signer, data: string | undefined): { action: string; payload: string } | undefined {
  if (!data || data.length <= TAG_LENGTH) return undefined;
  const tag = data.slice(0, TAG_LENGTH);
  const body = data.slice(TAG_LENGTH);
  const sep = body.indexOf(SEPARATOR);
  if (sep <= 0) return undefined;
  const expected = Buffer.from(signer.tag(body, TAG_LENGTH));
  const given = Buffer.from(tag);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return { action: body.slice(0, sep), payload: body.slice(sep + 1) };
}
