import type { ChatRef } from "../src/core/port.js";
import type { FanoutWorld } from "../tests/alerts/fanout-world.js";

/**
 * When each chat first held a message matching `mark`, told by the fakes as they store it: the
 * benchmark neither polls nor copies the fakes' state while the bot is sending.
 */
export class Arrivals {
  /** First arrival per chat, `performance.now()` ms. */
  readonly first = new Map<ChatRef, number>();
  /** Copies that arrived after a chat's first: posted twice. */
  repeats = 0;
  private waiters: { n: number; resolve: () => void }[] = [];
  /** Told of every text stored in any chat (the bot's or a person's), after the arrivals are counted. */
  onText: ((chat: ChatRef, text: string, fromBot: boolean) => void) | null = null;

  constructor(w: FanoutWorld, mark: string) {
    const seen = (chat: ChatRef, text: unknown, fromBot = true) => {
      if (typeof text === "string") this.onText?.(chat, text, fromBot);
      if (typeof text !== "string" || !text.includes(mark)) return;
      if (this.first.has(chat)) {
        this.repeats++;
        return;
      }
      this.first.set(chat, performance.now());
      for (const waiter of this.waiters.filter((x) => this.first.size >= x.n)) waiter.resolve();
      this.waiters = this.waiters.filter((x) => this.first.size < x.n);
    };
    w.tg.world.onStored = (id, m) => seen(`telegram:${id}`, "text" in m ? m.text : undefined, m.from?.id === w.tg.bot.id);
    w.dc.state.onStored = (id, m) => seen(`discord:${id}`, m.content);
    w.mx.state.onStored = (id, e) => seen(`matrix:${id}`, e.type === "m.room.message" ? e.content.body : undefined);
  }

  /** Resolves once `n` chats hold the message, or after `timeoutMs`; true when they did. */
  wait(n: number, timeoutMs: number): Promise<boolean> {
    if (this.first.size >= n) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.waiters.push({
        n,
        resolve: () => {
          clearTimeout(timer);
          resolve(true);
        },
      });
    });
  }

  /** When the last chat of `platform` had it, ms after `since`; undefined while one has not. */
  doneAfter(platform: string, chats: number, since: number): number | undefined {
    const times = [...this.first].filter(([chat]) => chat.startsWith(`${platform}:`)).map(([, t]) => t);
    return times.length < chats ? undefined : Math.max(...times) - since;
  }
}
