/**
 * A stateful fake Discord on 127.0.0.1 (port 0): REST API under /api/v10 and the gateway under
 * /gateway on the same port. The real discord.js talks to it. Tests drive it as people would
 * (slash commands, button presses) and read what the platform holds.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type Fault, Faults, RealLimits, rateLimitAnswer } from "./faults.js";
import { FakeGateway } from "./gateway.js";
import { parseBody } from "./multipart.js";
import { buttonInteractionPayload, type SlashOption, slashInteractionPayload } from "./payloads.js";
import { RestRouter } from "./rest.js";
import { InteractionEndpoints, type InteractionRules } from "./rest-interactions.js";
import { type FakeChannel, FakeDiscordState, type FakeInteraction, type FakeUser } from "./state.js";
import type { Answer } from "./validate.js";

export interface FakeDiscordOptions {
  token?: string;
  applicationId?: string;
  /** Discord allows 3000 ms to acknowledge an interaction; tests may shrink it. */
  ackWindowMs?: number;
  tokenTtlMs?: number;
}

/** An attachment as tests read it: name, alt text, type and the bytes the bot uploaded. */
export interface StoredFile {
  filename: string;
  description: string | undefined;
  contentType: string | undefined;
  bytes: Buffer;
}

export class FakeDiscord {
  readonly state = new FakeDiscordState();
  readonly faults = new Faults();
  /** Added before every REST answer, to model a network round trip in benchmarks. */
  latencyMs = 0;
  readonly token: string;
  readonly applicationId: string;
  readonly rules: InteractionRules;
  readonly rest: RestRouter;
  readonly gateway: FakeGateway;
  private readonly server: Server;
  private port = 0;
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(options: FakeDiscordOptions) {
    this.token = options.token ?? "fake-bot-token";
    this.applicationId = options.applicationId ?? this.state.ids.next();
    this.rules = { ackWindowMs: options.ackWindowMs ?? 3000, tokenTtlMs: options.tokenTtlMs ?? 15 * 60 * 1000 };
    this.server = createServer((req, res) => void this.onRequest(req, res));
    const gatewayUrl = () => `ws://127.0.0.1:${this.port}/gateway`;
    this.gateway = new FakeGateway(this.server, this.state, this.token, this.applicationId, gatewayUrl);
    const interactions = new InteractionEndpoints(this.state, this.applicationId, this.rules);
    this.rest = new RestRouter(this.state, this.token, this.applicationId, () => this.gateway, gatewayUrl, interactions);
  }

  /** Start a fake on a free loopback port. */
  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    await new Promise<void>((resolve) => fake.server.listen(0, "127.0.0.1", resolve));
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  /** What to pass as discord.js `rest.api` (the adapter's apiBase). */
  get apiBase(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- test controls -------------------------------------------------------------------------

  /** Arm a fault for the next `count` REST requests (optionally only those whose "METHOD /path" contains `match`). */
  inject(fault: Fault, count = 1, match?: string): void {
    this.faults.arm(fault, count, match);
  }

  /** Enforce Discord's real limits (50 req/s per bot, 5 messages per 5 s per channel), for benchmarks. */
  enforceRealLimits(on = true): RealLimits | null {
    this.faults.limits = on ? new RealLimits() : null;
    return this.faults.limits;
  }

  /** A person types a slash command in `channel`. Returns the interaction record, updated as the bot answers. */
  slashCommand(
    user: FakeUser,
    channel: FakeChannel,
    command: { name: string; options?: SlashOption[]; locale?: string },
  ): FakeInteraction {
    const record = this.newInteraction(2, channel, user, null);
    const list = channel.guildId ? this.state.guildCommands.get(channel.guildId) : undefined;
    const commandId = [...(list ?? []), ...this.state.globalCommands].find((c) => c.name === command.name)?.id ?? this.state.ids.next();
    const payload = slashInteractionPayload(this.state, this.applicationId, { ...record, commandId }, channel, user, command);
    this.gateway.dispatch("INTERACTION_CREATE", payload, 0);
    return record;
  }

  /**
   * A person is typing in an option marked autocomplete: `options` as for `slashCommand`, the one
   * being typed with `focused: true`. The bot's choices land in the record's `choices`.
   */
  autocomplete(user: FakeUser, channel: FakeChannel, command: { name: string; options: SlashOption[]; locale?: string }): FakeInteraction {
    const record = this.newInteraction(4, channel, user, null);
    const list = channel.guildId ? this.state.guildCommands.get(channel.guildId) : undefined;
    const commandId = [...(list ?? []), ...this.state.globalCommands].find((c) => c.name === command.name)?.id ?? this.state.ids.next();
    const payload = { ...slashInteractionPayload(this.state, this.applicationId, { ...record, commandId }, channel, user, command), type: 4 };
    this.gateway.dispatch("INTERACTION_CREATE", payload, 0);
    return record;
  }

  /** A person presses the button with `customId` on message `messageId` (or any id, to forge one). */
  pressButton(user: FakeUser, channel: FakeChannel, messageId: string, customId: string, locale?: string): FakeInteraction {
    const record = this.newInteraction(3, channel, user, messageId);
    const message = this.state.messageById(messageId) ?? { id: messageId, channel_id: channel.id, content: "" };
    const payload = buttonInteractionPayload(
      this.state,
      this.applicationId,
      record,
      channel,
      user,
      { ...message, author: this.state.bot, timestamp: new Date().toISOString(), edited_timestamp: null,
        tts: false, mention_everyone: false, mentions: [], mention_roles: [], attachments: this.state.messageById(messageId)?.attachments ?? [], embeds: [], pinned: false },
      customId,
      locale,
    );
    this.gateway.dispatch("INTERACTION_CREATE", payload, 0);
    return record;
  }

  /** Texts everyone sees in a channel (no ephemeral messages), oldest first. */
  publicTexts(channelId: string): string[] {
    return this.state.visibleMessages(channelId).map((m) => m.content);
  }

  /** Texts `userId` sees in a channel, including ephemeral replies meant for them. */
  textsSeenBy(channelId: string, userId: string): string[] {
    return this.state.visibleMessages(channelId, userId).map((m) => m.content);
  }

  /** The files attached to a message, with their bytes, in upload order (none for an unknown message). */
  attachmentsOf(messageId: string): StoredFile[] {
    const message = this.state.messageById(messageId);
    return (message?.attachments ?? []).map((a) => ({
      filename: a.filename,
      description: a.description,
      contentType: a.content_type,
      bytes: this.state.files.get(a.id) ?? Buffer.alloc(0),
    }));
  }

  /** Texts in the person's DM channel with the bot (none if it was never opened). */
  dmTexts(userId: string): string[] {
    const dm = this.state.existingDmChannel(userId);
    return dm ? this.publicTexts(dm.id) : [];
  }

  private newInteraction(type: 2 | 3 | 4, channel: FakeChannel, user: FakeUser, componentMessageId: string | null): FakeInteraction {
    const record: FakeInteraction = {
      id: this.state.ids.next(),
      token: `itoken-${this.state.ids.next()}`,
      type,
      channelId: channel.id,
      guildId: channel.guildId,
      userId: user.id,
      createdAt: Date.now(),
      callbacks: [],
      callbackFlags: 0,
      originalMessageId: null,
      componentMessageId,
      followUpIds: [],
      expiredUnanswered: false,
    };
    this.state.interactions.set(record.id, record);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (record.callbacks.length === 0) record.expiredUnanswered = true;
    }, this.rules.ackWindowMs);
    timer.unref();
    this.timers.add(timer);
    return record;
  }

  // ---- HTTP plumbing -------------------------------------------------------------------------

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (!url.pathname.startsWith("/api/v10/")) return this.write(res, { status: 404, body: { message: "404: Not Found", code: 0 } });
    const path = url.pathname.slice("/api/v10".length);
    const method = req.method ?? "GET";
    const parsed = await parseBody(Buffer.concat(chunks), req.headers["content-type"]);
    if (!parsed) return this.write(res, { status: 400, body: { message: "400: Bad Request", code: 50109 } });
    const { body, uploads } = parsed;
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    const fault = this.faults.next(method, path) ?? this.faults.limits?.check(method, path)?.fault;
    if (fault?.kind === "429") {
      const { headers, body: limitBody } = rateLimitAnswer(fault);
      return this.write(res, { status: 429, headers, body: limitBody });
    }
    if (fault?.kind === "5xx") return this.write(res, { status: fault.status, body: { message: "Server error", code: 0 } });
    const answer = this.rest.handle({ method, path, query: url.searchParams, authorization: req.headers.authorization, body, uploads });
    if (fault?.kind === "delay") await new Promise((r) => setTimeout(r, fault.ms));
    this.write(res, answer);
  }

  private write(res: ServerResponse, answer: Answer): void {
    if (res.destroyed) return;
    const headers: Record<string, string> = { ...answer.headers };
    if (answer.body !== undefined) headers["content-type"] = "application/json";
    res.writeHead(answer.status, headers);
    res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
  }
}
