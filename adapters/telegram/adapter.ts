import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { sequentialize } from "@grammyjs/runner";
import { Bot, type Context } from "grammy";
import {
  AdapterError,
  type AdapterHost,
  type Capabilities,
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
import { ApiCalls } from "./api-calls.js";
import { CallbackAnswers, MAX_ANSWER_CHARS } from "./callback-answers.js";
import { CAPABILITIES, TELEGRAM_PACING } from "./capabilities.js";
import { describeGetMeFailure } from "./errors.js";
import { type Connected, Incoming } from "./incoming.js";
import { MENU_SCOPES, buildMenus } from "./menu.js";
import { ALLOWED_UPDATES, type TelegramAdapterOptions } from "./options.js";
import { Outgoing } from "./outgoing.js";
import { type Poller, pollHealthLogger, startPolling } from "./polling.js";
import { Signer } from "./signing.js";
import { chatIdOf, telegramChatRef, updateChatKey } from "./translate.js";
import { UsernameBook } from "./usernames.js";
import { type WebhookReceiver, startWebhookReceiver } from "./webhook.js";

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
  /** Group titles seen since start, by chat reference: memory only. */
  private readonly titles = new Map<ChatRef, string>();
  private readonly callbacks: CallbackAnswers;
  private readonly calls: ApiCalls;
  private readonly outgoing: Outgoing;
  private readonly incoming: Incoming;
  /** Who the bot is and the core's host, once started. */
  private readonly connected: Connected = {};
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
    this.calls = new ApiCalls(log, options.requestTimeoutMs ?? 30_000, () => this.lifetime, (event) => this.incoming.dispatch(event));
    this.outgoing = new Outgoing(this.bot, this.signer, log, this.calls);
    this.callbacks = new CallbackAnswers(
      async (id, text) => {
        await this.bot.api.answerCallbackQuery(id, text === undefined ? {} : { text });
      },
      log,
      options.callbackAnswerMs ?? 2000,
    );
    this.incoming = new Incoming(this.bot, this.signer, this.usernames, this.callbacks, log, () => this.connected);
    this.bot.api.config.use(pollHealthLogger(log));
    // Installed last, so it runs first: every call, whoever made it, also ends when stop() aborts.
    this.bot.api.config.use((prev, method, payload, signal) => prev(method, payload, this.calls.untilStopped(signal)));
    this.bot.use((ctx, next) => this.incoming.screenCallback(ctx, next));
    this.bot.use(sequentialize((ctx: Context) => updateChatKey(ctx.update)));
    this.bot.use((ctx, next) => {
      // Group titles, kept in memory only, for /network info (see chatName).
      const chat = ctx.chat;
      if (chat && "title" in chat && chat.title) this.titles.set(telegramChatRef(chat.id), chat.title);
      return next();
    });
    this.bot.use((ctx) => this.incoming.route(ctx.update));
    this.bot.catch(() => this.log.error({ code: "UPDATE_FAILED" }, "telegram: an update handler failed"));
  }

  capabilities(_chat: ChatRef): Capabilities {
    return CAPABILITIES;
  }

  /** The title of a group the bot has seen an update from since it started; else null. */
  chatName(chat: ChatRef): string | null {
    return this.titles.get(chat) ?? null;
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
    const me = await this.calls.call({ method: "getMe" }, async () => {
      await this.bot.init(signal as unknown as Parameters<Bot["init"]>[0]);
      return this.bot.botInfo;
    });
    this.connected.identity = { id: me.id, username: me.username };
    this.connected.host = host;
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
      await this.calls.call({ method: "setWebhook" }, () =>
        this.bot.api.setWebhook(webhook.url, { secret_token: webhook.secretToken, allowed_updates: [...ALLOWED_UPDATES] }),
      );
    } else {
      await this.calls.call({ method: "deleteWebhook" }, () => this.bot.api.deleteWebhook());
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
    this.connected.host = undefined;
    this.agent.destroy();
  }

  async send(chat: ChatRef, msg: Outbound, _idempotencyKey: string): Promise<SendResult> {
    const chatId = chatIdOf(chat);
    const press = this.callbacks.find(msg.replyTo);
    if (press && msg.replyTo) {
      const shown = await this.callbacks.answerWith(msg.replyTo, msg.text);
      const fits = [...msg.text].length <= MAX_ANSWER_CHARS && !msg.buttons?.length && !msg.image;
      if (shown && fits) return { messageId: `${CALLBACK_RESULT}${msg.replyTo}` };
      return this.outgoing.post(chatId, msg, press.messageId);
    }
    const replyTo = msg.replyTo && /^\d+$/.test(msg.replyTo) ? Number(msg.replyTo) : undefined;
    return this.withStartHint(chatId, this.outgoing.post(chatId, msg, replyTo));
  }

  async sendDirect(user: string, msg: Outbound, _idempotencyKey: string): Promise<SendResult> {
    if (!/^\d+$/.test(user)) throw new AdapterError("REJECTED", "telegram: a user id is a positive number");
    // On Telegram a person's private chat with the bot has the person's user id.
    return this.withStartHint(Number(user), this.outgoing.post(Number(user), msg, undefined));
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
    const markup = this.outgoing.keyboard(msg);
    try {
      await this.calls.call({ method: "editMessageText", chatId }, () =>
        this.bot.api.editMessageText(
          chatId,
          Number(messageId),
          msg.text,
          { link_preview_options: { is_disabled: true }, ...(markup ? { reply_markup: markup } : {}) },
          this.calls.deadline(),
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
      await this.calls.call({ method: "setMyCommands" }, () => this.bot.api.setMyCommands(en, { scope: { type } }));
      await this.calls.call({ method: "setMyCommands" }, () => this.bot.api.setMyCommands(es, { scope: { type }, language_code: "es" }));
    }
  }

  async doctor(): Promise<string[]> {
    try {
      await this.calls.call({ method: "getMe" }, () => this.bot.api.getMe());
      return [];
    } catch (err) {
      return [describeGetMeFailure(err, this.options.apiRoot ?? "https://api.telegram.org")];
    }
  }

  /** `https://t.me/<bot>?start=<code>`: the code is a keyed tag, not the user id. */
  private async startLink(user: string): Promise<string> {
    let username = this.options.botUsername ?? this.connected.identity?.username;
    if (!username) {
      const me = await this.calls.call({ method: "getMe" }, () => this.bot.api.getMe()).catch(() => undefined);
      username = me?.username ?? "";
    }
    return `https://t.me/${username}?start=${this.signer.tag(`start:${user}`, START_CODE_LENGTH)}`;
  }
}

/** What a start cut short by stop() rejects with. */
function stoppedWhileStarting(): AdapterError {
  return new AdapterError("TRANSIENT", "telegram: stopped while starting");
}
