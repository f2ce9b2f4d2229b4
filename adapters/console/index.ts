import { createInterface, type Interface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import {
  type AdapterError,
  type AdapterHost,
  type Author,
  type Button,
  type Capabilities,
  type ChatRef,
  type Outbound,
  type Pacing,
  type PlatformAdapter,
  type SendResult,
  parseCommandLine,
} from "../../src/core/port.js";
import { parseClockStep, renderBlock, userIdOf, writeImage } from "./render.js";

/** Options for the console chat. */
export interface ConsoleOptions {
  input: Readable;
  output: Writable;
  /** A person at a terminal: prompt and line editing. Otherwise lines are read as a script. */
  interactive: boolean;
  /** Who speaks first, and where. */
  speaker?: string;
  chat?: string;
  /** Move time forward (`:clock +25h`); the app then runs its scheduled jobs. */
  advanceClock?: (ms: number) => void;
  /** Awaited after each scripted line, so output follows input in a stable order. */
  afterLine?: () => Promise<void>;
}

/** Lines waiting to be handled before the input is paused, and the level it resumes at. */
const PAUSE_AT = 64;
const RESUME_AT = 8;

const CONSOLE_HELP = `Console chat: type commands as members would (/help lists them).
  :as NAME      speak as NAME              :in CHAT     speak in group chat CHAT
  :dm           speak in your private chat with the bot
  :e2ee on|off  mark this group end-to-end encrypted (as a Matrix encrypted room)
  :press N      press button N of the last message here
  :clock +25h   move time forward (m, h, d) and run reminders
  :quit         leave`;

/**
 * The local console chat: one person plays a whole network from a terminal or a script. Group
 * chats are `console:NAME`; each speaker's private chat with the bot is `console:@NAME`.
 */
export class ConsoleAdapter implements PlatformAdapter {
  readonly platform = "console" as const;
  readonly pacing: Pacing = { perWindow: 1000, windowMs: 1000 };
  /** Resolves when the input has ended and every line was handled. */
  readonly finished: Promise<void>;
  private resolveFinished!: () => void;
  private host: AdapterHost | null = null;
  private rl: Interface | null = null;
  private speaker: { id: string; name: string };
  private chat: string;
  private direct = false;
  private readonly encrypted = new Set<string>();
  private readonly lastButtons = new Map<ChatRef, Button[]>();
  private failures: AdapterError[] = [];
  private sent = 0;
  private queue: Promise<void> = Promise.resolve();
  /** Lines read but not yet handled. */
  private pending = 0;
  /**
   * Holds the process open while lines wait: a reply waiting for a send slot holds no handle of
   * its own, and without this a script's end would let Node exit mid-burst with the rest unread.
   */
  private keepAlive: NodeJS.Timeout | null = null;
  private inputClosed = false;

  constructor(private readonly opts: ConsoleOptions) {
    const name = opts.speaker ?? "me";
    this.speaker = { id: userIdOf(name), name };
    this.chat = opts.chat ?? "main";
    this.finished = new Promise((resolve) => {
      this.resolveFinished = resolve;
    });
  }

  /** A console chat is named by its id (`:in norte`). */
  chatName(chat: ChatRef): string | null {
    return chat.startsWith("console:") ? chat.slice("console:".length) : null;
  }

  capabilities(chat: ChatRef): Capabilities {
    const id = chat.slice("console:".length);
    return { e2ee: this.encrypted.has(id), buttons: true, edits: false, ephemeral: false, maxText: 4000, idempotentSends: true, images: true };
  }

  async start(host: AdapterHost): Promise<void> {
    if (this.host) return;
    this.host = host;
    const rl = createInterface({ input: this.opts.input, ...(this.opts.interactive ? { output: this.opts.output, terminal: true } : {}) });
    this.rl = rl;
    if (this.opts.interactive) {
      this.print(`${CONSOLE_HELP}\n`);
      this.prompt();
    }
    rl.on("line", (line) => {
      // Lines are handled strictly one after another, as a chat delivers them. A fast script is
      // read no faster than it is handled: past a high-water mark the input is paused.
      this.pending++;
      this.keepAlive ??= setInterval(() => {}, 60_000);
      if (this.pending >= PAUSE_AT) rl.pause();
      this.queue = this.queue
        .then(() => this.handleLine(line))
        .catch(() => {})
        .finally(() => this.lineDone(rl));
    });
    rl.on("close", () => {
      this.inputClosed = true;
      void this.queue.then(() => this.resolveFinished());
    });
  }

  private lineDone(rl: Interface): void {
    this.pending--;
    if (this.pending <= RESUME_AT && this.rl === rl && !this.inputClosed) rl.resume();
    if (this.pending === 0 && this.keepAlive) {
      clearInterval(this.keepAlive);
      this.keepAlive = null;
    }
  }

  async stop(): Promise<void> {
    this.rl?.close();
    this.rl = null;
  }

  /** Connect the app's clock and delivery after both exist. */
  setHooks(hooks: Pick<ConsoleOptions, "advanceClock" | "afterLine">): void {
    Object.assign(this.opts, hooks);
  }

  /** Make the next send fail with this error (contract tests). */
  failNextSend(error: AdapterError): void {
    this.failures.push(error);
  }

  async send(chat: ChatRef, msg: Outbound, _key: string): Promise<SendResult> {
    const id = chat.slice("console:".length);
    const prefix = id.startsWith("@") ? `[dm:${id.slice(1)}]` : `[${chat}]`;
    return this.emit(chat, prefix, msg);
  }

  async sendDirect(user: string, msg: Outbound, _key: string): Promise<SendResult> {
    return this.emit(`console:@${user}`, `[dm:${user}]`, msg);
  }

  private emit(chat: ChatRef, prefix: string, msg: Outbound): SendResult {
    const failure = this.failures.shift();
    if (failure) throw failure;
    if (msg.buttons?.length) this.lastButtons.set(chat, msg.buttons);
    const image = msg.image ? { path: writeImage(msg.image.png), alt: msg.image.alt } : undefined;
    this.print(renderBlock(prefix, msg, image));
    this.sent++;
    return { messageId: `console-${this.sent}` };
  }

  private print(text: string): void {
    this.opts.output.write(text);
  }

  private prompt(): void {
    if (!this.rl || !this.opts.interactive) return;
    this.rl.setPrompt(`${this.speaker.name}@${this.direct ? "dm" : this.chat}> `);
    this.rl.prompt();
  }

  private currentChat(): ChatRef {
    return this.direct ? `console:@${this.speaker.id}` : `console:${this.chat}`;
  }

  private author(): Author {
    return { id: this.speaker.id, displayName: this.speaker.name, isBot: false };
  }

  private async handleLine(raw: string): Promise<void> {
    const line = raw.trim();
    if (line.startsWith(":press")) await this.press(line);
    else if (line.startsWith(":")) this.consoleCommand(line);
    else if (line.startsWith("/") && this.host) {
      const parsed = parseCommandLine(line);
      if (parsed) {
        await this.host.dispatch({ kind: "command", chat: this.currentChat(), author: this.author(), isDirect: this.direct, ...parsed });
      }
    }
    if (!this.opts.interactive) await this.opts.afterLine?.();
    this.prompt();
  }

  private consoleCommand(line: string): void {
    const [word, ...restWords] = line.split(/\s+/);
    const rest = restWords.join(" ").trim();
    switch (word) {
      case ":as":
        if (rest) this.speaker = { id: userIdOf(rest), name: rest };
        return;
      case ":in":
        if (rest) {
          this.chat = userIdOf(rest) || "main";
          this.direct = false;
        }
        return;
      case ":dm":
        this.direct = true;
        return;
      case ":e2ee":
        if (rest === "off") this.encrypted.delete(this.chat);
        else this.encrypted.add(this.chat);
        return;
      case ":clock": {
        const ms = parseClockStep(rest);
        if (ms === null) this.print("console: use :clock +30m, +2h or +1d\n");
        else this.opts.advanceClock?.(ms);
        return;
      }
      case ":quit":
        this.rl?.close();
        return;
      default:
        this.print(`${CONSOLE_HELP}\n`);
    }
  }

  private async press(line: string): Promise<void> {
    const n = Number(line.split(/\s+/)[1]);
    const button = this.lastButtons.get(this.currentChat())?.[n - 1];
    if (!button || !this.host) {
      this.print("console: no such button here\n");
      return;
    }
    await this.host.dispatch({
      kind: "action",
      chat: this.currentChat(),
      author: this.author(),
      isDirect: this.direct,
      action: button.action,
      payload: button.payload,
    });
  }
}

/** Create the console chat adapter. */
export function createConsoleAdapter(opts: ConsoleOptions): ConsoleAdapter {
  return new ConsoleAdapter(opts);
}
