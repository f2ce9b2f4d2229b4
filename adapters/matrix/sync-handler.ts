import { type ChatEvent, chatRef, type Logger } from "../../src/core/port.js";
import type { ChoiceBook } from "./choices.js";
import type { RawEvent, RoomCryptoLayer } from "./crypto-layer.js";
import { describeFailure, failureFacts } from "./errors.js";
import type { RoomDirectory, StateEventLike } from "./rooms.js";
import { MAX_COMMAND_CHARS, messageToChatEvent } from "./translate.js";

/** What handling a /sync batch needs: the bot's view of rooms and the few calls it makes. */
export interface SyncHandlerDeps {
  botUserId: string;
  /** The bot's global display name, for mentions where the room does not say. */
  botDisplayName?: string;
  prefix: string;
  rooms: RoomDirectory;
  choices: ChoiceBook;
  log: Logger;
  crypto?: RoomCryptoLayer;
  dispatch(event: ChatEvent): Promise<void>;
  /** The invite policy: accept this invite from `inviter` to `roomId`? */
  shouldAccept(roomId: string, inviter: string): Promise<boolean>;
  /** Join, and return the room's current state. */
  join(roomId: string): Promise<StateEventLike[]>;
  leave(roomId: string): Promise<void>;
  /** Record a room in the bot's m.direct as its direct room with `userId`. */
  recordDirect(userId: string, roomId: string): Promise<void>;
}

type Json = Record<string, unknown>;

/**
 * Turns /sync batches into ChatEvents. Rooms the bot has just joined are marked "fresh": their
 * timeline may carry history from before the bot arrived, so only what follows the bot's own join
 * event is acted on. Every event is handled on its own: a bad one is logged (codes only) and skipped.
 */
export class SyncHandler {
  private readonly fresh = new Set<string>();

  constructor(private readonly d: SyncHandlerDeps) {}

  /** A room the bot joined or created outside /sync: act only on what follows its join event. */
  markFresh(roomId: string): void {
    this.fresh.add(roomId);
  }

  async handle(raw: Json, initial: boolean): Promise<void> {
    await this.d.crypto?.onSync(raw);
    for (const event of list(obj(raw.account_data).events)) {
      if (obj(event).type === "m.direct") this.d.rooms.setDirectMap(obj(event).content);
    }
    const rooms = obj(raw.rooms);
    for (const roomId of Object.keys(obj(rooms.leave))) await this.guard(roomId, () => this.onLeft(roomId));
    for (const [roomId, room] of Object.entries(obj(rooms.invite))) {
      await this.guard(roomId, () => this.onInvite(roomId, obj(room)));
    }
    for (const [roomId, room] of Object.entries(obj(rooms.join))) {
      await this.guard(roomId, () => this.onJoinedRoom(roomId, obj(room), initial));
    }
  }

  private async onLeft(roomId: string): Promise<void> {
    this.fresh.delete(roomId);
    if (!this.d.rooms.isJoined(roomId)) return;
    this.d.rooms.left(roomId);
    await this.d.dispatch({ kind: "membership", chat: chatRef("matrix", roomId), change: "left" });
  }

  private async onInvite(roomId: string, room: Json): Promise<void> {
    if (this.d.rooms.isJoined(roomId)) return;
    const invite = list(obj(room.invite_state).events)
      .map(obj)
      .find((e) => e.type === "m.room.member" && e.state_key === this.d.botUserId && obj(e.content).membership === "invite");
    const inviter = typeof invite?.sender === "string" ? invite.sender : undefined;
    const chat = chatRef("matrix", roomId);
    if (!inviter || !(await this.d.shouldAccept(roomId, inviter))) {
      this.d.log.info({ chat }, "matrix: invite declined");
      await this.d.leave(roomId);
      return;
    }
    const state = await this.d.join(roomId);
    this.d.rooms.joined(roomId, state);
    this.fresh.add(roomId);
    if (obj(invite?.content).is_direct === true) await this.d.recordDirect(inviter, roomId);
    this.d.log.info({ chat }, "matrix: invite accepted");
    await this.d.dispatch({ kind: "membership", chat, change: "joined" });
  }

  private async onJoinedRoom(roomId: string, room: Json, initial: boolean): Promise<void> {
    const chat = chatRef("matrix", roomId);
    if (!this.d.rooms.isJoined(roomId)) {
      // Joined from elsewhere (another client of the bot's account, or a room the bot is creating
      // whose answer has not come back yet): start tracking it. Its state (m.room.encryption above
      // all) is taken in before the core hears of the room, or its first message could go out in clear.
      this.d.rooms.joined(roomId);
      this.fresh.add(roomId);
      for (const event of list(obj(room.state).events)) this.d.rooms.applyState(roomId, obj(event));
      for (const item of list(obj(room.timeline).events)) {
        const event = asEvent(item);
        if (event?.state_key !== undefined) this.d.rooms.applyState(roomId, event);
      }
      // A room the bot created itself (a direct room whose creation has not answered yet) is not
      // news for the core: /sync can show it before its m.room.encryption state exists.
      if (creatorOf(room) !== this.d.botUserId) await this.d.dispatch({ kind: "membership", chat, change: "joined" });
    }
    for (const event of list(obj(room.state).events)) this.d.rooms.applyState(roomId, obj(event));
    let actOnMessages = !initial && !this.fresh.has(roomId);
    this.fresh.delete(roomId);
    let skipped = 0;
    for (const item of list(obj(room.timeline).events)) {
      const event = asEvent(item);
      if (!event) {
        skipped += 1;
        continue;
      }
      if (event.state_key !== undefined) {
        this.d.rooms.applyState(roomId, event);
        if (isOwnJoin(event, this.d.botUserId) && !initial) actOnMessages = true;
        if (event.type === "m.room.tombstone") await this.onTombstone(roomId, event);
        continue;
      }
      if (!actOnMessages || event.sender === this.d.botUserId) continue;
      if (!(await this.onMessage(roomId, event))) skipped += 1;
    }
    if (skipped > 0) this.d.log.warn({ chat, skipped }, "matrix: skipped events it could not read");
  }

  /** Dispatch a person's message if it is for the bot. False when the event could not be read. */
  private async onMessage(roomId: string, event: RawEvent): Promise<boolean> {
    let readable: RawEvent | undefined = event;
    if (event.type === "m.room.encrypted") {
      readable = this.d.crypto ? await this.d.crypto.decrypt(roomId, event).catch(() => undefined) : undefined;
      if (!readable) return false;
    }
    if (readable.type !== "m.room.message") return true;
    const body = readable.content.body;
    if (typeof body === "string" && body.length > MAX_COMMAND_CHARS) return false; // oversized: not a command
    const chatEvent = messageToChatEvent(readable, {
      chat: chatRef("matrix", roomId),
      roomId,
      addressing: {
        botUserId: this.d.botUserId,
        botDisplayName: this.d.rooms.displayName(roomId, this.d.botUserId) ?? this.d.botDisplayName,
        prefix: this.d.prefix,
        isDirect: this.d.rooms.isDirect(roomId),
      },
      senderName: this.d.rooms.displayName(roomId, readable.sender),
      choice: (n) => this.d.choices.lookup(roomId, n),
    });
    if (chatEvent) await this.d.dispatch(chatEvent);
    return true;
  }

  private async onTombstone(roomId: string, event: RawEvent): Promise<void> {
    const next = event.content.replacement_room;
    if (event.state_key !== "" || typeof next !== "string") return;
    await this.d.dispatch({
      kind: "membership",
      chat: chatRef("matrix", roomId),
      change: "migrated",
      newChat: chatRef("matrix", next),
    });
  }

  /** Run one room's handling; a failure is logged with the chat ref and its codes, never its content. */
  private async guard(roomId: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (err) {
      this.d.log.warn(
        { chat: chatRef("matrix", roomId), failure: describeFailure(failureFacts(err)) },
        "matrix: could not handle a room update",
      );
    }
  }
}

function obj(value: unknown): Json {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A well-formed timeline event, or undefined for anything malformed. */
function asEvent(value: unknown): RawEvent | undefined {
  const e = obj(value);
  if (typeof e.event_id !== "string" || typeof e.type !== "string" || typeof e.sender !== "string") return undefined;
  if (!e.content || typeof e.content !== "object" || Array.isArray(e.content)) return undefined;
  if (e.state_key !== undefined && typeof e.state_key !== "string") return undefined;
  return e as unknown as RawEvent;
}

/** Who created the room, from its m.room.create event in this sync's state or timeline. */
function creatorOf(room: Json): string | undefined {
  const events = [...list(obj(room.state).events), ...list(obj(room.timeline).events)].map(obj);
  const create = events.find((e) => e.type === "m.room.create" && e.state_key === "");
  return typeof create?.sender === "string" ? create.sender : undefined;
}

function isOwnJoin(event: RawEvent, botUserId: string): boolean {
  return event.type === "m.room.member" && event.state_key === botUserId && event.content.membership === "join";
}
