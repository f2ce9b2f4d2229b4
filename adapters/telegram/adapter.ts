import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { sequentialize } from "@grammyjs/runner";
import { Bot, type Context, InputFile } from "grammy";
import type { Update } from "grammy/types";
import {
  AdapterError,
  type AdapterHost,
  type Capabilities,
  type ChatEvent,
  type ChatRef,
  type CommandMenuEntry,
  type Logger,
  type Outbound,
  type Pacing,
  type PlatformAdapter,
  type SendResult,
  STOP_WITHIN_MS,
  settleWithin,
} from "../../src/core/port.js";
import { CallbackAnswers, MAX_ANSWER_CHARS } from "./callback-answers.js";
import { decodeCallbackData, encodeCallbackData } from "./callback-data.js";
import { type CallTarget, describeGetMeFailure, migratedChatId, toAdapterError } from "./errors.js";
import { MENU_SCOPES, buildMenus } from "./menu.js";
import { ALLOWED_UPDATES, type TelegramAdapterOptions } from "./options.js";
import { type Poller, pollHealthLogger, startPolling } from "./polling.js";
import { Signer } from "./signing.js";
import {
  type BotIdentity,
  actionFromCallback,
  chatIdOf,
  loggableChat,
  telegramChatRef,
  toChatEvent,
  toInlineKeyboard,
  updateChatKey,
  updateEventId,
} from "./translate.js";
import { type WebhookReceiver, startWebhookReceiver } from "./webhook.js";
import { UsernameBook } from "./usernames.js";

type ApiSignal = Parameters<Bot["api"]["sendMessage"]>[3];

const CAPABILITIES: Capabilities = {
  e2ee: false,
  buttons: true,
  edits: true,
  ephemeral: false,
  maxText: 4096,
  idempotentSends: false,
  images: true,
};

/** Telegram's limit on a photo caption; a longer text follows the photo as its own message. */
const MAX_CAPTION = 1024;

/**
 * Telegram's send limits, from the Bot FAQ ("My bot is hitting limits, how do I avoid this?",
 * https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this): about 30
 * messages per second for the bot, no more than 20 per minute in one group, and about one per
 * second in one private chat. A private chat's id is the person's (positive) id; groups and
 * channels have negative ids.
 */
const TELEGRAM_PACING: Pacing = {
  perWindow: 30,
  windowMs: 1000,
  perChat: { limit: 20, windowMs: 60_000 },
  perPrivateChat: { limit: 1, windowMs: 1000 },
  isPrivateChat: (key) => !key.slice("telegram:".length).startsWith("-"),
};

/** Prefix of the messageId returned when a reply was shown as a button-press answer, not a message. */
const CALLBACK_RESULT = "callback:";
const START_CODE_LENGTH = 16;

/** The Telegram adapter: grammY over the Bot API, long polling (or webhook) in, sendMessage out. */
export class TelegramAdapter implements PlatformAdapter {
  readonly platform = "telegram" as const;
  readonly pacing: Pacing = TELEGRAM_PACING;
  private readonly bot: Bot;
  private readonly agent: HttpAgent;
  private readonly signer = new Signer();
  private readonly usernames = new UsernameBook();
  private readonly callbacks: CallbackAnswers;
  private readonly timeoutMs: number;
  private host?: AdapterHost;
  private identity?: BotIdentity;
  private runner?: Poller;
  private receiver?: WebhookReceiver;
  private starting?: Promise<void>;
  /** Aborted by stop(): every API call in flight (getMe retries, getUpdates, sends) ends with it. */
  private lifetime = new AbortController();

  constructor(
    private readonly options: TelegramAdapterOptions,
    private readonly log: Logger,
  ) {
    const apiRoot = options.apiRoot ?? "https://api.telegram.org";
    // Our own agent, so stop() can close its kept-alive sockets.
    this.agent = apiRoot.startsWith("https:") ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
    this.bot = new Bot(options.token, { client: { apiRoot, baseFetchConfig: { agent: this.agent } } });
    this.timeoutMs = options.requestTimeoutMs ?? 30_000;
    this.callbacks = new CallbackAnswers(
      async (id, text) => {
        await this.bot.api.answerCallbackQuery(id, text === undefined ? {} : { text });
      },
      log,
      options.callbackAnswerMs ?? 2000,
    );
    this.bot.api.config.use(pollHealthLogger(log));
    // Installed last, so it runs first: every call, whoever made it, also ends when stop() aborts.
    this.bot.api.config.use((prev, method, payload, signal) => prev(method, payload, this.untilStopped(signal)));
    this.bot.use((ctx, next) => this.screenCallback(ctx, next));
    this.bot.use(sequentialize((ctx: Context) => updateChatKey(ctx.update)));
    this.bot.use((ctx) => this.route(ctx.update));
    this.bot.catch(() => this.log.error({ code: "UPDATE_FAILED" }, "telegram: an update handler failed"));
  }

  capabilities(_chat: ChatRef): Capabilities {
    return CAPABILITIES;
  }

  start(host: AdapterHost): Promise<void> {
    if (!this.starting && this.lifetime.signal.aborted) this.lifetime = new AbortController();
    this.starting ??= this.connect(host, this.lifetime.signal).catch((err: unknown) => {
      this.starting = undefined;
      throw err;
    });
    return this.starting;
  }

  /** getMe (grammY retries it for as long as the Bot API is unreachable), then webhook or polling. */
  private async connect(host: AdapterHost, signal: AbortSignal): Promise<void> {
    this.signer.adopt(host.state);
    const me = await this.call({ method: "getMe" }, async () => {
      await this.bot.init(signal as unknown as Parameters<Bot["init"]>[0]);
      return this.bot.botInfo;
    });
    this.identity = { id: me.id, username: me.username };
    this.host = host;
    const webhook = this.options.webhook;
    if (webhook) {
      this.receiver = await startWebhookReceiver({
        host: webhook.host ?? "127.0.0.1",
        port: webhook.port,
        path: new URL(webhook.url).pathname,
        secretToken: webhook.secretToken,
        handle: (update) => this.bot.handleUpdate(update),
        log: this.log,
      });
      await this.call({ method: "setWebhook" }, () =>
        this.bot.api.setWebhook(webhook.url, { secret_token: webhook.secretToken, allowed_updates: [...ALLOWED_UPDATES] }),
      );
    } else {
      await this.call({ method: "deleteWebhook" }, () => this.bot.api.deleteWebhook());
      if (signal.aborted) throw stoppedWhileStarting();
      this.runner = startPolling(this.bot, this.options.pollTimeoutSeconds ?? 30, this.log);
    }
    this.log.info({ mode: webhook ? "webhook" : "polling" }, "telegram: started");
  }

  async stop(): Promise<void> {
    const until = Date.now() + STOP_WITHIN_MS;
    // Cut every request short first: a start retrying getMe, a long poll, a send to a silent server.
    this.lifetime.abort();
    const starting = this.starting;
    this.starting = undefined;
    if (starting) await settleWithin(starting, until - Date.now());
    const runner = this.runner;
    this.runner = undefined;
    // The runner waits for the updates in hand; their replies were cut short above.
    if (runner) await settleWithin(runner.stop(), until - Date.now());
    const receiver = this.receiver;
    this.receiver = undefined;
    if (receiver) await settleWithin(receiver.close(), Math.max(0, until - Date.now()));
    this.callbacks.clear();
    this.host = undefined;
    this.agent.destroy();
  }

  async send(chat: ChatRef, msg: Outbound, _idempotencyKey: string): Promise<SendResult> {
    const chatId = chatIdOf(chat);
    const press = this.callbacks.find(msg.replyTo);
    if (press && msg.replyTo) {
      const shown = await this.callbacks.answerWith(msg.replyTo, msg.text);
      const fits = [...msg.text].length <= MAX_ANSWER_CHARS && !msg.buttons?.length && !msg.image;
      if (shown && fits) return { messageId: `${CALLBACK_RESULT}${msg.replyTo}` };
      return this.post(chatId, msg, press.messageId);
    }
    const replyTo = msg.replyTo && /^\d+$/.test(msg.replyTo) ? Number(msg.replyTo) : undefined;
    return this.withStartHint(chatId, this.post(chatId, msg, replyTo));
  }

  async sendDirect(user: string, msg: Outbound, _idempotencyKey: string): Promise<SendResult> {
    if (!/^\d+$/.test(user)) throw new AdapterError("REJECTED", "telegram: a user id is a positive number");
    // On Telegram a person's private chat with the bot has the person's user id.
    return this.withStartHint(Number(user), this.post(Number(user), msg, undefined));
  }

  /** A private chat the bot may not write to gets the Start link the person must open first. */
  private async withStartHint<T>(chatId: number, sending: Promise<T>): Promise<T> {
    try {
      return await sending;
    } catch (err) {
      if (err instanceof AdapterError && err.code === "DM_UNAVAILABLE") {
        throw new AdapterError(err.code, err.message, undefined, await this.startLink(String(chatId)));
      }
      throw err;
    }
  }

  async edit(chat: ChatRef, messageId: string, msg: Outbound): Promise<void> {
    const chatId = chatIdOf(chat);
    if (!/^\d+$/.test(messageId)) throw new AdapterError("REJECTED", "telegram: that reply was a button answer, not a message");
    const markup = this.keyboard(msg);
    try {
      await this.call({ method: "editMessageText", chatId }, () =>
        this.bot.api.editMessageText(
          chatId,
          Number(messageId),
          msg.text,
          { link_preview_options: { is_disabled: true }, ...(markup ? { reply_markup: markup } : {}) },
          this.deadline(),
        ),
      );
    } catch (err) {
      // Telegram refuses an edit that changes nothing; the message already shows what was asked.
      if (err instanceof AdapterError && /message is not modified/.test(err.message)) return;
      throw err;
    }
  }

  async publishCommands(menu: CommandMenuEntry[]): Promise<void> {
    const { en, es, skipped } = buildMenus(menu);
    if (skipped.length > 0) this.log.warn({ skipped }, "telegram: command names Telegram would refuse were left out of the menu");
    for (const type of MENU_SCOPES) {
      await this.call({ method: "setMyCommands" }, () => this.bot.api.setMyCommands(en, { scope: { type } }));
      await this.call({ method: "setMyCommands" }, () => this.bot.api.setMyCommands(es, { scope: { type }, language_code: "es" }));
    }
  }

  async doctor(): Promise<string[]> {
    try {
      await this.call({ method: "getMe" }, () => this.bot.api.getMe());
      return [];
    } catch (err) {
      return [describeGetMeFailure(err, this.options.apiRoot ?? "https://api.telegram.org")];
    }
  }

  // --- incoming -------------------------------------------------------------------------

  /** Before per-chat ordering: refuse forged button data at once, and start the answer clock. */
  private async screenCallback(ctx: Context, next: () => Promise<void>): Promise<void> {
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

  private async route(update: Update): Promise<void> {
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

  private async dispatch(event: ChatEvent): Promise<void> {
    const host = this.host;
    if (!host) return;
    try {
      await host.dispatch(event);
    } catch {
      this.log.error({ code: "DISPATCH_FAILED", chat: loggableChat(event.chat) }, "telegram: the core failed on an event");
    }
  }

  // --- outgoing -------------------------------------------------------------------------

  private async post(chatId: number, msg: Outbound, replyTo: number | undefined): Promise<SendResult> {
    if (msg.image) return this.postPhoto(chatId, msg, msg.image, replyTo);
    const markup = this.keyboard(msg);
    const other = {
      link_preview_options: { is_disabled: true },
      ...(markup ? { reply_markup: markup } : {}),
      ...(replyTo !== undefined ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}),
    };
    const sent = await this.call({ method: "sendMessage", chatId }, () =>
      this.bot.api.sendMessage(chatId, msg.text, other, this.deadline()),
    );
    return { messageId: String(sent.message_id) };
  }

  /**
   * A picture with its text: sendPhoto (multipart) with the text as caption and the buttons under it;
   * a text too long for a caption goes after the photo as a message of its own, carrying the buttons.
   */
  private async postPhoto(chatId: number, msg: Outbound, image: { png: string; alt: string }, replyTo: number | undefined): Promise<SendResult> {
    const fitsCaption = [...msg.text].length <= MAX_CAPTION;
    const markup = fitsCaption ? this.keyboard(msg) : undefined;
    const photo = new InputFile(Buffer.from(image.png, "base64"), "status.png");
    const sent = await this.call({ method: "sendPhoto", chatId }, () =>
      this.bot.api.sendPhoto(
        chatId,
        photo,
        {
          caption: fitsCaption ? msg.text : [...image.alt].slice(0, MAX_CAPTION).join(""),
          ...(markup ? { reply_markup: markup } : {}),
          ...(replyTo !== undefined ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}),
        },
        this.deadline(),
      ),
    );
    if (fitsCaption) return { messageId: String(sent.message_id) };
    const { image: _image, ...text } = msg;
    return this.post(chatId, text, undefined);
  }

  private keyboard(msg: Outbound) {
    if (!msg.buttons?.length) return undefined;
    const { keyboard, omitted } = toInlineKeyboard(msg.buttons, (a, p) => encodeCallbackData(this.signer, a, p));
    if (omitted.length > 0) this.log.warn({ omitted }, "telegram: buttons whose data exceeds 64 bytes were left out");
    return keyboard.length > 0 ? { inline_keyboard: keyboard } : undefined;
  }

  /** A signal that ends a send after the request timeout (grammY types it as its polyfill's signal). */
  private deadline(): ApiSignal {
    return AbortSignal.timeout(this.timeoutMs) as unknown as ApiSignal;
  }

  /** The caller's signal, if any, joined with the adapter's lifetime. */
  private untilStopped(signal: ApiSignal | undefined): ApiSignal {
    const lifetime = this.lifetime.signal;
    return (signal ? AbortSignal.any([signal as unknown as AbortSignal, lifetime]) : lifetime) as unknown as ApiSignal;
  }

  /** Run one API call; failures become AdapterErrors, and a migrated group is reported to the core. */
  private async call<T>(target: CallTarget, fn: () => Promise<T>): Promise<T> {
    const lifetime = this.lifetime.signal;
    try {
      return await fn();
    } catch (err) {
      // Cut short by stop(): nothing to report. A send may still have arrived, hence UNCERTAIN.
      if (lifetime.aborted) throw new AdapterError("UNCERTAIN", `telegram ${target.method}: cut short by the stop`);
      const error = toAdapterError(err, target);
      const chat = target.chatId === undefined ? undefined : telegramChatRef(target.chatId);
      this.log.warn({ code: error.code, method: target.method, chat: loggableChat(chat) }, "telegram: call failed");
      const newChatId = migratedChatId(err);
      if (chat && newChatId !== undefined) {
        void this.dispatch({ kind: "membership", chat, change: "migrated", newChat: telegramChatRef(newChatId) });
      }
      throw error;
    }
  }

  /** `https://t.me/<bot>?start=<code>`: the code is a keyed tag, not the user id. */
  private async startLink(user: string): Promise<string> {
    let username = this.options.botUsername ?? this.identity?.username;
    if (!username) {
      const me = await this.call({ method: "getMe" }, () => this.bot.api.getMe()).catch(() => undefined);
      username = me?.username ?? "";
    }
    return `https://t.me/${username}?start=${this.signer.tag(`start:${user}`, START_CODE_LENGTH)}`;
  }
}

/** What a start cut short by stop() rejects with. */
function stoppedWhileStarting(): AdapterError {
  return new AdapterError("TRANSIENT", "telegram: stopped while starting");
}
