import { randomBytes } from "node:crypto";
import {
  DecryptionErrorCode,
  DecryptionSettings,
  DeviceId,
  DeviceLists,
  initAsync,
  OlmMachine,
  RoomId,
  TrustRequirement,
  UserId,
} from "@matrix-org/matrix-sdk-crypto-wasm";
import { AdapterError, chatRef, type Logger } from "../../../src/core/port.js";
import type { RawEvent, RoomCryptoLayer } from "../crypto-layer.js";
import { toAdapterError } from "../errors.js";
import { CryptoState, type DeviceBinding } from "./crypto-state.js";
import { ensureCrossSigning } from "./cross-signing.js";
import { deleteDatabases, type IdbFactory, restoreDatabases, snapshotDatabases } from "./idb-snapshot.js";
import { flushOutgoing, type HomeserverCall, sendMachineRequest } from "./requests.js";
import { encryptionSettingsFor } from "./room-settings.js";
import { syncCryptoChanges } from "./sync-changes.js";

/** What the crypto layer needs to know about rooms (the adapter's RoomDirectory answers). */
export interface RoomFacts {
  /** Joined and invited members other than the bot. */
  otherMembers(roomId: string): string[];
  /** The room's m.room.encryption content, if it is encrypted. */
  encryption(roomId: string): Record<string, unknown> | undefined;
  historyVisibility(roomId: string): string | undefined;
  /** Every encrypted room the bot is in. */
  encryptedRooms(): string[];
}

export interface OlmLayerOptions extends DeviceBinding {
  /** The adapter's durable state (the core's encrypted database). */
  state: ConstructorParameters<typeof CryptoState>[0];
  call: HomeserverCall;
  log: Logger;
  rooms: RoomFacts;
  idb: IdbFactory;
}

const MEGOLM = "m.megolm.v1.aes-sha2";

/**
 * End-to-end encryption on the Rust crypto library (matrix-sdk-crypto-wasm): one OlmMachine for the
 * bot's device. Its store lives in an in-memory IndexedDB under a fresh name for each start; the
 * store is restored from, and snapshotted into, the adapter state, so the device keeps its identity
 * and keys across restarts. Calls that touch the machine's queue run one at a time.
 */
export class OlmCryptoLayer implements RoomCryptoLayer {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** The store may have changed since the last snapshot (an idle sync batch leaves it as it was). */
  private dirty = true;

  private constructor(
    private readonly machine: OlmMachine,
    private readonly o: OlmLayerOptions,
    private readonly store: CryptoState,
    private readonly storePrefix: string,
  ) {}

  /**
   * Restore the store (if a snapshot of this device exists), open the machine, upload its keys,
   * set up cross-signing once, and save a first snapshot. Throws AdapterError when the stored
   * keys cannot be opened: starting afresh would silently give the device new keys.
   */
  static async open(o: OlmLayerOptions): Promise<OlmCryptoLayer> {
    await initAsync();
    const store = new CryptoState(o.state);
    const device = { userId: o.userId, deviceId: o.deviceId };
    const { snapshot, droppedOtherDevice } = store.snapshotFor(device);
    if (droppedOtherDevice) o.log.warn({}, "matrix: the stored crypto keys belong to another device; starting a new store");
    const storeName = `porchlight-crypto-${randomBytes(6).toString("hex")}`;
    const prefix = `${storeName}::`;
    let machine: OlmMachine;
    try {
      if (snapshot) await restoreDatabases(o.idb, prefix, snapshot);
      machine = await OlmMachine.initialize(
        new UserId(o.userId),
        new DeviceId(o.deviceId),
        storeName,
        store.passphrase(),
        silentLibraryLogger,
      );
    } catch {
      await deleteDatabases(o.idb, prefix).catch(() => undefined);
      throw new AdapterError("REJECTED", "matrix: the stored crypto keys could not be opened");
    }
    machine.roomKeyRequestsEnabled = true;
    machine.roomKeyForwardingEnabled = true;
    const layer = new OlmCryptoLayer(machine, o, store, prefix);
    try {
      await layer.exclusive(async () => {
        await flushOutgoing(machine, o.call, o.log);
        if (await ensureCrossSigning(machine, o.call, o.log, store.crossSigningUploaded(device))) {
          store.markCrossSigningUploaded(device);
        }
        const members = new Set(o.rooms.encryptedRooms().flatMap((r) => o.rooms.otherMembers(r)));
        await machine.updateTrackedUsers(userIds([o.userId, ...members]));
        await flushOutgoing(machine, o.call, o.log);
        await layer.saveSnapshot();
      });
    } catch (err) {
      await layer.close().catch(() => undefined);
      throw toAdapterError(err, "crypto start");
    }
    o.log.info({ restored: snapshot !== undefined }, "matrix: end-to-end encryption ready");
    return layer;
  }

  async onSync(raw: Record<string, unknown>): Promise<void> {
    await this.exclusive(async () => {
      const c = syncCryptoChanges(raw);
      try {
        await this.machine.receiveSyncChanges(
          JSON.stringify(c.toDevice),
          new DeviceLists(userIds(c.changed), userIds(c.left)),
          c.oneTimeKeyCounts,
          c.unusedFallbackKeyTypes,
        );
      } catch {
        this.o.log.error({ toDevice: c.toDevice.length }, "matrix: crypto could not take a sync batch");
      }
      const flushed = await flushOutgoing(this.machine, this.o.call, this.o.log);
      if (c.toDevice.length > 0 || c.changed.length > 0 || c.left.length > 0 || flushed.sent > 0) this.dirty = true;
    });
  }

  async decrypt(roomId: string, event: RawEvent): Promise<RawEvent | undefined> {
    this.dirty = true; // decrypting can update what the store knows about the session's sender
    try {
      const decrypted = await this.machine.decryptRoomEvent(
        JSON.stringify({ ...event, room_id: roomId }),
        new RoomId(roomId),
        // Like Element's default: read every member's devices; who may do what is the core's call.
        new DecryptionSettings(TrustRequirement.Untrusted),
      );
      const plain = JSON.parse(decrypted.event) as { type?: unknown; content?: unknown };
      if (typeof plain.type !== "string" || !plain.content || typeof plain.content !== "object") return undefined;
      return { ...event, type: plain.type, content: plain.content as Record<string, unknown> };
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      const reason = typeof code === "number" ? (DecryptionErrorCode[code] ?? "unknown") : "unknown";
      this.o.log.warn({ chat: chatRef("matrix", roomId), reason }, "matrix: could not decrypt an event; skipped");
      return undefined;
    }
  }

  async encrypt(
    roomId: string,
    type: string,
    content: Record<string, unknown>,
  ): Promise<{ type: string; content: Record<string, unknown> }> {
    return this.exclusive(async () => {
      try {
        const users = () => userIds([this.o.userId, ...this.o.rooms.otherMembers(roomId)]);
        this.dirty = true;
        await this.machine.updateTrackedUsers(users());
        const flushed = await flushOutgoing(this.machine, this.o.call, this.o.log);
        // Without the members' device lists the message would reach only the devices known so far.
        if (flushed.failed.includes("keys/query")) throw flushed.firstError;
        const claim = await this.machine.getMissingSessions(users());
        if (claim) await sendMachineRequest(this.machine, this.o.call, claim);
        const settings = encryptionSettingsFor(this.o.rooms.encryption(roomId), this.o.rooms.historyVisibility(roomId));
        for (const req of await this.machine.shareRoomKey(new RoomId(roomId), users(), settings)) {
          await sendMachineRequest(this.machine, this.o.call, req);
        }
        const encrypted = await this.machine.encryptRoomEvent(new RoomId(roomId), type, JSON.stringify(content));
        await this.saveSnapshot();
        return { type: "m.room.encrypted", content: JSON.parse(encrypted) as Record<string, unknown> };
      } catch (err) {
        const e = toAdapterError(err, "encrypt");
        // Nothing reached the room yet, so a retry cannot duplicate the message.
        throw e.code === "UNCERTAIN" ? new AdapterError("TRANSIENT", e.message) : e;
      }
    });
  }

  directRoomInitialState(): { type: string; state_key: string; content: Record<string, unknown> }[] {
    return [{ type: "m.room.encryption", state_key: "", content: { algorithm: MEGOLM } }];
  }

  async persist(): Promise<void> {
    await this.exclusive(() => this.saveSnapshot());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.persist().catch(() => undefined);
    this.closed = true;
    await this.queue.catch(() => undefined);
    this.machine.close();
    await deleteDatabases(this.o.idb, this.storePrefix).catch(() => undefined);
  }

  private async saveSnapshot(): Promise<void> {
    if (this.closed || !this.dirty) return;
    this.dirty = false;
    try {
      const snapshot = await snapshotDatabases(this.o.idb, this.storePrefix);
      this.store.save({ userId: this.o.userId, deviceId: this.o.deviceId }, snapshot);
    } catch (err) {
      this.dirty = true;
      throw err;
    }
  }

  /** Run `work` after everything queued before it (its failure does not block what follows). */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new AdapterError("TRANSIENT", "matrix: the crypto layer is closed"));
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** The library's own log lines carry user ids, device ids and keys: none of them may reach our logs. */
const silentLibraryLogger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * A fresh array of UserId objects for each call (the library takes ownership of what it is given),
 * leaving out anything that is not a user id (the library would throw on it).
 */
function userIds(ids: string[]): UserId[] {
  return [...new Set(ids)].flatMap((id) => {
    try {
      return [new UserId(id)];
    } catch {
      return [];
    }
  });
}
