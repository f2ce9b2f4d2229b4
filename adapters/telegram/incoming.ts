import type { Bot, Context } from "grammy";
import type { Update } from "grammy/types";
import type { AdapterHost, ChatEvent, Logger } from "../../src/core/port.js";
import type { CallbackAnswers } from "./callback-answers.js";
import { decodeCallbackData } from "./callback-data.js";
import type { Signer } from "./signing.js";
import { type BotIdentity, actionFromCallback, loggableChat, toChatEvent, updateEventId } from "./translate.js";
import type { UsernameBook } from "./usernames.js";

/** What the adapter knows once started: who the bot is, and the core to hand events to. */
export interface Connected {
  identity?: BotIdentity;
  host?: AdapterHost;
}

/**
 * Updates coming in: forged button data refused before anything else, usernames remembered,
 * messages and presses translated into the core's events and handed over, never throwing.
 */
export class Incoming {
  constructor(
    private readonly bot: Bot,
    private readonly signer: Signer,
    private readonly usernames: UsernameBook,
    private readonly callbacks: CallbackAnswers,
    private readonly log: Logger,
    private readonly connected: () => Connected,
  ) {}

  private get identity(): BotIdentity | undefined {
    return this.connected().identity;
  }

  private get host(): AdapterHost | undefined {
    return this.connected().host;
  }

  /** Before per-chat ordering: refuse forged button data at once, and start the answer clock. */
  async screenCallback(ctx: Context, next: () => Promise<void>): Promise<void> {
    const query = ctx.update.callback_query;
    if (!query) return next();
    const message = query.message;
    if (!message || !decodeCallbackData(this.signer, query.data)) {
      const es = query.from.language_code?.startsWith("es");
      const text = es ? "Este botón ya no es válido." : "This button is no longer valid.";
      await this.bot.api.answerCallbackQuery(query.id, { text }).catch(() => undefined);
      this.log.warn({ code: "CALLBACK_REFUSED" }, "telegram: a button press with unknown data was refused");
      return;
    }
    this.callbacks.track(query.id, message.chat.id, message.message_id);
    return next();
  }

  async route(update: Update): Promise<void> {
    const identity = this.identity;
    if (!identity) return;
    let event: ChatEvent | undefined;
    if (update.callback_query) {
      const decoded = decodeCallbackData(this.signer, update.callback_query.data);
      event = decoded ? actionFromCallback(update.callback_query, decoded, updateEventId(update)) : undefined;
    } else {
      this.learnUsernames(update);
      event = toChatEvent(update, identity, (name) => this.usernames.lookup(name));
    }
    if (event) await this.dispatch(event);
  }

  /** Remember the usernames of the people a message shows, so `@username` mentions can name them. */
  private learnUsernames(update: Update): void {
    const message = update.message;
    if (!message) return;
    this.usernames.learn(message.from);
    this.usernames.learn(message.reply_to_message?.from);
    for (const entity of message.entities ?? []) if (entity.type === "text_mention") this.usernames.learn(entity.user);
  }

  async dispatch(event: ChatEvent): Promise<void> {
    const host = this.host;
    if (!host) return;
    try {
      await host.dispatch(event);
    } catch {
      this.log.error({ code: "DISPATCH_FAILED", chat: loggableChat(event.chat) }, "telegram: the core failed on an event");
    }
  }
}
