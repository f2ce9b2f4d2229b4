/** The port: platforms and the opaque references to their chats. */

/** The chat platforms Porchlight speaks to. */
export type Platform = "console" | "memory" | "telegram" | "discord" | "matrix";

/** Every platform, for iteration in validation and in per-platform workers. */
export const PLATFORMS: readonly Platform[] = ["console", "memory", "telegram", "discord", "matrix"];

/**
 * An opaque, serialisable reference to one chat (group, channel, room or direct chat):
 * `platform:platform-specific-id`. Only the owning adapter interprets the part after the colon.
 */
export type ChatRef = `${Platform}:${string}`;

/** Build a ChatRef from its parts. */
export function chatRef(platform: Platform, id: string): ChatRef {
  return `${platform}:${id}`;
}

/** Split a ChatRef into its platform and the adapter's own id. */
export function parseChatRef(ref: ChatRef): { platform: Platform; id: string } {
  const i = ref.indexOf(":");
  return { platform: ref.slice(0, i) as Platform, id: ref.slice(i + 1) };
}

/** True when `value` is a well-formed ChatRef of a known platform. */
export function isChatRef(value: string): value is ChatRef {
  const i = value.indexOf(":");
  return i > 0 && i < value.length - 1 && (PLATFORMS as readonly string[]).includes(value.slice(0, i));
}
