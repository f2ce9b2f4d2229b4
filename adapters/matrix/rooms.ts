/**
 * What the adapter knows about the rooms the bot is in, kept from room state and /sync so that
 * capabilities() and isDirect can be answered synchronously. Pure state: no I/O here.
 */

type Membership = "join" | "invite" | "leave" | "ban" | "knock";

interface Member {
  membership: Membership;
  displayName?: string;
}

interface RoomInfo {
  encrypted: boolean;
  /** The m.room.encryption content (algorithm, rotation settings), once encrypted. */
  encryption?: Record<string, unknown>;
  historyVisibility?: string;
  members: Map<string, Member>;
}

/** A minimal state event, as both /state and /sync carry it. */
export interface StateEventLike {
  type?: unknown;
  state_key?: unknown;
  content?: unknown;
}

export class RoomDirectory {
  private readonly rooms = new Map<string, RoomInfo>();
  /** The bot's m.direct account data: person -> their direct rooms with the bot. */
  private directByUser = new Map<string, string[]>();

  constructor(private readonly botUserId: string) {}

  /** Rooms the bot is joined to. */
  joinedRooms(): string[] {
    return [...this.rooms.keys()];
  }

  isJoined(roomId: string): boolean {
    return this.rooms.has(roomId);
  }

  /** Start tracking a room the bot joined, optionally with its full state. */
  joined(roomId: string, state: StateEventLike[] = []): void {
    if (!this.rooms.has(roomId)) this.rooms.set(roomId, { encrypted: false, members: new Map() });
    for (const event of state) this.applyState(roomId, event);
  }

  left(roomId: string): void {
    this.rooms.delete(roomId);
  }

  /** Fold one state event into what we know. Encryption, once on, stays on (as the spec requires). */
  applyState(roomId: string, event: StateEventLike): void {
    const room = this.rooms.get(roomId);
    if (!room || typeof event.type !== "string" || typeof event.state_key !== "string") return;
    const content = (event.content && typeof event.content === "object" ? event.content : {}) as Record<
      string,
      unknown
    >;
    if (event.type === "m.room.encryption" && typeof content.algorithm === "string") {
      room.encrypted = true;
      room.encryption = content;
    }
    if (event.type === "m.room.history_visibility" && typeof content.history_visibility === "string") {
      room.historyVisibility = content.history_visibility;
    }
    if (event.type === "m.room.member" && typeof content.membership === "string") {
      room.members.set(event.state_key, {
        membership: content.membership as Membership,
        ...(typeof content.displayname === "string" ? { displayName: content.displayname } : {}),
      });
    }
  }

  isEncrypted(roomId: string): boolean {
    return this.rooms.get(roomId)?.encrypted ?? false;
  }

  /** The room's m.room.encryption content, if it is encrypted. */
  encryption(roomId: string): Record<string, unknown> | undefined {
    return this.rooms.get(roomId)?.encryption;
  }

  historyVisibility(roomId: string): string | undefined {
    return this.rooms.get(roomId)?.historyVisibility;
  }

  encryptedRooms(): string[] {
    return [...this.rooms.entries()].filter(([, r]) => r.encrypted).map(([id]) => id);
  }

  /** A member's display name in the room, if they set one. */
  displayName(roomId: string, userId: string): string | undefined {
    return this.rooms.get(roomId)?.members.get(userId)?.displayName;
  }

  /** Joined or invited members other than the bot. */
  otherMembers(roomId: string): string[] {
    const room = this.rooms.get(roomId);
    if (!room) return [];
    return [...room.members.entries()]
      .filter(([id, m]) => id !== this.botUserId && (m.membership === "join" || m.membership === "invite"))
      .map(([id]) => id);
  }

  /**
   * A one-to-one room: flagged as direct (the bot's m.direct) and holding at most one person besides
   * the bot. A group room that happens to hold two people is not direct (it may grow, with history
   * visible), and a direct room that gained a third member is not direct any more.
   */
  isDirect(roomId: string): boolean {
    if (!this.rooms.has(roomId)) return false;
    const flagged = [...this.directByUser.values()].some((rooms) => rooms.includes(roomId));
    return flagged && this.otherMembers(roomId).length <= 1;
  }

  /** Replace the m.direct map from account data content. */
  setDirectMap(content: unknown): void {
    const map = new Map<string, string[]>();
    if (content && typeof content === "object") {
      for (const [userId, rooms] of Object.entries(content)) {
        if (Array.isArray(rooms)) map.set(userId, rooms.filter((r): r is string => typeof r === "string"));
      }
    }
    this.directByUser = map;
  }

  /** The m.direct map as account data content, with `roomId` first for `userId`. */
  directMapWith(userId: string, roomId: string): Record<string, string[]> {
    const out: Record<string, string[]> = Object.fromEntries(this.directByUser);
    out[userId] = [roomId, ...(out[userId] ?? []).filter((r) => r !== roomId)];
    return out;
  }

  /** A usable direct room with `userId`: listed in m.direct, bot joined, the person joined or invited. */
  directRoomWith(userId: string): string | undefined {
    return (this.directByUser.get(userId) ?? []).find((roomId) => {
      const membership = this.rooms.get(roomId)?.members.get(userId)?.membership;
      return membership === "join" || membership === "invite";
    });
  }
}
