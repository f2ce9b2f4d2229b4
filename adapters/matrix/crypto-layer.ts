/**
 * Where end-to-end encryption slots into the adapter. The implementation on
 * @matrix-org/matrix-sdk-crypto-wasm is in crypto/ (openOlmCryptoLayer). Without a layer the adapter
 * skips encrypted events and refuses to send into encrypted rooms, so nothing meant for an
 * encrypted room ever goes out in plain text.
 */

/** A timeline event as /sync delivers it. */
export interface RawEvent {
  event_id: string;
  type: string;
  sender: string;
  content: Record<string, unknown>;
  state_key?: string;
  origin_server_ts?: number;
  unsigned?: Record<string, unknown>;
}

export interface RoomCryptoLayer {
  /** Each raw /sync response, before its rooms are handled (to-device events, device lists, key counts). */
  onSync(raw: Record<string, unknown>): Promise<void>;
  /** The plaintext event of an m.room.encrypted event, or undefined when it cannot be decrypted. */
  decrypt(roomId: string, event: RawEvent): Promise<RawEvent | undefined>;
  /** What to PUT instead of `content` in an encrypted room (type m.room.encrypted and its content). */
  encrypt(
    roomId: string,
    type: string,
    content: Record<string, unknown>,
  ): Promise<{ type: string; content: Record<string, unknown> }>;
  /** Extra initial state for a new direct room (m.room.encryption), so direct chats start encrypted. */
  directRoomInitialState(): { type: string; state_key: string; content: Record<string, unknown> }[];
  /**
   * Save the crypto store durably. Called after each sync batch and BEFORE its sync token is saved:
   * room keys that arrived in the batch must not be lost to a crash between the two.
   */
  persist(): Promise<void>;
  /** Save and release the store; the layer is unusable afterwards. Idempotent. */
  close(): Promise<void>;
}
