import type { ChatRef } from "./refs.js";

/** The port, inbound: what an adapter hands the core (commands, button presses, membership changes). */

/** Who sent an event. `id` is the platform's stable user id, never a display name. */
export interface Author {
  id: string;
  displayName: string;
  isBot: boolean;
  /** The platform's language hint for this user (e.g. Telegram's language_code), if any. */
  locale?: string;
  /**
   * Porchlight role names the platform vouches for (Discord guild roles mapped through the
   * adapter's roleMap), where the adapter has such a mapping; absent otherwise.
   */
  roles?: string[];
}

/**
 * A person the platform itself names in a command: a mention, a user picker, a reply. `id` is the
 * platform's user id (the same as Author.id would be), vouched for by the platform, never typed text
 * read as a name. `displayName` is what the platform shows for them, or the id when it says nothing.
 */
export interface NamedPerson {
  id: string;
  displayName: string;
}

/** A slash command or prefixed text command, already stripped of its `/`, prefix or `@BotName`. */
export interface CommandEvent {
  kind: "command";
  chat: ChatRef;
  author: Author;
  /** True for a one-to-one chat between the member and the bot. */
  isDirect: boolean;
  /** The command word as typed (e.g. `signup`, `apuntarme`, `shift`). */
  name: string;
  /** Everything after the command word, verbatim. */
  args: string;
  /** Platform id of the triggering message or interaction, so replies can thread to it. */
  interactionId?: string;
  /**
   * People the platform names in the arguments (Telegram text mentions, Discord `<@id>` and user
   * options, Matrix user ids and pills), in the order they appear; never the bot itself.
   */
  mentions?: NamedPerson[];
  /** The author of the message this command replies to (Telegram), when that is a person. */
  repliedTo?: NamedPerson;
  /**
   * What makes an event exactly-once: the platform's own stable id for this delivery (a Telegram
   * update_id, a Discord interaction id, a Matrix event_id), the same when the platform delivers
   * it again after a crash. The core records it in the same transaction as the command it ran,
   * and ignores it the second time. Absent where the platform never redelivers (the console).
   */
  eventId?: string;
}

/** A button press. `action` and `payload` are what the core put on the button; never trust them. */
export interface ActionEvent {
  kind: "action";
  chat: ChatRef;
  author: Author;
  isDirect: boolean;
  action: string;
  payload: string;
  interactionId?: string;
  /** Platform id of the message that carried the button, so the core can edit it. */
  messageId?: string;
  /** See {@link CommandEvent.eventId}. */
  eventId?: string;
}

/** The bot's own membership of a chat changed, or the chat moved to a new id. */
export interface MembershipEvent {
  kind: "membership";
  chat: ChatRef;
  change: "joined" | "left" | "migrated";
  /** For `migrated`: the chat's new reference (e.g. a Telegram group upgraded to a supergroup). */
  newChat?: ChatRef;
  /** See {@link CommandEvent.eventId}. */
  eventId?: string;
}

/** Everything an adapter can hand to the core. */
export type ChatEvent = CommandEvent | ActionEvent | MembershipEvent;

/**
 * Read a typed command line (`/shift new ...`, `/signup@PorchlightBot 3`) into its word and the rest.
 * Returns null when the line is not a command. Used by the console chat and text-based adapters.
 */
export function parseCommandLine(line: string): { name: string; args: string } | null {
  // Some keyboards send accents as separate marks (NFD); compose them so `apúntame` is one word.
  const m = /^\s*\/([\p{L}\p{N}_-]+)(?:@[\w.-]+)?(?:\s+([\s\S]*))?$/u.exec(line.normalize("NFC"));
  if (!m) return null;
  return { name: m[1]!.toLowerCase(), args: (m[2] ?? "").trim() };
}
