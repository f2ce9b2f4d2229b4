import type { MatrixClient } from "matrix-bot-sdk";
import { AdapterError } from "../../src/core/port.js";
import type { RoomCryptoLayer } from "./crypto-layer.js";
import { failureFacts, toAdapterError } from "./errors.js";
import type { RoomDirectory } from "./rooms.js";

/**
 * Finds or creates the bot's direct room with a person: m.direct first (a room the bot is in and the
 * person is in or invited to), else a new private room inviting them, recorded in m.direct.
 * One creation at a time per person, so two sends at once do not open two rooms.
 */
export class DirectRooms {
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(
    private readonly client: MatrixClient,
    private readonly rooms: RoomDirectory,
    private readonly botUserId: string,
    /** Called with each room this creates, before anything is sent in it. */
    private readonly onCreated: (roomId: string) => void,
    private readonly crypto?: RoomCryptoLayer,
  ) {}

  async roomFor(userId: string): Promise<string> {
    const existing = this.rooms.directRoomWith(userId);
    if (existing) return existing;
    let pending = this.inFlight.get(userId);
    if (!pending) {
      pending = this.create(userId).finally(() => this.inFlight.delete(userId));
      this.inFlight.set(userId, pending);
    }
    return pending;
  }

  private async create(userId: string): Promise<string> {
    const initialState = this.crypto?.directRoomInitialState() ?? [];
    let roomId: string;
    try {
      roomId = await this.client.createRoom({
        invite: [userId],
        is_direct: true,
        preset: "trusted_private_chat",
        initial_state: initialState,
      });
    } catch (err) {
      const f = failureFacts(err);
      // The homeserver refused the invite: no such person, or they do not accept invites from the bot.
      if (f.status === 400 || f.status === 403 || f.status === 404) {
        throw new AdapterError("DM_UNAVAILABLE", `matrix: cannot open a direct room (${f.status} ${f.errcode ?? ""})`);
      }
      throw toAdapterError(err, "create direct room");
    }
    this.rooms.joined(roomId, [
      { type: "m.room.member", state_key: this.botUserId, content: { membership: "join" } },
      { type: "m.room.member", state_key: userId, content: { membership: "invite" } },
      ...initialState,
    ]);
    this.onCreated(roomId);
    await this.record(userId, roomId);
    return roomId;
  }

  /** List `roomId` first among the direct rooms with `userId`, here and in the bot's m.direct. */
  async record(userId: string, roomId: string): Promise<void> {
    const map = this.rooms.directMapWith(userId, roomId);
    this.rooms.setDirectMap(map);
    try {
      await this.client.setAccountData("m.direct", map);
    } catch (err) {
      // Remembered here already, so the room is used; other clients of the bot may not list it.
      throw toAdapterError(err, "record direct room");
    }
  }
}
