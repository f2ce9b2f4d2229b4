import { type FaultKind, type FaultMatch, FaultPlan } from "./faults.js";
import { type FakeHttpServer, listen } from "./http-server.js";
import { SendLimits } from "./limits.js";
import { MediaStore, type StoredMedia } from "./media.js";
import type { MatrixEvent, Membership } from "./model.js";
import { ServerState, type Session } from "./server-state.js";

export type { FaultKind, FaultMatch } from "./faults.js";
export type { StoredMedia } from "./media.js";
export type { MatrixEvent } from "./model.js";
export type { Session } from "./server-state.js";

export interface FakeRoomOptions {
  name?: string;
  /** Users who are joined from the start (besides the creator). */
  members?: string[];
  /** Users who are invited (with `is_direct` when `direct`). */
  invite?: string[];
  /** Give the room m.room.encryption state (Megolm), as an encrypted room has. */
  encrypted?: boolean;
  direct?: boolean;
  /** Anyone may join (join_rules public). */
  public?: boolean;
}

/**
 * A stateful fake Matrix homeserver on 127.0.0.1 speaking the client-server API v3, for the real
 * matrix-bot-sdk to talk to. Tests act as people through these methods and read back what it holds.
 */
export class FakeHomeserver {
  readonly state = new ServerState();
  private readonly faults = new FaultPlan();
  /** Synapse's message rate limit (off until `limits.enforce`) and a per-request latency. */
  readonly limits = new SendLimits();
  /** The media repository (uploads), served at /_matrix/media/v3 and /_matrix/client/v1/media. */
  readonly mediaStore = new MediaStore();
  private http?: FakeHttpServer;

  /** Start a fake homeserver on a free loopback port. */
  static async start(): Promise<FakeHomeserver> {
    const hs = new FakeHomeserver();
    hs.http = await listen(hs.state, hs.faults, hs.limits, hs.mediaStore);
    return hs;
  }

  /** Base URL to hand to a client as its homeserver. */
  get url(): string {
    if (!this.http) throw new Error("fake homeserver not started");
    return this.http.url;
  }

  /** Register a user (or log them in again) and return a session with an access token. */
  createUser(localpart: string, displayName?: string): Session {
    return this.state.createUser(localpart, displayName);
  }

  /** Create a room as `creator`, with members joined, invited and encryption as asked. */
  createRoom(creator: string, options: FakeRoomOptions = {}): string {
    const roomId = this.state.createRoom(creator, {
      ...(options.name ? { name: options.name } : {}),
      preset: options.public ? "public_chat" : "private_chat",
      is_direct: options.direct ?? false,
      invite: options.invite ?? [],
      initial_state: options.encrypted
        ? [{ type: "m.room.encryption", state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } }]
        : [],
    });
    for (const member of options.members ?? []) {
      this.state.setMembership(roomId, creator, member, "invite");
      this.state.join(roomId, member);
    }
    return roomId;
  }

  invite(roomId: string, inviter: string, invitee: string, direct = false): void {
    this.state.invite(roomId, inviter, invitee, direct ? { is_direct: true } : {});
  }

  join(roomId: string, userId: string): void {
    this.state.join(roomId, userId);
  }

  leave(roomId: string, userId: string): void {
    this.state.leave(roomId, userId);
  }

  /** Remove `target` from the room as `by` (a kick). */
  kick(roomId: string, by: string, target: string): void {
    this.state.setMembership(roomId, by, target, "leave");
  }

  /** `sender` posts a plain text message (m.text) in the room; returns its event id. */
  sendText(roomId: string, sender: string, body: string, extra: Record<string, unknown> = {}): string {
    return this.sendEvent(roomId, sender, "m.room.message", { msgtype: "m.text", body, ...extra });
  }

  /** `sender` posts any event, well-formed or not; returns its event id. */
  sendEvent(roomId: string, sender: string, type: string, content: Record<string, unknown>, stateKey?: string): string {
    this.state.requireJoined(roomId, sender);
    return this.state.appendEvent(roomId, sender, type, content, stateKey).event_id;
  }

  /** Every event of a room's timeline, oldest first (copies). */
  events(roomId: string): MatrixEvent[] {
    return this.state.room(roomId).timeline.map((s) => structuredClone(s.event));
  }

  /** The bodies of the room's (unredacted) m.room.message events, oldest first. */
  messageBodies(roomId: string): string[] {
    return this.events(roomId)
      .filter((e) => e.type === "m.room.message" && typeof e.content.body === "string")
      .map((e) => e.content.body as string);
  }

  /** The uploaded file behind an `mxc://` uri, bytes as stored, or undefined. */
  media(uri: string): StoredMedia | undefined {
    return this.mediaStore.byUri(uri);
  }

  membership(roomId: string, userId: string): Membership | undefined {
    return this.state.rooms.get(roomId)?.membership(userId);
  }

  joinedMembers(roomId: string): string[] {
    return this.state.room(roomId).membersWith("join");
  }

  /** A user's global account data of `type`, or undefined. */
  accountData(userId: string, type: string): Record<string, unknown> | undefined {
    return this.state.accountData.get(userId)?.get(type)?.content;
  }

  setAccountData(userId: string, type: string, content: Record<string, unknown>): void {
    this.state.setAccountData(userId, type, content);
  }

  /** Rooms `owner` lists as direct chats with `other` in m.direct, that both are (or are invited) in. */
  directRooms(owner: string, other: string): string[] {
    const listed = this.accountData(owner, "m.direct")?.[other];
    if (!Array.isArray(listed)) return [];
    return listed.filter((roomId): roomId is string => {
      const them = this.membership(String(roomId), other);
      return this.membership(String(roomId), owner) === "join" && (them === "join" || them === "invite");
    });
  }

  /** How many /sync long polls are open right now. */
  get openSyncs(): number {
    return this.state.openSyncs;
  }

  /** Arm a fault for the next `times` requests matching `match`. */
  inject(match: FaultMatch, fault: FaultKind, times = 1): void {
    this.faults.add(match, fault, times);
  }

  /** Answer the next matching request with 429 M_LIMIT_EXCEEDED and `retry_after_ms`. */
  rateLimitNext(match: FaultMatch, retryAfterMs: number, times = 1): void {
    this.inject(match, { kind: "status", status: 429, errcode: "M_LIMIT_EXCEEDED", retryAfterMs }, times);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  async close(): Promise<void> {
    await this.http?.close();
  }
}
