import { randomBytes } from "node:crypto";

/** The server name every id of the fake carries. */
export const SERVER_NAME = "fake.test";

/** A client-server API event as the fake stores and serves it. */
export interface MatrixEvent {
  event_id: string;
  type: string;
  sender: string;
  room_id: string;
  origin_server_ts: number;
  content: Record<string, unknown>;
  state_key?: string;
  unsigned?: Record<string, unknown>;
}

/** An event with its position in the server-wide stream (what since tokens count). */
export interface StoredEvent {
  pos: number;
  event: MatrixEvent;
  /** The device that sent it and its txnId, so only that device sees `unsigned.transaction_id`. */
  txn?: { deviceId: string; txnId: string };
}

export type Membership = "join" | "invite" | "leave" | "ban";

/** Random url-safe text, for ids and tokens. */
export function randomId(bytes = 18): string {
  return randomBytes(bytes).toString("base64url");
}

export function newRoomId(): string {
  return `!${randomId(12)}:${SERVER_NAME}`;
}

/** Room-version-4-style event id: `$` and an opaque hash. */
export function newEventId(): string {
  return `$${randomId(32)}`;
}

/** One room: its timeline (state events included, in order) and its current state. */
export class FakeRoom {
  readonly timeline: StoredEvent[] = [];
  private readonly state = new Map<string, StoredEvent>();

  constructor(readonly id: string) {}

  /** Append an event; state events also replace the current state for their (type, state_key). */
  append(stored: StoredEvent): void {
    this.timeline.push(stored);
    const { event } = stored;
    if (event.state_key !== undefined) this.state.set(stateKey(event.type, event.state_key), stored);
  }

  stateEvent(type: string, key = ""): StoredEvent | undefined {
    return this.state.get(stateKey(type, key));
  }

  currentState(): StoredEvent[] {
    return [...this.state.values()];
  }

  membership(userId: string): Membership | undefined {
    const m = this.stateEvent("m.room.member", userId)?.event.content.membership;
    return typeof m === "string" ? (m as Membership) : undefined;
  }

  /** Stream position of the user's current membership event. */
  membershipPos(userId: string): number {
    return this.stateEvent("m.room.member", userId)?.pos ?? 0;
  }

  membersWith(membership: Membership): string[] {
    return this.currentState()
      .filter((s) => s.event.type === "m.room.member" && s.event.content.membership === membership)
      .map((s) => s.event.state_key as string);
  }

  displayName(userId: string): string | undefined {
    const name = this.stateEvent("m.room.member", userId)?.event.content.displayname;
    return typeof name === "string" ? name : undefined;
  }

  isEncrypted(): boolean {
    return this.stateEvent("m.room.encryption") !== undefined;
  }

  findEvent(eventId: string): StoredEvent | undefined {
    return this.timeline.find((s) => s.event.event_id === eventId);
  }
}

function stateKey(type: string, key: string): string {
  return `${type}\u0000${key}`;
}

/** A copy of an event as one device should see it (its own txnId in unsigned, age filled in). */
export function eventFor(stored: StoredEvent, deviceId: string | undefined, now: number): MatrixEvent {
  const unsigned: Record<string, unknown> = { ...stored.event.unsigned, age: now - stored.event.origin_server_ts };
  if (stored.txn && stored.txn.deviceId === deviceId) unsigned.transaction_id = stored.txn.txnId;
  return { ...structuredClone(stored.event), unsigned };
}

/** Stripped state, as invites carry it. */
export function stripped(event: MatrixEvent): Record<string, unknown> {
  return { type: event.type, state_key: event.state_key, sender: event.sender, content: event.content };
}
