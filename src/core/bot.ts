import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { allows, GRANTED_ROLES, type GrantedRole } from "./auth.js";
import { bindPositional, type Registry } from "./commands/registry.js";
import { tokenize } from "./commands/grammar.js";
import { inertText } from "./inert.js";
import { type ChatInfo, CommandContext, type CoreServices, UserError } from "./context.js";
import { type Lang, langFromLocale, type MessageKey, type MessageParams, t, tn } from "./i18n/catalog.js";
import { describeWait, type LimitCheck } from "./limits.js";
import type { Network } from "./network/networks.js";
import { sendable, splitMessage, truncate } from "./text.js";
import { REPLY_KEY_PREFIX } from "../delivery/outbox.js";
import { compactNow } from "../store/compact.js";
import { crashPoint } from "./crash-points.js";
import { markSeen, wasSeen } from "./seen-events.js";
import {
  type ActionEvent,
  type ChatEvent,
  type ChatRef,
  type CommandEvent,
  type MembershipEvent,
  type Outbound,
  type PlatformAdapter,
  type Platform,
  parseChatRef,
} from "./port.js";

/** What the pipeline needs of delivery: waking workers for new outbox rows, sending replies, pacing edits. */
export interface DeliveryWaker {
  wake(platform: Platform): void;
  /** Send replies queued claimed in the event's transaction, at once, ahead of queued sends. */
  deliverNow(platform: Platform, ids: readonly number[]): Promise<void>;
  /** Run a direct send within the platform's pacing. */
  paced<T>(platform: Platform, target: string, send: () => Promise<T>): Promise<T>;
}

/** Thrown inside an event's transaction when a redelivery of it was handled meanwhile: roll back, do nothing. */
class AlreadyHandled extends Error {
  override readonly name = "AlreadyHandled";
}

/**
 * A button's action is a command id, optionally with a view after a colon (`signup:list`) telling
 * the command how to redraw the message the button sat on.
 */
export function actionCommand(action: string): string {
  const colon = action.indexOf(":");
  return colon < 0 ? action : action.slice(0, colon);
}

/** Longest argument text accepted; longer lines are refused before any parsing. */
export const MAX_ARGS_LENGTH = 2000;

/**
 * The core's front door. Adapters hand it events; it runs the one command pipeline (parse, find,
 * check network and role, validate, run in one transaction, answer) and never throws back.
 */
export class Bot {
  /** One transaction wrapper, made once: better-sqlite3 builds a new one on every `transaction()` call. */
  private readonly inTransaction: ReturnType<CoreServices["db"]["transaction"]>;
  /** Events refused because they passed a limit (a line too long), since start: a script's exit status. */
  refusedByLimit = 0;

  constructor(
    private readonly services: CoreServices,
    private readonly registry: Registry,
    private readonly adapters: ReadonlyMap<Platform, PlatformAdapter>,
    private readonly delivery: DeliveryWaker,
    private readonly log: Logger,
  ) {
    this.inTransaction = services.db.transaction((fn: () => unknown) => fn());
  }

  /**
   * Handle one event, at most once per platform event id. Resolves when its replies were handed to
   * the adapter (they are in the outbox already: a crash or a failed send leaves them to be sent
   * again). Never rejects.
   */
  async dispatch(event: ChatEvent): Promise<void> {
    try {
      const { platform } = parseChatRef(event.chat);
      // A redelivery of an event already handled: its effects and replies are stored already.
      if (event.eventId !== undefined && wasSeen(this.services.db, platform, event.eventId)) return;
      if (event.kind === "membership") await this.onMembership(event);
      else await this.onCommand(event);
    } catch (err) {
      // Only the error's kind is logged: its message could echo what someone typed.
      this.log.error({ err: { name: (err as Error).name, code: (err as { code?: string }).code }, event: event.kind }, "event failed");
      if (event.kind !== "membership") {
        await this.send(event, [{ text: t(this.services.defaultLang, "core.internalError") }]).catch(() => {});
      }
    }
  }

  private async onMembership(event: MembershipEvent): Promise<void> {
    const { networks, clock } = this.services;
    const now = clock.now();
    switch (event.change) {
      case "joined": {
        const ids = this.once(event, now, () => {
          networks.ensureChat(event.chat);
          return this.queueReplies(event, [{ text: t(this.chatLang(event.chat), "core.welcome") }], now);
        });
        if (ids) await this.delivery.deliverNow(parseChatRef(event.chat).platform, ids);
        return;
      }
      case "left":
        this.once(event, now, () => networks.deactivate(event.chat));
        return;
      case "migrated":
        if (event.newChat) this.once(event, now, () => networks.migrateChat(event.chat, event.newChat!));
        return;
    }
  }

  /**
   * Run `fn` in one IMMEDIATE transaction that also records the event as handled: both are kept,
   * or neither. Returns null, changing nothing, when the event was handled before.
   */
  private once<T>(event: ChatEvent, now: number, fn: () => T): T | null {
    const { platform } = parseChatRef(event.chat);
    try {
      return this.inTransaction.immediate(() => {
        if (event.eventId !== undefined && !markSeen(this.services.db, platform, event.eventId, now)) throw new AlreadyHandled();
        return fn();
      }) as T;
    } catch (err) {
      if (err instanceof AlreadyHandled) return null;
      throw err;
    }
  }

  /**
   * Write an event's replies to the outbox, claimed for immediate sending (call inside the event's
   * transaction). Keys derive from the event id, so a platform that deduplicates sends (Discord
   * nonce, Matrix txnId) drops a repeat after a crash. Returns the rows to send after commit.
   */
  private queueReplies(event: ChatEvent, replies: readonly Outbound[], now: number): number[] {
    const { outbox } = this.services;
    const { platform } = parseChatRef(event.chat);
    const base = `${REPLY_KEY_PREFIX}${platform}:${event.eventId ?? randomUUID()}`;
    const thread =
      event.kind !== "membership" && event.interactionId ? { replyTo: event.interactionId, replyToUser: event.author.id } : {};
    const ids: number[] = [];
    replies.forEach((reply, i) => {
      const id = outbox.enqueueClaimed({ key: `${base}:${i}`, target: { kind: "chat", chat: event.chat }, msg: { ...reply, ...thread } }, now);
      if (id !== null) ids.push(id);
    });
    return ids;
  }

  /** Answer an event without running a command (a refusal): durably, and once. */
  private async answer(event: CommandEvent | ActionEvent, replies: readonly Outbound[]): Promise<void> {
    const now = this.services.clock.now();
    const ids = this.once(event, now, () => this.queueReplies(event, replies, now));
    if (ids) await this.delivery.deliverNow(parseChatRef(event.chat).platform, ids);
  }

  private chatLang(chat: ChatRef): Lang {
    return this.services.networks.chat(chat)?.lang ?? this.services.defaultLang;
  }

  private async onCommand(event: CommandEvent | ActionEvent): Promise<void> {
    if (event.author.isBot) return;
    const { people, networks, clock } = this.services;
    const { platform } = parseChatRef(event.chat);
    const adapter = this.adapters.get(platform);
    if (!adapter) return;
    const chat: ChatInfo = { ref: event.chat, platform, isDirect: event.isDirect, caps: adapter.capabilities(event.chat) };
    const record = networks.chat(event.chat);
    const person = people.find(platform, event.author.id);
    let lang: Lang = event.isDirect
      ? (person?.lang ?? langFromLocale(event.author.locale) ?? record?.lang ?? person?.langHint ?? this.services.defaultLang)
      : (record?.lang ?? this.services.defaultLang);
    const refuse = (key: MessageKey, params?: MessageParams) => this.answer(event, [{ text: t(lang, key, params) }]);

    const line = this.commandLine(event);
    if (line === null) return refuse("core.badButton");
    if (line.args.length > MAX_ARGS_LENGTH) {
      this.refusedByLimit++;
      return refuse("core.tooLong");
    }
    const resolution = this.registry.resolve(line.name, tokenize(line.args));
    if (resolution.kind === "unknown" && event.kind === "command" && event.isDirect) {
      // A private line that is no command may still be something a command recognises (a pasted alert).
      const free = `${line.name} ${line.args}`.trim();
      const claimant = this.registry.claimant(free);
      if (claimant) return this.onCommand({ ...event, name: claimant.words[0]!, args: free });
    }
    const now = clock.now();
    const who = `${platform}:${event.author.id}`;
    if (!(resolution.kind === "command" && resolution.spec.unlimited)) {
      const flood = this.flood(who, event.isDirect ? null : event.chat, now);
      if (flood) {
        this.refusedByLimit++;
        // Said once per flood, not at every command of it, where others would see the answers; an
        // ephemeral answer (Discord) is the flooder's alone, and leaves no interaction unanswered.
        if (!flood.check.firstRefusal && !chat.caps.ephemeral) return;
        return this.send(event, [{ text: t(lang, flood.key, { wait: describeWait(lang, flood.check.waitMs) }), ephemeral: true }]);
      }
    }
    if (resolution.kind === "unknown") return refuse("core.unknownCommand", { name: truncate(line.name, 40) });
    if (resolution.kind === "group") {
      const usages = resolution.specs.map((s) => this.registry.usage(s, lang)).join("\n");
      return refuse("core.usage", { usage: `\n${usages}` });
    }
    const { spec, tokens } = resolution;
    // The command words someone types privately say which language they read (`/ayuda`); a button's
    // do not, nor do a group's, where people may use the group's words rather than their own.
    const spoken = event.kind === "command" && event.isDirect ? resolution.spoken : undefined;
    if (spoken && !person?.lang) lang = spoken;
    if (event.kind === "action" && !spec.button) return refuse("core.badButton");

    const networkId = event.isDirect ? (person ? people.latestNetwork(person.id) : null) : (record?.networkId ?? null);
    const network: Network | null = networkId === null ? null : networks.get(networkId);
    const roles = this.rolesOf(network, person?.id ?? null, event.author.roles);
    if (spec.access !== "anyone") {
      if (!network) return refuse(event.isDirect ? "core.noNetworkDirect" : "core.notLinked");
      if (!allows(roles, spec.access)) return refuse("core.needsRole", { role: t(lang, `role.${spec.access}`) });
    }
    if (spec.where === "group" && event.isDirect) return refuse("core.groupOnly");

    const raw = spec.bind ? spec.bind(tokens) : bindPositional(spec.params, tokens);
    const parsed = raw === null ? null : spec.schema.safeParse(raw);
    if (!parsed?.success) return refuse("core.usage", { usage: this.registry.usage(spec, lang) });

    // Commands see the inert line, except those whose evidence is the text exactly as typed.
    const seen = event.kind === "command" ? { ...event, name: line.name, args: spec.readsRawText ? event.args : line.args } : event;
    if (spec.limit) {
      const over = this.services.limits.check(spec.limit, who, now);
      if (over.waitMs > 0) {
        this.refusedByLimit++;
        return this.answer(event, [{ text: tn(lang, `limit.${spec.limit}`, over.max, { wait: describeWait(lang, over.waitMs) }) }]);
      }
    }
    const ctx = new CommandContext(this.services, seen, chat, lang, network, roles, now);
    let replyIds: number[] | null;
    try {
      replyIds = this.once(event, ctx.now, () => {
        const self = people.upsert(platform, event.author, spoken ?? (event.isDirect ? null : (record?.lang ?? null)));
        ctx.bindPerson(self);
        if (network) people.touchMembership(network.id, self.id, ctx.now);
        if (event.isDirect && this.services.outbox.releaseHeld(platform, event.author.id, ctx.now) > 0) {
          ctx.touchedPlatforms.add(platform);
        }
        spec.run(ctx, parsed.data);
        // After a forget, the answer is not stored: it would record the person just forgotten.
        const ids = ctx.eraseRequested ? [] : this.queueReplies(event, ctx.replies, ctx.now);
        crashPoint("before-commit");
        return ids;
      });
    } catch (err) {
      if (err instanceof UserError) return refuse(err.code, err.params);
      throw err;
    }
    if (replyIds === null) return;
    if (spec.limit) this.services.limits.record(spec.limit, who, now);
    if (ctx.eraseRequested) this.eraseNow(ctx.now);
    for (const p of ctx.touchedPlatforms) this.delivery.wake(p);
    crashPoint("after-commit");
    if (ctx.eraseRequested) await this.send(event, ctx.replies);
    else await this.delivery.deliverNow(platform, replyIds);
    if (ctx.originUpdate && event.kind === "action" && event.messageId && chat.caps.edits && adapter.edit) {
      const { messageId } = event;
      const update = sendable(ctx.originUpdate);
      await this.delivery.paced(platform, event.chat, () => adapter.edit!(event.chat, messageId, update)).catch((err: unknown) => {
        this.log.warn({ err: { name: (err as Error).name, code: (err as { code?: string }).code }, platform }, "button message not updated");
      });
    }
  }

  /**
   * The commands-per-minute limits, of the person and of the group chat (a direct chat is the
   * person's own): the one that is exceeded, or null when the command may run. Counts it when it may.
   */
  private flood(who: string, group: ChatRef | null, now: number): { key: MessageKey; check: LimitCheck } | null {
    const { limits } = this.services;
    const person = limits.take("commands", who, now);
    if (person.waitMs > 0) return { key: "limit.commands", check: person };
    if (group === null) return null;
    const chat = limits.take("chatCommands", group, now);
    return chat.waitMs > 0 ? { key: "limit.chatCommands", check: chat } : null;
  }

  /**
   * Compact after a command that deleted personal data, before its reply. A failure leaves the
   * compaction due (the scheduler retries it) and is logged by kind only.
   */
  private eraseNow(now: number): void {
    try {
      compactNow(this.services.db, now);
      this.log.info({}, "database compacted");
    } catch (err) {
      this.log.warn({ err: { name: (err as Error).name, code: (err as { code?: string }).code } }, "database compaction failed; will retry");
    }
  }

  /**
   * Roles granted in the network, plus those the platform vouches for (Discord roles mapped in the
   * configuration). Platform roles count only in a chat of that network.
   */
  private rolesOf(network: Network | null, personId: number | null, platformRoles: string[] | undefined): ReadonlySet<GrantedRole> {
    if (!network) return new Set();
    const roles = personId === null ? new Set<GrantedRole>() : this.services.people.roles(network.id, personId);
    for (const role of platformRoles ?? []) {
      if ((GRANTED_ROLES as readonly string[]).includes(role)) roles.add(role as GrantedRole);
    }
    return roles;
  }

  /**
   * The command word and argument text of a command, or of the command a button stands for, made
   * inert: this is the one place where what people type enters the core (see inert.ts).
   */
  private commandLine(event: CommandEvent | ActionEvent): { name: string; args: string } | null {
    if (event.kind === "command") return { name: inertText(event.name, { multiline: false }), args: inertText(event.args) };
    const spec = this.registry.byId(actionCommand(event.action));
    if (!spec?.button || /[\r\n]/.test(event.payload) || event.payload.length > 200) return null;
    return { name: spec.words[0]!, args: inertText([...spec.words.slice(1), event.payload].join(" ").trim()) };
  }

  private send(event: CommandEvent | ActionEvent, replies: Outbound[]): Promise<void> {
    return this.sendTo(event.chat, replies, event.interactionId);
  }

  /**
   * Send replies straight to a chat, split to the platform's limit, not through the outbox: only for
   * the apology after a failed event, which changed nothing, and the answer to a forget, which must
   * not be stored. Failures are logged, not thrown.
   */
  private async sendTo(chat: ChatRef, replies: Outbound[], replyTo: string | undefined): Promise<void> {
    const adapter = this.adapters.get(parseChatRef(chat).platform);
    if (!adapter) return;
    const max = adapter.capabilities(chat).maxText;
    for (const reply of replies) {
      for (const piece of splitMessage(reply, max, adapter.measureText?.bind(adapter))) {
        const msg: Outbound = { ...piece, ...(replyTo ? { replyTo } : {}) };
        try {
          await this.delivery.paced(adapter.platform, chat, () => adapter.send(chat, msg, `reply:${replyTo ?? randomUUID()}:${randomUUID()}`));
        } catch (err) {
          this.log.warn({ err: { name: (err as Error).name, code: (err as { code?: string }).code }, platform: parseChatRef(chat).platform }, "reply not sent");
        }
      }
    }
  }
}
