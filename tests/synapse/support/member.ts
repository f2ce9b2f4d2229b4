import {
  ClientEvent,
  createClient,
  type MatrixClient,
  type MatrixEvent,
  PendingEventOrdering,
  SyncState,
} from "matrix-js-sdk";
import type { Logger as SdkLogger } from "matrix-js-sdk/lib/logger.js";

/** The SDK logs a lot (ids, keys) at every level: keep none of it. */
const quiet: SdkLogger = {
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
  getChild: () => quiet,
};

/** An access token with its device, from a password login. */
export interface LoginSession {
  userId: string;
  deviceId: string;
  accessToken: string;
}

/** POST /login with a password: a new device and access token. */
export async function passwordLogin(baseUrl: string, user: string, password: string): Promise<LoginSession> {
  const res = await fetch(`${baseUrl}/_matrix/client/v3/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ type: "m.login.password", identifier: { type: "m.id.user", user }, password }),
  });
  const body = (await res.json()) as { user_id?: string; device_id?: string; access_token?: string };
  if (!res.ok || !body.user_id || !body.device_id || !body.access_token) throw new Error(`login failed: ${res.status}`);
  return { userId: body.user_id, deviceId: body.device_id, accessToken: body.access_token };
}

/** One line of a room as a member's client shows it, after decryption. */
export interface SeenMessage {
  sender: string;
  /** The decrypted body, or undefined when the client could not decrypt it. */
  body?: string;
  /** The event was m.room.encrypted on the wire. */
  encrypted: boolean;
  eventId: string;
}

/**
 * A person on a real homeserver, driven by matrix-js-sdk with its Rust crypto (keys in memory):
 * what Element does for them, minus the screen. Accepts every invite from `acceptInvitesFrom`.
 */
export class Member {
  private constructor(
    readonly client: MatrixClient,
    readonly session: LoginSession,
  ) {}

  get userId(): string {
    return this.session.userId;
  }

  static async start(baseUrl: string, session: LoginSession, acceptInvitesFrom: string[] = []): Promise<Member> {
    const client = createClient({
      baseUrl,
      userId: session.userId,
      deviceId: session.deviceId,
      accessToken: session.accessToken,
      logger: quiet,
    });
    await client.initRustCrypto({ useIndexedDB: false });
    const member = new Member(client, session);
    // After each sync, join the rooms people we trust invited us to (as a person clicking "accept").
    const joining = new Set<string>();
    client.on(ClientEvent.Sync, () => {
      for (const room of client.getRooms()) {
        if (room.getMyMembership() !== "invite" || joining.has(room.roomId)) continue;
        const inviter = room.getMember(session.userId)?.events.member?.getSender();
        if (!inviter || !acceptInvitesFrom.includes(inviter)) continue;
        joining.add(room.roomId);
        void client.joinRoom(room.roomId).catch(() => joining.delete(room.roomId));
      }
    });
    const ready = new Promise<void>((resolve) => {
      const onSync = (state: SyncState) => {
        if (state !== SyncState.Prepared && state !== SyncState.Syncing) return;
        client.off(ClientEvent.Sync, onSync);
        resolve();
      };
      client.on(ClientEvent.Sync, onSync);
    });
    // Detached: the member's own messages join the timeline when the server echoes them, so the
    // timeline is in the server's order (a reply is after the command it answers).
    await client.startClient({ initialSyncLimit: 50, lazyLoadMembers: false, pendingEventOrdering: PendingEventOrdering.Detached });
    await ready;
    return member;
  }

  /** Create an encrypted private room, inviting `invite`. */
  async createEncryptedRoom(name: string, invite: string[]): Promise<string> {
    const { room_id } = await this.client.createRoom({
      name,
      invite,
      preset: "private_chat" as never,
      initial_state: [{ type: "m.room.encryption", state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } }],
    });
    return room_id;
  }

  /** Create an unencrypted room (the control case for the database search). */
  async createPlainRoom(name: string): Promise<string> {
    const { room_id } = await this.client.createRoom({ name, preset: "private_chat" as never });
    return room_id;
  }

  async invite(roomId: string, userId: string): Promise<void> {
    await this.client.invite(roomId, userId);
  }

  async join(roomId: string): Promise<void> {
    await this.client.joinRoom(roomId);
  }

  /** Send a text message (encrypted by the client when the room is). Returns its event id. */
  async say(roomId: string, text: string): Promise<string> {
    const { event_id } = await this.client.sendTextMessage(roomId, text);
    return event_id;
  }

  /** Messages in a room as this member's client shows them, oldest first. */
  seen(roomId: string): SeenMessage[] {
    const room = this.client.getRoom(roomId);
    if (!room) return [];
    return room
      .getLiveTimeline()
      .getEvents()
      .filter((e: MatrixEvent) => e.getType() === "m.room.message" || e.isEncrypted())
      .map((e: MatrixEvent) => {
        const body = e.isDecryptionFailure() ? undefined : e.getContent().body;
        return {
          sender: e.getSender() ?? "",
          ...(typeof body === "string" ? { body } : {}),
          encrypted: e.isEncrypted(),
          eventId: e.getId() ?? "",
        };
      });
  }

  /** Rooms this member's client knows, other than `except`. */
  roomsOtherThan(except: string): string[] {
    return this.client
      .getRooms()
      .map((r) => r.roomId)
      .filter((id) => id !== except);
  }

  async stop(): Promise<void> {
    this.client.stopClient();
  }
}
