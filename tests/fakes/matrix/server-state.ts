import { KeyStore } from "./keys.js";
import {
  FakeRoom,
  type MatrixEvent,
  type Membership,
  newEventId,
  newRoomId,
  randomId,
  SERVER_NAME,
  type StoredEvent,
} from "./model.js";

/** A Matrix error the fake answers with: HTTP status, errcode and text. */
export class MatrixHttpError extends Error {
  constructor(
    readonly status: number,
    readonly errcode: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface FakeUser {
  userId: string;
  displayName: string;
}

export interface Session {
  userId: string;
  deviceId: string;
  accessToken: string;
}

export interface CreateRoomRequest {
  name?: string;
  invite?: string[];
  is_direct?: boolean;
  preset?: string;
  initial_state?: { type: string; state_key?: string; content: Record<string, unknown> }[];
}

/** Largest event the fake accepts, like Synapse's 64 KiB limit. */
const MAX_EVENT_BYTES = 65536;

/**
 * Everything the fake homeserver knows: users and their sessions, rooms, account data, the stream
 * position and sent transaction ids. HTTP routes and test controls both act through it.
 */
export class ServerState {
  readonly users = new Map<string, FakeUser>();
  readonly sessions = new Map<string, Session>();
  readonly rooms = new Map<string, FakeRoom>();
  /** userId -> type -> { pos, content } */
  readonly accountData = new Map<string, Map<string, { pos: number; content: Record<string, unknown> }>>();
  /** `deviceId|roomId|txnId` -> event id: the same txnId from the same device sends nothing new. */
  private readonly txns = new Map<string, string>();
  readonly filters = new Map<string, unknown>();
  /** End-to-end keys and to-device messages. */
  readonly keys: KeyStore = new KeyStore(() => this.bump());
  /** Prefix of every since token, so a token from another server instance is recognised as foreign. */
  readonly instance = randomId(4);
  /** Told of every event stored, as it is (benchmarks time arrivals without polling). */
  onStored: ((roomId: string, event: MatrixEvent) => void) | null = null;
  /** /sync requests being held open right now (a stopped client must leave none). */
  openSyncs = 0;
  private pos = 0;
  private waiters = new Set<() => void>();

  get position(): number {
    return this.pos;
  }

  /** Advance the stream and wake every long-polling /sync. */
  private bump(): number {
    this.pos += 1;
    const woken = this.waiters;
    this.waiters = new Set();
    for (const wake of woken) wake();
    return this.pos;
  }

  /** Resolve on the next stream change or after `ms`. */
  waitForChange(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        resolve();
      }, ms);
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.add(wake);
    });
  }

  /** Wake every waiting /sync (the server is closing). */
  wakeAll(): void {
    const woken = this.waiters;
    this.waiters = new Set();
    for (const wake of woken) wake();
  }

  createUser(localpart: string, displayName = localpart): Session {
    const userId = `@${localpart}:${SERVER_NAME}`;
    if (!this.users.has(userId)) this.users.set(userId, { userId, displayName });
    return this.login(userId);
  }

  /** A new device and access token for an existing user. */
  login(userId: string): Session {
    const session = { userId, deviceId: randomId(6).toUpperCase(), accessToken: `syt_${randomId(24)}` };
    this.sessions.set(session.accessToken, session);
    return session;
  }

  room(roomId: string): FakeRoom {
    const room = this.rooms.get(roomId);
    if (!room) throw new MatrixHttpError(404, "M_NOT_FOUND", "Unknown room");
    return room;
  }

  /** Append an event to a room as `sender`, with checks a homeserver makes for clients. */
  appendEvent(
    roomId: string,
    sender: string,
    type: string,
    content: Record<string, unknown>,
    stateKey?: string,
    txn?: { deviceId: string; txnId: string },
  ): MatrixEvent {
    const room = this.room(roomId);
    const event: MatrixEvent = {
      event_id: newEventId(),
      type,
      sender,
      room_id: roomId,
      origin_server_ts: Date.now(),
      content,
      ...(stateKey !== undefined ? { state_key: stateKey } : {}),
    };
    if (Buffer.byteLength(JSON.stringify(event)) > MAX_EVENT_BYTES) {
      throw new MatrixHttpError(413, "M_TOO_LARGE", "Event too large");
    }
    const stored: StoredEvent = { pos: this.bump(), event, ...(txn ? { txn } : {}) };
    room.append(stored);
    this.onStored?.(roomId, event);
    return event;
  }

  /** PUT /send: idempotent per device, room and txnId. */
  sendEvent(session: Session, roomId: string, type: string, txnId: string, content: Record<string, unknown>): string {
    const key = `${session.deviceId}|${roomId}|${txnId}`;
    const earlier = this.txns.get(key);
    if (earlier) return earlier;
    this.requireJoined(roomId, session.userId);
    const event = this.appendEvent(roomId, session.userId, type, content, undefined, {
      deviceId: session.deviceId,
      txnId,
    });
    this.txns.set(key, event.event_id);
    return event.event_id;
  }

  requireJoined(roomId: string, userId: string): FakeRoom {
    const room = this.rooms.get(roomId);
    if (room?.membership(userId) !== "join") {
      throw new MatrixHttpError(403, "M_FORBIDDEN", `User ${userId} not in room ${roomId}`);
    }
    return room;
  }

  setMembership(roomId: string, sender: string, target: string, membership: Membership, extra = {}): MatrixEvent {
    const displayname = this.users.get(target)?.displayName;
    const content = { membership, ...(membership === "join" && displayname ? { displayname } : {}), ...extra };
    return this.appendEvent(roomId, sender, "m.room.member", content, target);
  }

  createRoom(creator: string, req: CreateRoomRequest): string {
    const roomId = newRoomId();
    this.rooms.set(roomId, new FakeRoom(roomId));
    this.appendEvent(roomId, creator, "m.room.create", { creator, room_version: "10" }, "");
    this.setMembership(roomId, creator, creator, "join");
    this.appendEvent(roomId, creator, "m.room.power_levels", { users: { [creator]: 100 }, users_default: 0 }, "");
    const joinRule = req.preset === "public_chat" ? "public" : "invite";
    this.appendEvent(roomId, creator, "m.room.join_rules", { join_rule: joinRule }, "");
    this.appendEvent(roomId, creator, "m.room.history_visibility", { history_visibility: "shared" }, "");
    if (req.name) this.appendEvent(roomId, creator, "m.room.name", { name: req.name }, "");
    for (const s of req.initial_state ?? []) this.appendEvent(roomId, creator, s.type, s.content, s.state_key ?? "");
    for (const invitee of req.invite ?? []) {
      this.setMembership(roomId, creator, invitee, "invite", req.is_direct ? { is_direct: true } : {});
    }
    return roomId;
  }

  invite(roomId: string, inviter: string, invitee: string, extra: Record<string, unknown> = {}): void {
    const room = this.requireJoined(roomId, inviter);
    if (room.membership(invitee) === "join") throw new MatrixHttpError(403, "M_FORBIDDEN", "Already in the room");
    this.setMembership(roomId, inviter, invitee, "invite", extra);
  }

  join(roomId: string, userId: string): void {
    const room = this.room(roomId);
    const current = room.membership(userId);
    if (current === "join") return;
    const joinRule = room.stateEvent("m.room.join_rules")?.event.content.join_rule;
    if (current !== "invite" && joinRule !== "public") {
      throw new MatrixHttpError(403, "M_FORBIDDEN", "You are not invited to this room.");
    }
    this.setMembership(roomId, userId, userId, "join");
  }

  leave(roomId: string, userId: string): void {
    const room = this.room(roomId);
    const current = room.membership(userId);
    if (current === undefined) throw new MatrixHttpError(403, "M_FORBIDDEN", "You are not in this room.");
    if (current === "leave" || current === "ban") return;
    this.setMembership(roomId, userId, userId, "leave");
  }

  getAccountData(userId: string, type: string): Record<string, unknown> {
    const entry = this.accountData.get(userId)?.get(type);
    if (!entry) throw new MatrixHttpError(404, "M_NOT_FOUND", "Account data not found");
    return entry.content;
  }

  setAccountData(userId: string, type: string, content: Record<string, unknown>): void {
    let perUser = this.accountData.get(userId);
    if (!perUser) {
      perUser = new Map();
      this.accountData.set(userId, perUser);
    }
    perUser.set(type, { pos: this.bump(), content });
  }

  joinedRooms(userId: string): string[] {
    return [...this.rooms.values()].filter((r) => r.membership(userId) === "join").map((r) => r.id);
  }
}
