/**
 * Live interactions and how they get answered. Discord wants an acknowledgement within 3 s and
 * then accepts replies through the interaction token for 15 min. We reply directly when the core
 * is quick, defer when it is not (type 5 for commands, 6 for buttons), then fill the deferred
 * placeholder or send follow-ups. Every step for one interaction runs in order (a small queue),
 * so the defer timer and a reply from the core never race.
 */
import { InteractionResponseType, MessageFlags, type RawFile, type REST, Routes } from "discord.js";
import type { Logger } from "../../src/core/port.js";
import { DiscordCodes, toAdapterError } from "./errors.js";
import type { DiscordMessage, MessageBody } from "./outbound.js";

/** Timings for answering interactions. */
export interface InteractionTimings {
  /** Defer when the core has not replied within this (Discord's hard limit is 3000 ms). */
  deferAfterMs: number;
  /** Treat the token as dead after this (Discord: 15 min). */
  ttlMs: number;
  /** Whether a deferred command's placeholder is ephemeral (private until the reply shows). */
  deferEphemeral: boolean;
}

type Ack = "none" | "deferred-reply" | "deferred-update" | "replied" | "updated";

interface Live {
  id: string;
  token: string;
  kind: "command" | "button";
  channelId: string;
  userId: string;
  componentMessageId: string | undefined;
  receivedAt: number;
  ack: Ack;
  /** A deferred reply's "thinking..." placeholder that no reply has filled yet. */
  placeholderPending: boolean;
  queue: Promise<unknown>;
  timer: NodeJS.Timeout | undefined;
}

/** Keep at most this many remembered ids (interactions, idempotency keys). */
const MEMORY = 2000;

function remember<K, V>(map: Map<K, V>, key: K, value: V): void {
  map.set(key, value);
  if (map.size > MEMORY) map.delete(map.keys().next().value as K);
}

/** REST request fields for uploads: none at all when there is nothing to upload (plain JSON). */
function withFiles(files: RawFile[]): { files?: RawFile[] } {
  return files.length > 0 ? { files } : {};
}

export class InteractionDesk {
  private readonly live = new Map<string, Live>();
  /** Interaction id -> user id, kept past expiry so an ephemeral reply can fall back to a DM. */
  private readonly users = new Map<string, string>();
  /** Idempotency key -> message id of interaction replies already delivered. */
  private readonly delivered = new Map<string, string>();

  constructor(
    private readonly rest: REST,
    private readonly applicationId: string,
    private readonly timings: InteractionTimings,
    private readonly log: Logger,
  ) {}

  /** Start tracking an interaction the core is about to handle; arms the defer timer. */
  track(raw: { id: string; token: string; channelId: string; userId: string; kind: "command" | "button"; componentMessageId?: string }): void {
    const it: Live = { ...raw, componentMessageId: raw.componentMessageId, receivedAt: Date.now(), ack: "none", placeholderPending: false, queue: Promise.resolve(), timer: undefined };
    it.timer = setTimeout(() => void this.inOrder(it, () => this.acknowledge(it)).catch(() => {}), this.timings.deferAfterMs);
    this.live.set(it.id, it);
    remember(this.users, it.id, it.userId);
  }

  /** The core finished with the event: make sure Discord got an acknowledgement. */
  async finish(id: string): Promise<void> {
    const it = this.usable(id);
    if (it) await this.inOrder(it, () => this.acknowledge(it)).catch(() => {});
  }

  /** The user behind an interaction, even after it expired (for a DM fallback). */
  userOf(id: string): string | undefined {
    return this.users.get(id);
  }

  /**
   * Answer interaction `id` in `channelId` with `message` (its files uploaded with it). Returns the
   * message id, or null when the interaction is not usable (unknown, expired, other channel) and
   * the caller must fall back.
   */
  async respond(id: string, channelId: string, message: DiscordMessage, ephemeral: boolean, idempotencyKey: string): Promise<string | null> {
    const done = this.delivered.get(idempotencyKey);
    if (done) return done;
    const it = this.usable(id);
    if (!it || it.channelId !== channelId) return null;
    const messageId = await this.inOrder(it, () => this.reply(it, message, ephemeral));
    if (messageId) remember(this.delivered, idempotencyKey, messageId);
    return messageId;
  }

  /**
   * Replace the message that carried a pressed button, as the press's own answer (type 7).
   * False when no unanswered press of that message is live; the caller edits through the channel.
   */
  async updateComponentMessage(messageId: string, body: MessageBody): Promise<boolean> {
    const it = [...this.live.values()].find((x) => x.componentMessageId === messageId && x.ack === "none");
    if (!it || !this.usable(it.id)) return false;
    return this.inOrder(it, async () => {
      if (it.ack !== "none") return false;
      await this.callback(it, { type: InteractionResponseType.UpdateMessage, data: body });
      this.settle(it, "updated");
      return true;
    });
  }

  /** Answer an interaction we will not hand to the core, with a short private note. */
  async refuse(raw: { id: string; token: string }, text: string): Promise<void> {
    await this.rest
      .post(Routes.interactionCallback(raw.id, raw.token), {
        auth: false,
        body: { type: InteractionResponseType.ChannelMessageWithSource, data: { content: text, flags: MessageFlags.Ephemeral, allowed_mentions: { parse: [] } } },
      })
      .catch((err: unknown) => this.log.warn({ code: toAdapterError(err).code }, "discord: refusal could not be sent"));
  }

  /**
   * Answer an autocomplete interaction with its choices (type 8). It cannot be deferred: the
   * choices were read synchronously, and this is the one request made for it.
   */
  async suggest(raw: { id: string; token: string }, choices: { name: string; value: string | number }[]): Promise<void> {
    await this.rest
      .post(Routes.interactionCallback(raw.id, raw.token), {
        auth: false,
        body: { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices } },
      })
      .catch((err: unknown) => this.log.warn({ code: toAdapterError(err).code }, "discord: autocomplete choices could not be sent"));
  }

  /** Forget everything and stop timers (adapter stop). */
  clear(): void {
    for (const it of this.live.values()) clearTimeout(it.timer);
    this.live.clear();
  }

  private usable(id: string): Live | undefined {
    const it = this.live.get(id);
    if (!it) return undefined;
    if (Date.now() - it.receivedAt > this.timings.ttlMs) {
      clearTimeout(it.timer);
      this.live.delete(id);
      return undefined;
    }
    return it;
  }

  private inOrder<T>(it: Live, step: () => Promise<T>): Promise<T> {
    const next = it.queue.catch(() => {}).then(step);
    it.queue = next;
    return next;
  }

  private settle(it: Live, ack: Ack): void {
    it.ack = ack;
    clearTimeout(it.timer);
  }

  private async callback(it: Live, body: object, withResponse = false, files: RawFile[] = []): Promise<unknown> {
    return this.rest.post(Routes.interactionCallback(it.id, it.token), {
      auth: false,
      body,
      ...(withResponse ? { query: new URLSearchParams({ with_response: "true" }) } : {}),
      ...withFiles(files),
    });
  }

  /** Defer if nothing has acknowledged the interaction yet. */
  private async acknowledge(it: Live): Promise<void> {
    if (it.ack !== "none") return;
    try {
      if (it.kind === "button") {
        await this.callback(it, { type: InteractionResponseType.DeferredMessageUpdate });
        this.settle(it, "deferred-update");
      } else {
        const flags = this.timings.deferEphemeral ? MessageFlags.Ephemeral : 0;
        await this.callback(it, { type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags } });
        this.settle(it, "deferred-reply");
        it.placeholderPending = true;
      }
    } catch (err) {
      this.forgetIfDead(it, err);
      this.log.warn({ code: toAdapterError(err).code }, "discord: could not acknowledge an interaction");
    }
  }

  private async reply(it: Live, { body, files }: DiscordMessage, ephemeral: boolean): Promise<string | null> {
    const flags = ephemeral ? MessageFlags.Ephemeral : 0;
    try {
      if (it.ack === "none") {
        const data = { ...body, flags };
        const res = (await this.callback(it, { type: InteractionResponseType.ChannelMessageWithSource, data }, true, files)) as {
          resource?: { message?: { id?: string } };
        };
        this.settle(it, "replied");
        return res?.resource?.message?.id ?? it.id;
      }
      const deferredEphemeral = this.timings.deferEphemeral;
      if (it.placeholderPending && deferredEphemeral === ephemeral) {
        it.placeholderPending = false;
        const route = Routes.webhookMessage(this.applicationId, it.token, "@original");
        const msg = (await this.rest.patch(route, { auth: false, body, ...withFiles(files) })) as { id: string };
        return msg.id;
      }
      const msg = (await this.rest.post(Routes.webhook(this.applicationId, it.token), {
        auth: false,
        body: { ...body, flags },
        query: new URLSearchParams({ wait: "true" }),
        ...withFiles(files),
      })) as { id: string };
      if (it.placeholderPending) {
        // The placeholder's visibility does not match this reply: remove it rather than leave "thinking...".
        it.placeholderPending = false;
        await this.rest.delete(Routes.webhookMessage(this.applicationId, it.token, "@original"), { auth: false }).catch(() => {});
      }
      return msg.id;
    } catch (err) {
      if (this.forgetIfDead(it, err)) return null;
      throw toAdapterError(err, "discord interaction reply");
    }
  }

  /** Drop an interaction Discord no longer knows (expired token); true if it was that. */
  private forgetIfDead(it: Live, err: unknown): boolean {
    const e = err as { code?: unknown; status?: unknown };
    const dead = e.code === DiscordCodes.UnknownInteraction || e.code === 10015 || e.code === 50027;
    if (dead) {
      clearTimeout(it.timer);
      this.live.delete(it.id);
    }
    return dead;
  }
}
