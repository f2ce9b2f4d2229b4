import {
  DecryptedToDeviceEvent,
  DecryptionSettings,
  DeviceId,
  DeviceLists,
  OlmMachine,
  RoomId,
  TrustRequirement,
  UserId,
} from "@matrix-org/matrix-sdk-crypto-wasm";
import { flushOutgoing, type HomeserverCall, sendMachineRequest } from "../../../adapters/matrix/crypto/requests.js";
import { encryptionSettingsFor } from "../../../adapters/matrix/crypto/room-settings.js";
import { syncCryptoChanges } from "../../../adapters/matrix/crypto/sync-changes.js";
import type { MatrixEvent } from "./model.js";
import type { Session } from "./server-state.js";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const silentLog = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * A person's device with the real crypto library (an OlmMachine with an in-memory store), talking
 * HTTP to the fake homeserver as a client would: it uploads its keys, syncs to-device messages,
 * sends Megolm-encrypted messages and decrypts what the bot sends.
 */
export class OlmDevice {
  private since?: string;

  private constructor(
    readonly session: Session,
    private readonly machine: OlmMachine,
    private readonly baseUrl: string,
  ) {}

  static async start(baseUrl: string, session: Session): Promise<OlmDevice> {
    const machine = await OlmMachine.initialize(
      new UserId(session.userId),
      new DeviceId(session.deviceId),
      undefined,
      undefined,
      quiet,
    );
    const device = new OlmDevice(session, machine, baseUrl);
    await flushOutgoing(machine, device.call, silentLog);
    return device;
  }

  /** The device's public identity keys. */
  get identityKeys(): { curve25519: string; ed25519: string } {
    const k = this.machine.identityKeys;
    return { curve25519: k.curve25519.toBase64(), ed25519: k.ed25519.toBase64() };
  }

  /**
   * One /sync without waiting: takes in to-device messages (room keys) and answers what they ask.
   * Returns the to-device events it could decrypt (type and content).
   */
  async sync(): Promise<{ type: string; content: Record<string, unknown> }[]> {
    const qs = new URLSearchParams({ timeout: "0", ...(this.since ? { since: this.since } : {}) });
    const raw = (await this.call("GET", `/_matrix/client/v3/sync?${qs}`, undefined)) as Record<string, unknown>;
    const c = syncCryptoChanges(raw);
    const processed = await this.machine.receiveSyncChanges(
      JSON.stringify(c.toDevice),
      new DeviceLists(
        c.changed.map((u) => new UserId(u)),
        c.left.map((u) => new UserId(u)),
      ),
      c.oneTimeKeyCounts,
      c.unusedFallbackKeyTypes,
    );
    await flushOutgoing(this.machine, this.call, silentLog);
    this.since = String(raw.next_batch);
    return processed
      .filter((p): p is DecryptedToDeviceEvent => p instanceof DecryptedToDeviceEvent)
      .map((p) => JSON.parse(p.rawEvent) as { type: string; content: Record<string, unknown> });
  }

  /** Ask `device` of `userId` for the room key of `event` (an m.room_key_request, as a client sends it). */
  async requestRoomKey(userId: string, deviceId: string, event: MatrixEvent): Promise<void> {
    const c = event.content;
    const request = {
      action: "request",
      body: { algorithm: c.algorithm, room_id: event.room_id, sender_key: c.sender_key, session_id: c.session_id },
      request_id: `req${Date.now()}`,
      requesting_device_id: this.session.deviceId,
    };
    const txn = `k${Date.now()}${Math.random().toString(36).slice(2)}`;
    await this.call("PUT", `/_matrix/client/v3/sendToDevice/m.room_key_request/${txn}`, {
      messages: { [userId]: { [deviceId]: request } },
    });
  }

  /** Encrypt `text` for everyone in the room (`members`) and PUT it; returns the event id. */
  async sendText(roomId: string, members: string[], text: string): Promise<string> {
    const users = () => members.map((m) => new UserId(m));
    await this.machine.updateTrackedUsers(users());
    await flushOutgoing(this.machine, this.call, silentLog);
    const claim = await this.machine.getMissingSessions(users());
    if (claim) await sendMachineRequest(this.machine, this.call, claim);
    const settings = encryptionSettingsFor({ algorithm: "m.megolm.v1.aes-sha2" }, "shared");
    for (const req of await this.machine.shareRoomKey(new RoomId(roomId), users(), settings)) {
      await sendMachineRequest(this.machine, this.call, req);
    }
    const content = await this.machine.encryptRoomEvent(
      new RoomId(roomId),
      "m.room.message",
      JSON.stringify({ msgtype: "m.text", body: text }),
    );
    const txn = `t${Date.now()}${Math.random().toString(36).slice(2)}`;
    const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.encrypted/${txn}`;
    const answer = (await this.call("PUT", path, JSON.parse(content))) as { event_id: string };
    return answer.event_id;
  }

  /** The plaintext content of an encrypted event, or undefined when this device cannot decrypt it. */
  async decrypt(event: MatrixEvent): Promise<Record<string, unknown> | undefined> {
    try {
      const d = await this.machine.decryptRoomEvent(
        JSON.stringify(event),
        new RoomId(event.room_id),
        new DecryptionSettings(TrustRequirement.Untrusted),
      );
      return (JSON.parse(d.event) as { content: Record<string, unknown> }).content;
    } catch {
      return undefined;
    }
  }

  close(): void {
    this.machine.close();
  }

  private readonly call: HomeserverCall = async (method, path, body, qs) => {
    const url = new URL(path, this.baseUrl);
    for (const [k, v] of Object.entries(qs ?? {})) url.searchParams.set(k, v);
    const res = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${this.session.accessToken}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const answer = (await res.json()) as unknown;
    if (!res.ok) throw Object.assign(new Error(`HTTP ${res.status}`), { statusCode: res.status, body: answer });
    return answer;
  };
}
