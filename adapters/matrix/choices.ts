import type { AdapterStateStore, Button } from "../../src/core/port.js";
import type { NumberedChoice } from "./translate.js";

/** One numbered choice the bot offered in a room. */
interface StoredChoice {
  n: number;
  action: string;
  payload: string;
  /** The txnId of the send that offered it, so a retried send reuses the same numbers. */
  txn: string;
  /** The event that carried it, once known. */
  messageId?: string;
}

interface RoomChoices {
  next: number;
  entries: StoredChoice[];
}

/** Numbers run 1..99 and then wrap; the oldest offers are forgotten first. */
const HIGHEST_NUMBER = 99;
const KEPT_PER_ROOM = 40;

/**
 * Matrix has no buttons, so the bot offers numbered choices (`!pl 3 · Sign up`) and remembers, per
 * room, which number stands for which action. Numbers keep counting up across messages, so an older
 * offer still means what it said while it is remembered. Kept in the core's encrypted adapter state.
 */
export class ChoiceBook {
  constructor(
    private readonly state: AdapterStateStore,
    private readonly namespace: string,
  ) {}

  private key(roomId: string): string {
    return `${this.namespace}:choices:${roomId}`;
  }

  private load(roomId: string): RoomChoices {
    const raw = this.state.get(this.key(roomId));
    if (!raw) return { next: 1, entries: [] };
    try {
      return JSON.parse(raw) as RoomChoices;
    } catch {
      return { next: 1, entries: [] };
    }
  }

  private save(roomId: string, book: RoomChoices): void {
    this.state.set(this.key(roomId), JSON.stringify(book));
  }

  /** Numbers for `buttons` offered by the send `txn` (the same numbers again when the send is retried). */
  offer(roomId: string, txn: string, buttons: Button[]): NumberedChoice[] {
    const book = this.load(roomId);
    const earlier = book.entries.filter((e) => e.txn === txn);
    if (earlier.length === buttons.length) {
      return earlier.map((e, i) => ({ number: e.n, label: buttons[i]!.label }));
    }
    const offered: NumberedChoice[] = [];
    for (const button of buttons) {
      const n = book.next;
      book.next = n >= HIGHEST_NUMBER ? 1 : n + 1;
      book.entries = book.entries.filter((e) => e.n !== n);
      book.entries.push({ n, action: button.action, payload: button.payload, txn });
      offered.push({ number: n, label: button.label });
    }
    book.entries = book.entries.slice(-KEPT_PER_ROOM);
    this.save(roomId, book);
    return offered;
  }

  /**
   * Numbers for `buttons` redrawn on the bot's message `messageId` (an edit). The message keeps its
   * numbers when it offers as many choices as before; otherwise its old numbers are withdrawn.
   */
  reoffer(roomId: string, messageId: string, buttons: Button[]): NumberedChoice[] {
    const book = this.load(roomId);
    const before = book.entries.filter((e) => e.messageId === messageId);
    if (before.length === buttons.length) {
      before.forEach((e, i) => {
        e.action = buttons[i]!.action;
        e.payload = buttons[i]!.payload;
      });
      this.save(roomId, book);
      return before.map((e, i) => ({ number: e.n, label: buttons[i]!.label }));
    }
    book.entries = book.entries.filter((e) => e.messageId !== messageId);
    this.save(roomId, book);
    const txn = `edit:${messageId}:${book.next}`;
    const offered = this.offer(roomId, txn, buttons);
    this.delivered(roomId, txn, messageId);
    return offered;
  }

  /** Record which event carried the offer of send `txn`. */
  delivered(roomId: string, txn: string, messageId: string): void {
    const book = this.load(roomId);
    let changed = false;
    for (const e of book.entries) {
      if (e.txn === txn && e.messageId !== messageId) {
        e.messageId = messageId;
        changed = true;
      }
    }
    if (changed) this.save(roomId, book);
  }

  /** What number `n` stands for in this room, if it is still remembered. */
  lookup(roomId: string, n: number): { action: string; payload: string; messageId?: string } | undefined {
    const entry = this.load(roomId).entries.find((e) => e.n === n);
    if (!entry) return undefined;
    return { action: entry.action, payload: entry.payload, ...(entry.messageId ? { messageId: entry.messageId } : {}) };
  }
}
