/**
 * The Discord adapter: discord.js for the gateway (Guilds intent only, no message content) and
 * REST; everything people do arrives as slash commands and button presses (interactions).
 */
import type { APIInteraction } from "discord.js";
import { type Client, type RawFile, REST, Routes } from "discord.js";
import {
  AdapterError,
  type AdapterHost,
  type Capabilities,
  type ChatRef,
  type CommandMenuEntry,
  type Logger,
  type Pacing,
  type PlatformAdapter,
  type SendResult,
  type Outbound,
  STOP_WITHIN_MS,
  settleWithin,
} from "../../src/core/port.js";
import { buildCommands, declaredFromRegistered, sameCommands } from "./commands.js";
import { buttonKey } from "./custom-id.js";
import { toAdapterError } from "./errors.js";
import { gatewayClient, loginAndWait } from "./gateway.js";
import { InteractionDesk } from "./interactions.js";
import { escapedLength } from "./markdown.js";
import { notice } from "./notices.js";
import { DEFAULT_TUNING, type DiscordAdapterOptions, type DiscordTuning, restOptions } from "./options.js";
import {
  autocompleteChoices,
  autocompleteQuery,
  channelIdOf,
  type DeclaredOptions,
  interactionToEvent,
  localeOf,
} from "./translate.js";
import { nonceFor, outboundToBody, outboundToMessage, withEphemeral } from "./outbound.js";

export type { DiscordAdapterOptions, DiscordTuning } from "./options.js";

const CAPABILITIES: Capabilities = {
  e2ee: false,
  buttons: true,
  edits: true,
  ephemeral: true,
  maxText: 2000,
  idempotentSends: true,
  images: true,
};
/**
 * Discord's send limits: 50 requests per second for the bot (the global rate limit,
 * https://discord.com/developers/docs/topics/rate-limits#global-rate-limit), and 5 messages per
 * 5 s in one channel, DM channels included (the bucket of `POST /channels/{id}/messages` answers
 * with `X-RateLimit-Limit: 5` and `X-RateLimit-Reset-After: 5`; the docs leave per-route numbers to
 * those headers).
 */
const PACING: Pacing = {
  perWindow: 50,
  windowMs: 1000,
  perChat: { limit: 5, windowMs: 5000 },
  // "Interaction endpoints are not bound to the bot's Global Rate Limit"
  // (https://discord.com/developers/docs/interactions/receiving-and-responding#endpoints), and an
  // answer goes to the interaction's webhook, not the channel's message route.
  interactionKey: (id) => `${INTERACTION_KEY_PREFIX}${id}`,
};
/** Pacing keys of interaction answers; no limit counts them (see PACING). */
const INTERACTION_KEY_PREFIX = "discord-interaction:";
const SEEN_LIMIT = 2000;

class DiscordAdapter implements PlatformAdapter {
  readonly platform = "discord" as const;
  /** A first message to a person costs two requests: opening the DM channel, then the message. */
  readonly pacing: Pacing = {
    ...PACING,
    requestsPerSend: (target) => (target.kind === "direct" && !this.dmChannels.has(target.id) ? 2 : 1),
  };
  private readonly tuning: DiscordTuning;
  private readonly rest: REST;
  private readonly key: Buffer;
  private readonly desk: InteractionDesk;
  private readonly dmChannels = new Map<string, string>();
  private readonly seen = new Set<string>();
  private declared: DeclaredOptions = new Map();
  private client: Client | null = null;
  private starting: Promise<void> | null = null;
  private host: AdapterHost | null = null;
  /** Aborted by stop(): the adapter's REST requests in flight (sends, replies) end with it. */
  private lifetime = new AbortController();
  /** Aborted by stop() or a failed start: the client's wait for the gateway and its requests. */
  private attempt = new AbortController();

  constructor(
    private readonly options: DiscordAdapterOptions,
    private readonly log: Logger,
  ) {
    this.tuning = { ...DEFAULT_TUNING, ...options.tuning };
    this.rest = new REST(restOptions(options, this.tuning, () => this.lifetime.signal)).setToken(options.token);
    this.key = buttonKey(options.token);
    this.desk = new InteractionDesk(
      this.rest,
      options.applicationId,
      { deferAfterMs: this.tuning.deferAfterMs, ttlMs: this.tuning.interactionTtlMs, deferEphemeral: this.tuning.deferEphemeral },
      log,
    );
  }

  /** Discord's 2000 characters count the markdown escapes too. */
  measureText(text: string): number {
    return escapedLength(text);
  }

  capabilities(_chat: ChatRef): Capabilities {
    return CAPABILITIES;
  }

  start(host: AdapterHost): Promise<void> {
    this.host = host;
    if (!this.starting) {
      if (this.lifetime.signal.aborted) this.lifetime = new AbortController();
      this.attempt = new AbortController();
      const signal = this.attempt.signal;
      this.starting = this.connect(signal).catch(async (err: unknown) => {
        if (signal.aborted) throw new AdapterError("TRANSIENT", "discord: stopped while starting");
        // A failed start leaves nothing running: no client, no request, no timer.
        await this.teardown();
        throw toAdapterError(err, "discord start");
      });
    }
    return this.starting;
  }

  async stop(): Promise<void> {
    const starting = this.starting;
    this.lifetime.abort();
    await this.teardown();
    // The start cut short settles at once (its wait ends with the lifetime); not later than stop.
    if (starting) await settleWithin(starting, STOP_WITHIN_MS);
  }

  /** End the client: its wait and requests in flight, its gateway; forget interactions. */
  private async teardown(): Promise<void> {
    this.attempt.abort();
    const client = this.client;
    this.client = null;
    this.starting = null;
    this.desk.clear();
    if (client) await settleWithin(client.destroy(), STOP_WITHIN_MS);
  }

  async send(chat: ChatRef, msg: Outbound, idempotencyKey: string): Promise<SendResult> {
    const channelId = channelIdOf(chat);
    const { body, files } = outboundToMessage(msg, this.key, CAPABILITIES.maxText);
    if (msg.replyTo) {
      const reply = { body: withEphemeral(body, msg.ephemeral), files };
      const answered = await this.desk.respond(msg.replyTo, channelId, reply, Boolean(msg.ephemeral), idempotencyKey);
      if (answered) return { messageId: answered };
      if (msg.ephemeral) {
        // The interaction is gone; a private answer must not land in the channel: send it as a DM.
        const user = this.desk.userOf(msg.replyTo) ?? msg.replyToUser;
        if (!user) throw new AdapterError("REJECTED", "discord: private reply to an interaction that is no longer known");
        const { replyTo: _replyTo, replyToUser: _user, ...direct } = msg;
        return this.sendDirect(user, { ...direct, ephemeral: false }, idempotencyKey);
      }
    }
    return this.post(channelId, body, files, idempotencyKey);
  }

  async sendDirect(user: string, msg: Outbound, idempotencyKey: string): Promise<SendResult> {
    if (!/^\d{1,25}$/.test(user)) throw new AdapterError("REJECTED", "discord: not a user id");
    const { body, files } = outboundToMessage(msg, this.key, CAPABILITIES.maxText);
    let channelId = this.dmChannels.get(user);
    if (!channelId) {
      try {
        const channel = (await this.rest.post(Routes.userChannels(), { body: { recipient_id: user } })) as { id: string };
        channelId = channel.id;
      } catch (err) {
        throw toAdapterError(err, "discord open DM");
      }
      this.dmChannels.set(user, channelId);
    }
    return this.post(channelId, body, files, idempotencyKey);
  }

  async edit(chat: ChatRef, messageId: string, msg: Outbound): Promise<void> {
    const channelId = channelIdOf(chat);
    const body = outboundToBody(msg, this.key, CAPABILITIES.maxText);
    try {
      if (await this.desk.updateComponentMessage(messageId, body)) return;
      await this.rest.patch(Routes.channelMessage(channelId, messageId), { body });
    } catch (err) {
      throw toAdapterError(err, "discord edit");
    }
  }

  async publishCommands(menu: CommandMenuEntry[]): Promise<void> {
    const global = this.options.guilds.length === 0;
    const { commands, declared } = buildCommands(menu, global);
    this.declared = declared;
    const routes = global
      ? [Routes.applicationCommands(this.options.applicationId)]
      : this.options.guilds.map((g) => Routes.applicationGuildCommands(this.options.applicationId, g));
    for (const route of routes) {
      try {
        const registered = (await this.rest.get(route)) as unknown[];
        if (sameCommands(registered, commands)) continue;
        await this.rest.put(route, { body: commands });
        this.log.info({ commands: commands.length }, "discord: slash commands registered");
      } catch (err) {
        throw toAdapterError(err, "discord command registration");
      }
    }
  }

  async doctor(): Promise<string[]> {
    try {
      await this.rest.get(Routes.user("@me"));
      return [];
    } catch (err) {
      const e = toAdapterError(err);
      if (e.code === "UNAUTHORIZED") return ["discord: the bot token was rejected (401 Unauthorized)"];
      return [`discord: the API did not answer as expected (${e.code})`];
    }
  }

  /**
   * POST a channel message with a nonce derived from the idempotency key, enforced by Discord.
   * With files it goes as multipart (the body in payload_json), and the nonce still holds.
   */
  private async post(channelId: string, body: object, files: RawFile[], idempotencyKey: string): Promise<SendResult> {
    try {
      const message = (await this.rest.post(Routes.channelMessages(channelId), {
        body: { ...body, nonce: nonceFor(channelId, idempotencyKey), enforce_nonce: true },
        ...(files.length > 0 ? { files } : {}),
      })) as { id: string };
      return { messageId: message.id };
    } catch (err) {
      const e = toAdapterError(err, "discord send");
      this.log.warn({ code: e.code, chat: `discord:${channelId}` }, "discord: send failed");
      throw e;
    }
  }

  private async connect(signal: AbortSignal): Promise<void> {
    const client = gatewayClient(this.options, this.tuning, signal, this.log, (raw) => void this.onInteraction(raw));
    this.client = client;
    await loginAndWait(client, this.options.token, this.tuning.readyTimeoutMs, signal);
    if (this.client !== client || signal.aborted) throw new AdapterError("TRANSIENT", "discord: stopped while starting");
    this.log.info({ guilds: client.guilds.cache.size }, "discord: connected");
    if (this.declared.size === 0) await this.learnDeclaredOptions();
  }

  /** After a restart, read the registered commands so option order is known before publishing. */
  private async learnDeclaredOptions(): Promise<void> {
    const { applicationId, guilds } = this.options;
    const route = guilds[0] ? Routes.applicationGuildCommands(applicationId, guilds[0]) : Routes.applicationCommands(applicationId);
    try {
      this.declared = declaredFromRegistered((await this.rest.get(route)) as unknown[]);
    } catch (err) {
      this.log.warn({ code: toAdapterError(err).code }, "discord: could not read registered commands");
    }
  }

  private async onInteraction(raw: APIInteraction): Promise<void> {
    const host = this.host;
    if (!host || this.seen.has(raw.id)) return;
    this.seen.add(raw.id);
    if (this.seen.size > SEEN_LIMIT) this.seen.delete(this.seen.values().next().value as string);
    const { guilds, roleMap } = this.options;
    if (raw.guild_id && guilds.length > 0 && !guilds.includes(raw.guild_id)) {
      await this.desk.refuse(raw, notice("otherGuild", localeOf(raw)));
      return;
    }
    const asked = autocompleteQuery(raw, roleMap);
    if (asked) {
      await this.desk.suggest(raw, autocompleteChoices(asked.integer, host.suggest?.(asked.query) ?? []));
      return;
    }
    const read = interactionToEvent(raw, { roleMap, declared: this.declared, buttonKey: this.key });
    if (read.kind === "forged-button") {
      this.log.warn({ chat: `discord:${raw.channel?.id ?? "?"}` }, "discord: refused a button id this bot did not mint");
      await this.desk.refuse(raw, notice("staleButton", localeOf(raw)));
      return;
    }
    if (read.kind !== "event" || !raw.channel) return;
    this.desk.track({
      id: raw.id,
      token: raw.token,
      channelId: raw.channel.id,
      userId: read.event.kind === "membership" ? "" : read.event.author.id,
      kind: read.event.kind === "action" ? "button" : "command",
      ...(read.event.kind === "action" && read.event.messageId ? { componentMessageId: read.event.messageId } : {}),
    });
    try {
      await host.dispatch(read.event);
    } catch {
      // The core promises not to throw; if it does, still acknowledge below.
      this.log.error({ chat: read.event.chat }, "discord: the core failed on an interaction");
    }
    await this.desk.finish(raw.id);
  }
}

/** Create the Discord adapter. Nothing connects until start(). */
export function createDiscordAdapter(options: DiscordAdapterOptions, deps: { log: Logger }): PlatformAdapter {
  return new DiscordAdapter(options, deps.log);
}
