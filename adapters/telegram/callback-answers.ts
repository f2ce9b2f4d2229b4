import type { Logger } from "../../src/core/port.js";

/** Telegram shows at most this many characters in a callback answer. */
export const MAX_ANSWER_CHARS = 200;
/** How long a press stays known, so a late reply can still find the button's message. */
const RETAIN_MS = 10 * 60_000;

interface Press {
  chatId: number;
  messageId: number;
  answered: boolean;
  at: number;
  timer?: NodeJS.Timeout;
}

/** Answers a callback query; text undefined = an empty answer that just stops the spinner. */
export type AnswerFn = (callbackId: string, text?: string) => Promise<void>;

/**
 * Every button press must be answered or the person's client keeps spinning. The core may answer
 * with a reply (`replyTo` = the callback id); when it has not within `waitMs`, answer empty.
 */
export class CallbackAnswers {
  private readonly presses = new Map<string, Press>();

  constructor(
    private readonly answer: AnswerFn,
    private readonly log: Logger,
    private readonly waitMs = 2000,
  ) {}

  /** Remember a press and schedule the empty answer. */
  track(callbackId: string, chatId: number, messageId: number): void {
    this.prune();
    const press: Press = { chatId, messageId, answered: false, at: Date.now() };
    press.timer = setTimeout(() => {
      press.timer = undefined;
      if (press.answered) return;
      press.answered = true;
      this.answer(callbackId).catch(() => this.log.debug({ code: "CALLBACK_ANSWER_FAILED" }, "telegram: empty callback answer failed"));
    }, this.waitMs);
    this.presses.set(callbackId, press);
  }

  /** The press `replyTo` names, if it is one this adapter saw recently. */
  find(callbackId: string | undefined): Press | undefined {
    return callbackId === undefined ? undefined : this.presses.get(callbackId);
  }

  /**
   * Answer a pending press with `text` (cut to Telegram's 200 characters). Resolves true when the
   * person saw it as the answer; false when the press was already answered or Telegram refused.
   */
  async answerWith(callbackId: string, text: string): Promise<boolean> {
    const press = this.presses.get(callbackId);
    if (!press || press.answered) return false;
    press.answered = true;
    if (press.timer) clearTimeout(press.timer);
    try {
      await this.answer(callbackId, truncate(text, MAX_ANSWER_CHARS));
      return true;
    } catch {
      return false;
    }
  }

  /** Forget everything and cancel pending timers (on stop). */
  clear(): void {
    for (const press of this.presses.values()) if (press.timer) clearTimeout(press.timer);
    this.presses.clear();
  }

  private prune(): void {
    const cutoff = Date.now() - RETAIN_MS;
    for (const [id, press] of this.presses) if (press.at < cutoff && !press.timer) this.presses.delete(id);
  }
}

/** Cut `text` to `max` characters (code points), marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}
