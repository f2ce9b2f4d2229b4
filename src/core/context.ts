import { randomUUID } from "node:crypto";
import type { Database } from "better-sqlite3-multiple-ciphers";
import type { Config, RetentionPeriod } from "../config/schema.js";
import { type Outbox, queueDirect } from "../delivery/outbox.js";
import type { GrantedRole } from "./auth.js";
import type { Clock } from "./clock.js";
import type { DutyRota } from "./duty.js";
import type { Registry } from "./commands/registry.js";
import { type Lang, type MessageKey, type MessageParams, t } from "./i18n/catalog.js";
import type { Limits } from "./limits.js";
import type { PersonalDataHook } from "../privacy/hooks.js";
import type { Network, Networks } from "./network/networks.js";
import { type People, type Person, privateLang } from "./people.js";
import type { ActionEvent, Capabilities, ChatRef, CommandEvent, Outbound, Platform } from "./port.js";
import { type Channel, isPrivateChannel, type NetworkChoices, type PlaceView, placeView } from "./visibility.js";

/** A refusal a person caused (unknown id, full shift...). Shown translated; the transaction rolls back. */
export class UserError extends Error {
  override readonly name = "UserError";
  constructor(
    /** The catalog key, which doubles as the stable error code. */
    readonly code: MessageKey,
    readonly params: MessageParams = {},
  ) {
    super(code);
  }
}

/**
 * The settings handlers read. The core's are here; a job adds its section by declaration merging
 * (`declare module "../core/context.js" { interface Settings { canvass: ... } }`) and fills it
 * from its descriptor's `settings`.
 */
export interface Settings {
  retention: Config["retention"];
  /** The retention periods the jobs added, with the message naming each, in list order (for `/privacy`). */
  retentionPeriods: readonly RetentionPeriod[];
}

/** Shared services every handler may use. */
export interface CoreServices {
  db: Database;
  people: People;
  networks: Networks;
  outbox: Outbox;
  clock: Clock;
  defaultLang: Lang;
  defaultTimeZone: string;
  /** What a chat supports, from its adapter; null when no adapter for its platform is running. */
  capabilitiesOf(chat: ChatRef): Capabilities | null;
  /** A group chat's name as its platform shows it, where the adapter knows it (never stored). */
  chatNameOf?(chat: ChatRef): string | null;
  registry: Registry;
  /** Abuse limits of this running bot. */
  limits: Limits;
  /** Settings from the configuration: the core's retention, and each job's own section. */
  settings: Settings;
  /** Every personal-data hook, the jobs' first and the core's last: what `/privacy` and `/forgetme` walk. */
  personalData: readonly PersonalDataHook[];
  /**
   * The fingerprint of the network's alert signing key (made on first need), so members can tell
   * their network from another with the same name. A job may provide it (alerts does); without it,
   * no key line is shown.
   */
  networkKeyFingerprint?(networkId: number, now: number): string;
  /** The in-chat panic wipe, where the app offers it. */
  wipe?: WipeControl;
  /** Who is on duty for a role, where a job keeps a rota (shifts does); absent otherwise. */
  duty?: DutyRota;
}

/**
 * The in-chat panic wipe: pending requests (one per network, each waiting for a second admin) and
 * the wipe itself, which the app runs once the confirming command's transaction is over.
 */
export interface WipeControl {
  /** Whether admins of `networkId` may wipe from a chat (the operator listed it in `wipe.inChatNetworks`). */
  allows(networkId: number): boolean;
  /** A new code for a wipe asked for by `personId` in `networkId`. */
  request(networkId: number, personId: number, now: number): string;
  /** Whether `personId` confirms a live request of another admin with its code. */
  confirm(networkId: number, personId: number, code: string, now: number): "wipe" | "same-admin" | "no-request";
  /** Destroy the key material, say goodbye in every linked chat, and stop. */
  trigger(): void;
}

/** The chat a command came from. */
export interface ChatInfo {
  ref: ChatRef;
  platform: Platform;
  isDirect: boolean;
  caps: Capabilities;
}

/** Human names of platforms, as shown in messages. */
export const PLATFORM_NAMES: Record<Platform, string> = {
  console: "console",
  memory: "test",
  telegram: "Telegram",
  discord: "Discord",
  matrix: "Matrix",
};

/**
 * Everything a handler needs for one command: who, where, which network, in which language, and
 * the ways to answer. Answers are collected and sent only after the transaction commits.
 */
export class CommandContext {
  /** Replies to the chat the command came from. */
  readonly replies: Outbound[] = [];
  /** Outbox keys of the replies given one (by index), see `replyKept`. */
  readonly replyKeys: (string | undefined)[] = [];
  /** Platforms whose outbox got new rows; their workers are woken after commit. */
  readonly touchedPlatforms = new Set<Platform>();
  /** New content for the message whose button triggered this command, where the platform can edit. */
  originUpdate: Outbound | null = null;
  /** Set by `eraseBeforeReply`: compact the file after commit, before any reply leaves. */
  eraseRequested = false;
  private personRecord: Person | null = null;

  constructor(
    readonly services: CoreServices,
    readonly event: CommandEvent | ActionEvent,
    readonly chat: ChatInfo,
    readonly lang: Lang,
    readonly network: Network | null,
    readonly roles: ReadonlySet<GrantedRole>,
    readonly now: number,
  ) {}

  get db(): Database {
    return this.services.db;
  }

  /** The person who sent the command; set by the pipeline at the start of the transaction. */
  get person(): Person {
    if (!this.personRecord) throw new Error("person is read before the command's transaction began");
    return this.personRecord;
  }

  /** @internal Called by the pipeline inside the transaction. */
  bindPerson(person: Person): void {
    this.personRecord = person;
  }

  /** The network; handlers of commands that need a role can rely on it. */
  get net(): Network {
    if (!this.network) throw new Error("command without a network reached a handler that needs one");
    return this.network;
  }

  t(key: MessageKey, params?: MessageParams): string {
    return t(this.lang, key, params);
  }

  /** Answer in the chat the command came from. */
  reply(msg: string | Outbound): void {
    this.replies.push(typeof msg === "string" ? { text: msg } : msg);
  }

  /**
   * Answer with a message other commands edit later (a shift's card, redrawn when its roster
   * changes): kept in the outbox under `key`, with the platform's message id, once sent. Only for
   * what a group may keep seeing: other replies are deleted once sent.
   */
  replyKept(msg: Outbound, key: string): void {
    this.replyKeys[this.replies.length] = key;
    this.replies.push(msg);
  }

  /**
   * What this command deletes must be gone from the file's free pages and write-ahead log before
   * the person is told it is done: the pipeline compacts right after the commit, before replying.
   */
  eraseBeforeReply(): void {
    this.eraseRequested = true;
  }

  /** For a button press: the view named in its action (`list` in `signup:list`). */
  get buttonView(): string | undefined {
    if (this.event.kind !== "action") return undefined;
    const colon = this.event.action.indexOf(":");
    return colon < 0 ? undefined : this.event.action.slice(colon + 1);
  }

  /** Redraw the message whose button was pressed (e.g. places left), where the platform allows. */
  updateOrigin(msg: Outbound): void {
    if (this.event.kind === "action") this.originUpdate = msg;
  }

  /**
   * Answer only the person who asked, where the platform can (a Discord ephemeral reply, which also
   * hides who used the command); elsewhere a normal reply. For answers that reveal what someone
   * signed up for, which an unencrypted channel need not see.
   */
  replyToAuthor(msg: string | Outbound): void {
    const out = typeof msg === "string" ? { text: msg } : msg;
    if (this.canReplyEphemerally) this.reply({ ...out, ephemeral: true });
    else this.reply(out);
  }

  /** This chat, as the need-to-know rule (src/core/visibility.ts) sees it. */
  get channel(): Channel {
    return { isDirect: this.chat.isDirect, e2ee: this.chat.caps.e2ee };
  }

  /** Whether this chat may show names and addresses to everyone in it (a direct chat or an E2EE room). */
  get mayShowPersonalDetails(): boolean {
    return isPrivateChannel(this.channel);
  }

  /** How much of a place this chat may show: the exact place, or the public label only. */
  get placeView(): PlaceView {
    return placeView(this.channel);
  }

  /** Whether the answer to this command can be shown to its author alone (a Discord ephemeral reply). */
  get canReplyEphemerally(): boolean {
    return !this.chat.isDirect && this.chat.caps.ephemeral && this.event.interactionId !== undefined;
  }

  /** What this network lets members see. */
  get choices(): NetworkChoices {
    return { leadsVisible: this.network ? this.services.networks.leadsVisible(this.network.id) : false };
  }

  /** The language to write to a person privately in. */
  langOf(person: Person): Lang {
    return privateLang(person, this.services.defaultLang);
  }

  /**
   * Answer with something that names people or addresses. Shown here if this chat is a direct chat
   * or end-to-end encrypted; as an ephemeral reply where the platform has them; otherwise sent by
   * direct message (durably, through the outbox) with a short pointer in the chat: `neutral`, a line
   * that names no place and no person, or "sent privately".
   */
  replyPrivately(render: (lang: Lang) => string | Outbound, neutral?: (lang: Lang) => string): void {
    if (this.mayShowPersonalDetails) {
      this.reply(render(this.lang));
      return;
    }
    this.replyToAsker(render, neutral);
  }

  /**
   * Answer with something only the asker's role may see (the member list, who verifies, the
   * audit): even an encrypted room's other members may not hold that role, so it is shown only in
   * a direct chat or an ephemeral reply; elsewhere it goes by direct message, with `neutral` (or
   * "sent privately") in the chat.
   */
  replyToAsker(render: (lang: Lang) => string | Outbound, neutral?: (lang: Lang) => string): void {
    if (this.chat.isDirect) {
      this.reply(render(this.lang));
      return;
    }
    if (this.canReplyEphemerally) {
      const msg = render(this.lang);
      this.reply({ ...(typeof msg === "string" ? { text: msg } : msg), ephemeral: true });
      return;
    }
    // A private answer to a command keeps the language of the chat it was asked in, unless the
    // person chose their own.
    const lang = this.person.lang ?? this.lang;
    // Per chat: platforms number messages per chat (Telegram), so an id alone may repeat elsewhere.
    const key = `reply:${this.chat.ref}:${this.event.interactionId ?? randomUUID()}`;
    this.sendDirect({ ...this.person, lang }, render, key);
    this.reply(neutral ? neutral(this.lang) : this.t("core.sentPrivately"));
  }

  /**
   * Queue a direct message to a person, in their language, through the outbox. `key` must identify
   * the logical message: the same key is sent at most once.
   */
  sendDirect(person: Person, render: (lang: Lang) => string | Outbound, key: string, notBefore?: number): void {
    const fallbackChat = this.chat.isDirect ? null : this.chat.ref;
    const queued = queueDirect(this.services.outbox, person, this.services.defaultLang, { key, render, fallbackChat, ...(notBefore !== undefined ? { notBefore } : {}) }, this.now);
    if (queued) this.touchedPlatforms.add(person.platform);
  }

  /** Say once per chat, plainly, that this chat is not end-to-end encrypted. */
  noticeIfNotEncrypted(): void {
    if (this.chat.isDirect || this.chat.caps.e2ee) return;
    const record = this.services.networks.chat(this.chat.ref);
    if (record?.noticeSent) return;
    this.services.networks.markNoticeSent(this.chat.ref);
    this.reply(this.t("core.notEncrypted", { platform: PLATFORM_NAMES[this.chat.platform] }));
  }
}
