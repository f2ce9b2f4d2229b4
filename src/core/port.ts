/**
 * The adapter contract: the only surface between the platform-neutral core and a chat platform.
 * No SDK type crosses it; everything here is plain, serialisable data.
 */

/** The chat platforms Porchlight speaks to. */
export type Platform = "console" | "memory" | "telegram" | "discord" | "matrix";

/** Every platform, for iteration in validation and in per-platform workers. */
export const PLATFORMS: readonly Platform[] = ["console", "memory", "telegram", "discord", "matrix"];

/**
 * An opaque, serialisable reference to one chat (group, channel, room or direct chat):
 * `platform:platform-specific-id`. Only the owning adapter interprets the part after the colon.
 */
export type ChatRef = `${Platform}:${string}`;

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

/** A button the core asks the adapter to draw; pressing it yields an ActionEvent with these fields. */
export interface Button {
  label: string;
  action: string;
  payload: string;
}

/** A message from the core to a chat or a person. Text is plain; adapters may add formatting. */
export interface Outbound {
  text: string;
  buttons?: Button[];
  /** Show only to the member who triggered `replyTo` where the platform can (Discord ephemeral). */
  ephemeral?: boolean;
  /** The `interactionId` of the event this answers, so the adapter can thread or use the interaction. */
  replyTo?: string;
  /**
   * The platform user id of whoever caused `replyTo`: where an ephemeral answer can no longer use
   * the interaction (a restart, an expired token), the adapter sends it to them privately instead.
   */
  replyToUser?: string;
  /**
   * A picture to show with the text, only where `capabilities(chat).images`. `png` is base64; `alt`
   * describes it in words. The text must stand on its own: adapters without images ignore this.
   */
  image?: { png: string; alt: string };
  /**
   * Send the text exactly as it is: it is signed as shown (an alert), so nothing may rewrite it,
   * not even the command references a platform would write otherwise (see `commandPrefix`).
   */
  verbatim?: boolean;
}

/** What a chat can do; may differ per chat on one platform (a Matrix room may or may not be encrypted). */
export interface Capabilities {
  /** Messages in this chat are end-to-end encrypted: only members' devices can read them. */
  e2ee: boolean;
  buttons: boolean;
  edits: boolean;
  /** A reply to an interaction can be shown to its author alone (Discord ephemeral messages). */
  ephemeral: boolean;
  /** Longest text one message may carry, in characters. */
  maxText: number;
  /**
   * The platform deduplicates a repeated send with the same idempotency key (Matrix txnId, Discord
   * nonce). When false, a send that may have reached the platform must not be retried blindly.
   */
  idempotentSends: boolean;
  /** The chat can show a picture sent with a message (`Outbound.image`). Absent means no. */
  images?: boolean;
  /**
   * How a command is typed here, up to its first word: `!pl ` on Matrix. Absent means `/`. The core
   * writes the commands its messages name this way (`!pl network invite`, not `/network invite`).
   */
  commandPrefix?: string;
}

/** A rolling-window limit: at most `limit` sends in any `windowMs`. */
export interface RateWindow {
  limit: number;
  windowMs: number;
}

/**
 * How fast the delivery layer may send through one adapter (per bot account): the platform's
 * documented limits, as data. Each adapter says where its numbers come from.
 */
export interface Pacing {
  /** Sends allowed per `windowMs` for the whole bot. */
  perWindow: number;
  windowMs: number;
  /**
   * When set, the platform limits with a token bucket (Synapse: a burst, then a steady rate):
   * `perWindow` is the burst and one send comes back every `refillMs`; `windowMs` is then unused.
   * Absent: a rolling window of `perWindow` sends per `windowMs`.
   */
  refillMs?: number;
  /** Sends allowed to one chat (group, channel) in a rolling window. Absent: no per-chat limit. */
  perChat?: RateWindow;
  /** Sends allowed to one private chat in a rolling window, where it differs from `perChat`. */
  perPrivateChat?: RateWindow;
  /** Tells a private chat from a group by its pacing key (a chat ref, or `<platform>:<user id>`). */
  isPrivateChat?: (key: string) => boolean;
  /**
   * What a 429 pauses: the refused chat's lane (default), or the whole bot where the platform's
   * limit is the account's alone (Synapse).
   */
  refusalPauses?: "chat" | "bot";
  /**
   * How many requests a send to this destination costs against the bot's limit, where it can be
   * more than one (Discord opens a person's DM channel before the first message to them).
   */
  requestsPerSend?: (target: { kind: "chat" | "direct"; id: string }) => number;
  /**
   * The pacing key of an answer to an interaction (`Outbound.replyTo`), where the platform limits
   * those apart from chats and the bot (Discord: interaction responses are bound to neither the
   * global nor the channel's limit). Sends under such a key wait for no limit. Absent: an answer
   * is paced as a send to its chat.
   */
  interactionKey?: (interactionId: string) => string;
}

/** Minimal structured logger the core hands to adapters (a pino logger satisfies it). */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/**
 * Durable key-value state the core keeps for an adapter in its encrypted database (sync tokens,
 * SDK state, crypto snapshots), so nothing sensitive lives in loose files. Keys are per platform.
 */
export interface AdapterStateStore {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
  delete(key: string): void;
}

/** What the core gives an adapter when it starts. */
export interface AdapterHost {
  /** Hand an event to the core. Never throws; resolves when the core has finished with it. */
  dispatch(event: ChatEvent): Promise<void>;
  /**
   * Optional: values to suggest while a member types a parameter (at most 25), answered at once
   * from the database (Discord gives autocomplete 3 s and no deferral). Never throws.
   */
  suggest?(query: SuggestQuery): Suggestion[];
  log: Logger;
  state: AdapterStateStore;
}

/** Result of a send: the platform's id for the message, for edits and audit. */
export interface SendResult {
  messageId: string;
}

/**
 * One typed parameter of a command, as declared in the core, for platforms that render parameters
 * natively (Discord option types, user pickers, choices). The command still receives one line of
 * argument text: an adapter puts the values back in declaration order (quoting where needed).
 */
export interface CommandMenuParam {
  /** Declared name, e.g. `shift`, `capacity`, `note`: lower-case ASCII. */
  name: string;
  /** `member` names a person; `when` is date-time text; `duration` e.g. `2h`; `text` free text. */
  kind: "member" | "number" | "choice" | "when" | "duration" | "text";
  /** Usage label in each language, e.g. `CAPACITY` / `CAPACIDAD`. */
  label: { en: string; es: string };
  optional: boolean;
  /** Takes the rest of the line (a note, a reason): its value may hold several words, passed as typed. */
  rest: boolean;
  /** Written `name=value` anywhere on the line (`area=…`), rather than in its place. */
  named: boolean;
  /** Numbers: smallest and largest value. Texts: shortest and longest length. Durations: minutes. */
  min?: number;
  max?: number;
  /** The fixed values of a `choice`, each with its word in each language. */
  choices?: { value: string; label: { en: string; es: string } }[];
  /** The core can suggest values while the member types (`AdapterHost.suggest`): shift numbers, canvass ids. */
  autocomplete?: boolean;
}

/** A member is typing a parameter the core suggests values for (Discord autocomplete). */
export interface SuggestQuery {
  chat: ChatRef;
  /** A one-to-one chat with the bot (suggestions in a plain channel show no exact places). */
  isDirect: boolean;
  /** The command's words, `shift cancel` or `signup`. */
  command: string;
  /** The declared parameter being typed, e.g. `shift`. */
  param: string;
  /** What has been typed so far. */
  typed: string;
  /** The member's client language, when the platform says it. */
  locale?: string;
}

/** One suggested value and what it is, e.g. `#3 Sat 5 Dec, 10:00 · Eastside church`. */
export interface Suggestion {
  value: string;
  label: string;
}

/** One command of the core's registry, in the shape platform menus need (Telegram, Discord). */
export interface CommandMenuEntry {
  /** Command word, e.g. `signup` or `shift`. */
  name: string;
  description: { en: string; es: string };
  /** The Spanish alias of the command word, where there is one. */
  esName?: string;
  /** Sub-commands, for platforms that nest them (Discord). */
  subcommands?: { name: string; description: { en: string; es: string }; usage: string; esName?: string; params?: CommandMenuParam[] }[];
  usage: string;
  /** A command without sub-commands: its typed parameters. */
  params?: CommandMenuParam[];
}

/** The contract every platform adapter implements. */
export interface PlatformAdapter {
  readonly platform: Platform;
  /** What `chat` supports. Must be answerable synchronously from state the adapter already holds. */
  capabilities(chat: ChatRef): Capabilities;
  /** Send pacing for the delivery layer. */
  readonly pacing: Pacing;
  /**
   * Connect and begin delivering events to `host.dispatch`. Calling it twice is harmless. A start
   * that cannot reach the platform may keep trying, but a stop() cuts it short: the pending start
   * then settles promptly (it rejects with an AdapterError, or resolves), never later than stop().
   */
  start(host: AdapterHost): Promise<void>;
  /**
   * Disconnect. Idempotent; safe before start and during a start. Bounded: it cancels the requests
   * and connections in flight (a send cut short fails; the outbox keeps it) rather than waiting on a
   * platform that does not answer, and resolves within about STOP_WITHIN_MS.
   */
  stop(): Promise<void>;
  /** Post to a chat. `idempotencyKey` is stable across retries of the same logical message. */
  send(chat: ChatRef, msg: Outbound, idempotencyKey: string): Promise<SendResult>;
  /** Post to a person's direct chat with the bot. `user` is the Author.id. */
  sendDirect(user: string, msg: Outbound, idempotencyKey: string): Promise<SendResult>;
  /**
   * Optional: how many of `maxText` a plain text takes once this adapter has made it inert for its
   * platform (Discord's markdown escapes add characters). The core splits long messages by it so
   * that the escaped text still fits. Default: the text's length.
   */
  measureText?(text: string): number;
  /** Optional, where `capabilities(chat).edits`: replace the text and buttons of a message the bot sent. */
  edit?(chat: ChatRef, messageId: string, msg: Outbound): Promise<void>;
  /** Optional: publish the command menu (Telegram setMyCommands, Discord command registration). */
  publishCommands?(menu: CommandMenuEntry[]): Promise<void>;
  /** Optional: check credentials and reachability; resolves with problems found, one line each. */
  doctor?(): Promise<string[]>;
}

/** Codes an adapter error carries; the delivery layer decides on retries from these alone. */
export type AdapterErrorCode =
  /** The platform said slow down; retry after `retryAfterMs`. */
  | "RATE_LIMITED"
  /** Failed before the platform could have acted (connection refused, 5xx without side effect). */
  | "TRANSIENT"
  /** The request may have reached the platform (timeout, dropped connection mid-request). */
  | "UNCERTAIN"
  /** The person has not opened a direct chat with the bot, or blocked it. */
  | "DM_UNAVAILABLE"
  /** The chat is gone, or the bot is no longer in it. */
  | "CHAT_GONE"
  /** Credentials are wrong or revoked. */
  | "UNAUTHORIZED"
  /** Anything else the platform refused; retrying will not help. */
  | "REJECTED";

/** The one error type adapters throw out of send/sendDirect/start. */
export class AdapterError extends Error {
  override readonly name = "AdapterError";
  constructor(
    readonly code: AdapterErrorCode,
    message: string,
    readonly retryAfterMs?: number,
    /** A hint the core may show the person (e.g. a deep link to start a private chat). */
    readonly hint?: string,
  ) {
    super(message);
  }
}

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

/**
 * The longest an adapter's stop() should take. A service manager sends one SIGTERM and kills the
 * process some seconds later (Docker after 10 s, systemd after its stop timeout); the whole stop,
 * flush and database close included, must fit well inside that.
 */
export const STOP_WITHIN_MS = 1500;

/**
 * Wait for `work` to settle, but no longer than `ms`. Resolves true when it settled in time, false
 * otherwise; never rejects (a failure of `work` is the caller's to log where it matters). For
 * bounded stops: what is still running after `ms` is left behind.
 */
export async function settleWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
    timer.unref();
  });
  const settled = work.then(
    () => true as const,
    () => true as const,
  );
  try {
    return await Promise.race([settled, late]);
  } finally {
    clearTimeout(timer);
  }
}
