/**
 * Button custom_id encoding: `action|payload|mac`, at most 100 characters (Discord's limit).
 * The mac is a truncated HMAC keyed by a secret derived from the bot token, so an id the bot did
 * not mint (forged, or from a previous token) is recognised and refused rather than dispatched.
 */
import { createHmac } from "node:crypto";

/** Discord's limit on custom_id length. */
export const MAX_CUSTOM_ID = 100;
const MAC_CHARS = 10;
const ACTION_PATTERN = /^[A-Za-z0-9_.:-]{1,40}$/;

/** Derive the button-signing key from the bot token (never stored, never logged). */
export function buttonKey(token: string): Buffer {
  return createHmac("sha256", token).update("porchlight/discord/custom-id/v1").digest();
}

function mac(key: Buffer, body: string): string {
  return createHmac("sha256", key).update(body).digest("base64url").slice(0, MAC_CHARS);
}

/** Encode a button; throws RangeError when the action is malformed or the result is too long. */
export function encodeCustomId(key: Buffer, action: string, payload: string): string {
  if (!ACTION_PATTERN.test(action)) throw new RangeError("button action has characters Discord ids cannot carry");
  const body = `${action}|${payload}`;
  const id = `${body}|${mac(key, body)}`;
  if (id.length > MAX_CUSTOM_ID) throw new RangeError(`button id is ${id.length} characters; Discord allows ${MAX_CUSTOM_ID}`);
  return id;
}

/** Decode and verify a custom_id; null when it is not one this bot minted. */
export function decodeCustomId(key: Buffer, customId: string): { action: string; payload: string } | null {
  if (customId.length > MAX_CUSTOM_ID) return null;
  const first = customId.indexOf("|");
  const last = customId.lastIndexOf("|");
  if (first <= 0 || last === first) return null;
  const body = customId.slice(0, last);
  const given = customId.slice(last + 1);
  const action = customId.slice(0, first);
  if (!ACTION_PATTERN.test(action) || given.length !== MAC_CHARS) return null;
  // Both strings are short and public-shaped; a constant-time compare is still cheap.
  const expected = mac(key, body);
  let diff = 0;
  for (let i = 0; i < MAC_CHARS; i++) diff |= expected.charCodeAt(i) ^ given.charCodeAt(i);
  if (diff !== 0) return null;
  return { action, payload: customId.slice(first + 1, last) };
}
