/**
 * Interaction endpoints of the fake REST API: the callback (types 4, 5, 6, 7) and the interaction
 * webhook (follow-ups, GET/PATCH/DELETE of @original and follow-up messages). Enforces the
 * acknowledgement window (3 s on Discord), single acknowledgement and the token lifetime (15 min).
 * Responses, follow-ups and edits may carry uploaded files (multipart), like channel posts.
 */
import { editedAttachments, newAttachments } from "./attachments.js";
import type { Upload } from "./multipart.js";
import { type FakeDiscordState, type FakeInteraction, type FakeMessage, EPHEMERAL, LOADING } from "./state.js";
import { type Answer, apiError, checkMessageBody } from "./validate.js";
import { pingsOf } from "./mentions.js";

/** Timing rules for interactions, shrinkable for tests. */
export interface InteractionRules {
  ackWindowMs: number;
  tokenTtlMs: number;
}

const unknownInteraction = () => apiError(404, 10062, "Unknown interaction");
const unknownWebhook = () => apiError(404, 10015, "Unknown Webhook");

/** Apply message fields from a request body to a stored message; an Answer when the files are refused. */
function applyEdit(state: FakeDiscordState, message: FakeMessage, body: Record<string, unknown>, uploads: Upload[]): Answer | null {
  const attachments = editedAttachments(state, message.attachments, body, uploads);
  if (!Array.isArray(attachments)) return attachments;
  message.attachments = attachments;
  if (typeof body.content === "string") message.content = body.content;
  if (Array.isArray(body.components)) message.components = body.components;
  message.flags &= ~LOADING;
  message.edited_timestamp = new Date().toISOString();
  return null;
}

export class InteractionEndpoints {
  constructor(
    private readonly state: FakeDiscordState,
    private readonly appId: string,
    private readonly rules: InteractionRules,
  ) {}

  /** POST /interactions/{id}/{token}/callback */
  callback(id: string, token: string, body: Record<string, unknown>, withResponse: boolean, uploads: Upload[] = []): Answer {
    const it = this.state.interactions.get(id);
    if (!it || it.token !== token) return unknownInteraction();
    if (it.callbacks.length > 0) return apiError(400, 40060, "Interaction has already been acknowledged.");
    if (it.expiredUnanswered || Date.now() - it.createdAt > this.rules.ackWindowMs) {
      it.expiredUnanswered = true;
      return unknownInteraction();
    }
    const type = Number(body.type);
    const data = (body.data ?? {}) as Record<string, unknown>;
    const flags = Number(data.flags ?? 0) & EPHEMERAL;
    let message: FakeMessage | undefined;
    switch (type) {
      case 4: {
        const bad = checkMessageBody(data, uploads.length === 0);
        if (bad) return bad;
        const made = this.createResponse(it, data, flags, uploads);
        if (!("id" in made)) return made;
        message = made;
        it.originalMessageId = message.id;
        break;
      }
      case 5:
        message = this.createResponse(it, {}, flags | LOADING, []) as FakeMessage;
        it.originalMessageId = message.id;
        break;
      case 6:
        if (it.type !== 3) return apiError(400, 40063, "Interaction type does not allow this response");
        it.originalMessageId = it.componentMessageId;
        break;
      case 7: {
        if (it.type !== 3 || !it.componentMessageId) return apiError(400, 40063, "Interaction type does not allow this response");
        const bad = checkMessageBody(data, false);
        if (bad) return bad;
        const target = this.state.messageById(it.componentMessageId);
        const refused = target ? applyEdit(this.state, target, data, uploads) : null;
        if (refused) return refused;
        it.originalMessageId = it.componentMessageId;
        message = target;
        break;
      }
      case 8: {
        if (it.type !== 4) return apiError(400, 40063, "Interaction type does not allow this response");
        const choices = data.choices as { name: unknown; value: unknown }[] | undefined;
        const valid = (c: { name: unknown; value: unknown }) =>
          typeof c.name === "string" && c.name.length >= 1 && c.name.length <= 100 && (typeof c.value === "number" || typeof c.value === "string");
        if (!Array.isArray(choices) || choices.length > 25 || !choices.every(valid)) return apiError(400, 50035, "Invalid Form Body");
        it.choices = choices as { name: string; value: string | number }[];
        break;
      }
      default:
        return apiError(400, 50035, "Invalid Form Body");
    }
    it.callbacks.push(type);
    it.callbackFlags = flags;
    if (!withResponse) return { status: 204 };
    return {
      status: 200,
      body: {
        interaction: { id: it.id, type: it.type, activity_instance_id: null, response_message_id: message?.id ?? null,
          response_message_loading: type === 5, response_message_ephemeral: Boolean(flags) },
        resource: message ? { type, message } : { type },
      },
    };
  }

  /** Requests on /webhooks/{app}/{token}[/messages/{id}]. */
  webhook(
    method: string,
    appId: string,
    token: string,
    messageRef: string | undefined,
    body: Record<string, unknown>,
    wait: boolean,
    uploads: Upload[] = [],
  ): Answer {
    if (appId !== this.appId) return unknownWebhook();
    const it = [...this.state.interactions.values()].find((x) => x.token === token);
    if (!it) return unknownWebhook();
    if (Date.now() - it.createdAt > this.rules.tokenTtlMs) return apiError(401, 50027, "Invalid Webhook Token");
    if (it.callbacks.length === 0) return unknownWebhook();
    if (messageRef === undefined) {
      if (method !== "POST") return apiError(405, 0, "405: Method Not Allowed");
      const bad = checkMessageBody(body, uploads.length === 0);
      if (bad) return bad;
      const message = this.createResponse(it, body, Number(body.flags ?? 0) & EPHEMERAL, uploads);
      if (!("id" in message)) return message;
      it.followUpIds.push(message.id);
      return wait ? { status: 200, body: message } : { status: 204 };
    }
    const id = messageRef === "@original" ? it.originalMessageId : messageRef;
    const mine = id && (id === it.originalMessageId || it.followUpIds.includes(id));
    const message = mine ? this.state.messageById(id) : undefined;
    if (!message) return apiError(404, 10008, "Unknown Message");
    if (method === "GET") return { status: 200, body: message };
    if (method === "DELETE") {
      message.deleted = true;
      return { status: 204 };
    }
    if (method === "PATCH") {
      const bad = checkMessageBody(body, false);
      if (bad) return bad;
      return applyEdit(this.state, message, body, uploads) ?? { status: 200, body: message };
    }
    return apiError(405, 0, "405: Method Not Allowed");
  }

  /** A response or follow-up message in the interaction's channel; an Answer when its files are refused. */
  private createResponse(it: FakeInteraction, data: Record<string, unknown>, flags: number, uploads: Upload[]): FakeMessage | Answer {
    const attachments = newAttachments(this.state, data, uploads);
    if (!Array.isArray(attachments)) return attachments;
    return this.state.createMessage(it.channelId, {
      content: typeof data.content === "string" ? data.content : "",
      ...pingsOf(typeof data.content === "string" ? data.content : "", data.allowed_mentions),
      components: Array.isArray(data.components) ? data.components : [],
      attachments,
      flags,
      type: it.type === 2 ? 20 : 19,
      webhook_id: this.appId,
      application_id: this.appId,
      interaction_user_id: it.userId,
    });
  }
}
