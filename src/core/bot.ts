import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { Registry } from "./commands/registry.js";
import { CommandRefs } from "./commands/command-refs.js";
import { parseStage } from "./parse-stage.js";
import {
  type Authorised,
  authorise,
  type Party,
  type ParsedCommand,
  type Ran,
  type Refusal,
  type Refused,
  refusal,
  resolveChatAndPerson,
  validate,
} from "./pipeline.js";
import { CommandContext, type CoreServices, UserError } from "./context.js";
import { type Lang, type MessageKey, t, tn } from "./i18n/catalog.js";
import { describeWait } from "./limits.js";
import { sendable, splitMessage } from "./text.js";
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
import { safeError } from "../errors.js";

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

export { MAX_ARGS_LENGTH } from "./parse-stage.js";

/**
 * The core's front door. Adapters hand it events; it runs the one command pipeline (parse, find,
 * check network and role, validate, run in one transaction, answer) and never throws back.
 */
export class Bot {
  /** One transaction wrapper, made once: better-sqlite3 builds a new one on every `transaction()` call. */
  private readonly inTransaction: ReturnType<CoreServices["db"]["transaction"]>;
  /** Events refused because they passed a limit (a line too long), since start: a script's exit status. */
  refusedByLimit = 0;
  /** Writes the commands replies name as each platform types them. */
  private readonly refs: CommandRefs;

  constructor(
    private readonly services: CoreServices,
    private readonly registry: Registry,
    private readonly adapters: ReadonlyMap<Platform, PlatformAdapter>,
    private readonly delivery: DeliveryWaker,
    private readonly log: Logger,
  ) {
    this.inTransaction = services.db.transaction((fn: () => unknown) => fn());
    this.refs = new CommandRefs(registry);
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
      this.log.error({ err: safeError(err), event: event.kind }, "event failed");
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
  private queueReplies(event: ChatEvent, replies: readonly Outbound[], now: number, keys: readonly (string | undefined)[] = []): number[] {
    const { outbox } = this.services;
    const { platform } = parseChatRef(event.chat);
    const base = `${REPLY_KEY_PREFIX}${platform}:${event.eventId ?? randomUUID()}`;
    const thread =
      event.kind !== "membership" && event.interactionId ? { replyTo: event.interactionId, replyToUser: event.author.id } : {};
    const ids: number[] = [];
    replies.forEach((reply, i) => {
      const id = outbox.enqueueClaimed({ key: keys[i] ?? `${base}:${i}`, target: { kind: "chat", chat: event.chat }, msg: { ...reply, ...thread } }, now);
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

  /**
   * The command pipeline, as named stages: resolve the chat and the person, parse the line (and
   * count it against the flood limits), authorise, validate the arguments, run in one transaction,
   * respond after commit. A stage that refuses answers and ends the pipeline.
   */
  private async onCommand(event: CommandEvent | ActionEvent): Promise<void> {
    if (event.author.isBot) return;
    const party = resolveChatAndPerson(this.services, this.adapters, event);
    if (!party) return;
    const parsed = parseStage(this.registry, this.services, event, party, () => this.refusedByLimit++);
    if (parsed.kind === "claimed") return this.onCommand(parsed.event);
    if (parsed.kind === "refused") return this.refuse(event, parsed.refusal);
    const authorised = authorise(this.services, event, party, parsed.spec);
    if ("refusal" in authorised) return this.refuse(event, authorised.refusal);
    const validated = validate(this.registry, party, parsed, authorised.network, event);
    if ("refusal" in validated) return this.refuse(event, validated.refusal);
    const done = this.runInTransaction(event, party, parsed, authorised, validated.args);
    if (done === null) return;
    if ("refusal" in done) return this.refuse(event, done.refusal);
    await this.respond(event, party, parsed, done);
  }

  /**
   * Stage 5: the command's own limit, then the handler in one IMMEDIATE transaction with the person's
   * record, their membership and the replies it queued. Null when the event was handled before.
   */
  private runInTransaction(
    event: CommandEvent | ActionEvent,
    party: Party,
    parsed: ParsedCommand,
    authorised: Authorised,
    args: Record<string, unknown>,
  ): Ran | Refused | null {
    const { people } = this.services;
    const { spec, line, now } = parsed;
    const { platform, chat, record, lang } = party;
    const { network, roles } = authorised;
    if (spec.limit) {
      const over = this.services.limits.check(spec.limit, party.who, now);
      if (over.waitMs > 0) {
        this.refusedByLimit++;
        // The core's message for its own limits, the job's for a job's (each catalog has `limit.<name>`).
        const text = tn(lang, `limit.${spec.limit}` as MessageKey, over.max, { wait: describeWait(lang, over.waitMs) });
        return { kind: "refused", refusal: { via: "answer", replies: [{ text }] } };
      }
    }
    // Commands see the inert line, except those whose evidence is the text exactly as typed.
    const seen = event.kind === "command" ? { ...event, name: line.name, args: spec.readsRawText ? event.args : line.args } : event;
    const ctx = new CommandContext(this.services, seen, chat, lang, network, roles, now);
    try {
      const replyIds = this.once(event, ctx.now, () => {
        const self = people.upsert(platform, event.author, parsed.spoken ?? (event.isDirect ? null : (record?.lang ?? null)));
        ctx.bindPerson(self);
        if (network) people.touchMembership(network.id, self.id, ctx.now);
        if (event.isDirect && this.services.outbox.releaseHeld(platform, event.author.id, ctx.now) > 0) {
          ctx.touchedPlatforms.add(platform);
        }
        spec.run(ctx, args);
        // After a forget, the answer is not stored: it would record the person just forgotten.
        const ids = ctx.eraseRequested ? [] : this.queueReplies(event, ctx.replies, ctx.now, ctx.replyKeys);
        crashPoint("before-commit");
        return ids;
      });
      return replyIds === null ? null : { ctx, replyIds };
    } catch (err) {
      if (err instanceof UserError) return refusal(lang, err.code, err.params);
      throw err;
    }
  }

  /** Stage 6, after commit: count the limit, compact after a forget, wake delivery, send the replies, redraw the button's message. */
  private async respond(event: CommandEvent | ActionEvent, party: Party, parsed: ParsedCommand, ran: Ran): Promise<void> {
    const { spec, now } = parsed;
    const { platform, adapter, chat } = party;
    const { ctx, replyIds } = ran;
    if (spec.limit) this.services.limits.record(spec.limit, party.who, now);
    if (ctx.eraseRequested) this.eraseNow(ctx.now);
    for (const p of ctx.touchedPlatforms) this.delivery.wake(p);
    crashPoint("after-commit");
    if (ctx.eraseRequested) await this.send(event, ctx.replies);
    else await this.delivery.deliverNow(platform, replyIds);
    if (ctx.originUpdate && event.kind === "action" && event.messageId && chat.caps.edits && adapter.edit) {
      const { messageId } = event;
      const update = sendable(this.refs.forChat(ctx.originUpdate, chat.caps));
      await this.delivery.paced(platform, event.chat, () => adapter.edit!(event.chat, messageId, update)).catch((err: unknown) => {
        this.log.warn({ err: safeError(err), platform }, "button message not updated");
      });
    }
  }

  /** Answer a refusal: durably and once, or straight to the chat (a flood notice), or not at all. */
  private refuse(event: CommandEvent | ActionEvent, refusal: Refusal): Promise<void> {
    if (refusal.via === "none") return Promise.resolve();
    return refusal.via === "direct" ? this.send(event, refusal.replies) : this.answer(event, refusal.replies);
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
      this.log.warn({ err: safeError(err) }, "database compaction failed; will retry");
    }
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
    const caps = adapter.capabilities(chat);
    for (const reply of replies) {
      for (const piece of splitMessage(this.refs.forChat(reply, caps), caps.maxText, adapter.measureText?.bind(adapter))) {
        const msg: Outbound = { ...piece, ...(replyTo ? { replyTo } : {}) };
        try {
          await this.delivery.paced(adapter.platform, chat, () => adapter.send(chat, msg, `reply:${replyTo ?? randomUUID()}:${randomUUID()}`));
        } catch (err) {
          this.log.warn({ err: safeError(err), platform: parseChatRef(chat).platform }, "reply not sent");
        }
      }
    }
  }
}
