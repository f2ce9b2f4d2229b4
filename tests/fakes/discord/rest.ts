/**
 * The fake Discord REST API (v10) router: bot auth, gateway/bot, users/@me, DM channels, channel
 * messages with enforce_nonce and attachments (multipart uploads), application commands (global and per guild) and, through
 * InteractionEndpoints, interaction callbacks and webhooks.
 */
import { editedAttachments, newAttachments } from "./attachments.js";
import type { FakeGateway } from "./gateway.js";
import { INTENT_DIRECT_MESSAGES, INTENT_GUILD_MESSAGES } from "./gateway.js";
import { commandProblem } from "./command-rules.js";
import { channelPayload } from "./payloads.js";
import type { Upload } from "./multipart.js";
import type { InteractionEndpoints } from "./rest-interactions.js";
import { DM, type FakeCommand, type FakeDiscordState } from "./state.js";
import { type Answer, apiError, checkMessageBody } from "./validate.js";
import { pingsOf } from "./mentions.js";

/** How long Discord remembers a nonce for enforce_nonce. */
const NONCE_WINDOW_MS = 5 * 60 * 1000;

/** One parsed request. */
export interface Request {
  method: string;
  /** Path after /api/v10, without the query. */
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  body: Record<string, unknown> | unknown[];
  /** Files of a multipart request (`files[N]` parts). */
  uploads?: Upload[];
}

export class RestRouter {
  /** PUT requests on command routes, for tests asserting "registered only when changed". */
  commandPuts = 0;
  /** Why Discord refused a command registration, each time it did (empty when every PUT was valid). */
  readonly commandProblems: string[] = [];

  constructor(
    private readonly state: FakeDiscordState,
    private readonly token: string,
    private readonly appId: string,
    private readonly gateway: () => FakeGateway,
    private readonly gatewayUrl: () => string,
    private readonly interactions: InteractionEndpoints,
  ) {}

  handle(req: Request): Answer {
    const p = req.path.split("/").filter(Boolean).map(decodeURIComponent);
    const body = (Array.isArray(req.body) ? {} : req.body) as Record<string, unknown>;
    const uploads = req.uploads ?? [];
    // Interaction callbacks and webhooks authenticate with the token in the URL, not the bot token.
    if (p[0] === "interactions" && p.length === 4 && p[3] === "callback" && req.method === "POST") {
      return this.interactions.callback(p[1]!, p[2]!, body, req.query.get("with_response") === "true", uploads);
    }
    if (p[0] === "webhooks" && p.length >= 3) {
      const messageRef = p[3] === "messages" ? p[4] : undefined;
      return this.interactions.webhook(req.method, p[1]!, p[2]!, messageRef, body, req.query.get("wait") === "true", uploads);
    }
    if (req.authorization !== `Bot ${this.token}`) return apiError(401, 0, "401: Unauthorized");
    const route = `${req.method} /${p.map((s) => (/^\d+$/.test(s) ? ":id" : s)).join("/")}`;
    switch (route) {
      case "GET /gateway/bot":
        return {
          status: 200,
          body: {
            url: this.gatewayUrl(),
            shards: 1,
            session_start_limit: { total: 1000, remaining: 999, reset_after: 86400000, max_concurrency: 1 },
          },
        };
      case "GET /users/@me":
        return { status: 200, body: this.state.bot };
      case "POST /users/@me/channels":
        return this.openDm(body);
      case "GET /channels/:id":
        return this.getChannel(p[1]!);
      case "POST /channels/:id/messages":
        return this.postMessage(p[1]!, body, uploads);
      case "PATCH /channels/:id/messages/:id":
        return this.editMessage(p[1]!, p[3]!, body, uploads);
      case "GET /applications/:id/commands":
        return this.getCommands(p[1]!, null);
      case "PUT /applications/:id/commands":
        return this.putCommands(p[1]!, null, req.body);
      case "GET /applications/:id/guilds/:id/commands":
        return this.getCommands(p[1]!, p[3]!);
      case "PUT /applications/:id/guilds/:id/commands":
        return this.putCommands(p[1]!, p[3]!, req.body);
      default:
        return apiError(404, 0, "404: Not Found");
    }
  }

  private openDm(body: Record<string, unknown>): Answer {
    const userId = String(body.recipient_id ?? "");
    if (!this.state.users.has(userId)) return apiError(400, 50035, "Invalid Form Body");
    return { status: 200, body: channelPayload(this.state, this.state.dmChannel(userId)) };
  }

  private getChannel(id: string): Answer {
    const channel = this.state.channels.get(id);
    if (!channel) return apiError(404, 10003, "Unknown Channel");
    return { status: 200, body: channelPayload(this.state, channel) };
  }

  private postMessage(channelId: string, body: Record<string, unknown>, uploads: Upload[]): Answer {
    const channel = this.state.channels.get(channelId);
    if (!channel) return apiError(404, 10003, "Unknown Channel");
    if (channel.type === DM && channel.recipientId && this.state.dmsClosed.has(channel.recipientId)) {
      return apiError(403, 50007, "Cannot send messages to this user");
    }
    if (channel.guildId && !this.state.guild(channel.guildId).members.has(this.state.bot.id)) {
      return apiError(403, 50001, "Missing Access");
    }
    const bad = checkMessageBody(body, uploads.length === 0);
    if (bad) return bad;
    const nonce = body.nonce as string | number | undefined;
    const nonceKey = nonce !== undefined && body.enforce_nonce === true ? `${this.state.bot.id}:${nonce}` : undefined;
    if (nonceKey) {
      const seen = this.state.nonces.get(nonceKey);
      const earlier = seen && Date.now() - seen.at < NONCE_WINDOW_MS ? this.state.messageById(seen.messageId) : undefined;
      if (earlier) return { status: 200, body: earlier };
    }
    const attachments = newAttachments(this.state, body, uploads);
    if (!Array.isArray(attachments)) return attachments;
    const message = this.state.createMessage(channelId, {
      content: typeof body.content === "string" ? body.content : "",
      ...pingsOf(typeof body.content === "string" ? body.content : "", body.allowed_mentions),
      components: Array.isArray(body.components) ? body.components : [],
      attachments,
      ...(nonce !== undefined ? { nonce } : {}),
    });
    if (nonceKey) this.state.nonces.set(nonceKey, { messageId: message.id, at: Date.now() });
    const intent = channel.type === DM ? INTENT_DIRECT_MESSAGES : INTENT_GUILD_MESSAGES;
    this.gateway().dispatch("MESSAGE_CREATE", { ...message, guild_id: channel.guildId ?? undefined }, intent);
    return { status: 200, body: message };
  }

  private editMessage(channelId: string, messageId: string, body: Record<string, unknown>, uploads: Upload[]): Answer {
    if (!this.state.channels.has(channelId)) return apiError(404, 10003, "Unknown Channel");
    const message = this.state.findMessage(channelId, messageId);
    if (!message) return apiError(404, 10008, "Unknown Message");
    if (message.author.id !== this.state.bot.id) return apiError(403, 50005, "Cannot edit a message authored by another user");
    const bad = checkMessageBody(body, false);
    if (bad) return bad;
    const attachments = editedAttachments(this.state, message.attachments, body, uploads);
    if (!Array.isArray(attachments)) return attachments;
    if (typeof body.content === "string") message.content = body.content;
    if (Array.isArray(body.components)) message.components = body.components;
    message.attachments = attachments;
    message.edited_timestamp = new Date().toISOString();
    return { status: 200, body: message };
  }

  private commandList(guildId: string | null): FakeCommand[] | undefined {
    if (guildId === null) return this.state.globalCommands;
    if (!this.state.guilds.has(guildId)) return undefined;
    let list = this.state.guildCommands.get(guildId);
    if (!list) {
      list = [];
      this.state.guildCommands.set(guildId, list);
    }
    return list;
  }

  private getCommands(appId: string, guildId: string | null): Answer {
    if (appId !== this.appId) return apiError(403, 50001, "Missing Access");
    const list = this.commandList(guildId);
    if (!list) return apiError(404, 10004, "Unknown Guild");
    return { status: 200, body: list };
  }

  /** Bulk overwrite: the list becomes exactly `body`; ids survive for unchanged names. */
  private putCommands(appId: string, guildId: string | null, body: unknown): Answer {
    if (appId !== this.appId) return apiError(403, 50001, "Missing Access");
    const list = this.commandList(guildId);
    if (!list) return apiError(404, 10004, "Unknown Guild");
    if (!Array.isArray(body) || body.length > 100) return apiError(400, 50035, "Invalid Form Body");
    for (const c of body as Record<string, unknown>[]) {
      const problem = commandProblem(c);
      if (problem) {
        this.commandProblems.push(problem);
        return apiError(400, 50035, "Invalid Form Body");
      }
    }
    this.commandPuts++;
    const version = this.state.ids.next();
    const next = (body as Record<string, unknown>[]).map((c) => {
      const existing = list.find((x) => x.name === c.name);
      return {
        ...c,
        id: existing?.id ?? this.state.ids.next(),
        application_id: this.appId,
        version,
        type: c.type ?? 1,
        default_member_permissions: c.default_member_permissions ?? null,
        nsfw: false,
        ...(guildId ? { guild_id: guildId } : {}),
      } as unknown as FakeCommand;
    });
    list.splice(0, list.length, ...next);
    return { status: 200, body: next };
  }
}
