import { MatrixHttpError, type Session } from "./server-state.js";

type Json = Record<string, unknown>;

/** One device's end-to-end keys as a homeserver holds them. */
export interface DeviceKeyRecord {
  /** The signed device_keys object the device uploaded (signatures merged in later uploads). */
  deviceKeys?: Json;
  /** Unclaimed one-time keys: `algorithm:keyId` -> key object. */
  oneTimeKeys: Map<string, unknown>;
  /** The current fallback key per algorithm, and whether it was claimed since it was uploaded. */
  fallbackKeys: Map<string, { keyId: string; key: unknown; used: boolean }>;
}

/** A to-device message waiting for its device, with the stream position it was sent at. */
interface QueuedToDevice {
  pos: number;
  event: { type: string; sender: string; content: unknown };
}

/**
 * The fake homeserver's end-to-end key server: device keys, one-time and fallback keys (claimed
 * one at a time), cross-signing keys, signatures, and to-device messages queued per device until
 * a /sync acknowledges them. Stream positions come from the server state, so /sync wakes up.
 */
export class KeyStore {
  readonly devices = new Map<string, DeviceKeyRecord>();
  /** userId -> { master, self_signing, user_signing } */
  readonly crossSigning = new Map<string, Json>();
  /** Stream position of each user's last key change (for device_lists.changed). */
  private readonly changedAt = new Map<string, number>();
  private readonly toDevice = new Map<string, QueuedToDevice[]>();
  /** Stream position at which each device's one-time keys were last claimed. */
  private readonly claimedAt = new Map<string, number>();

  constructor(private readonly advance: () => number) {}

  device(userId: string, deviceId: string): DeviceKeyRecord {
    const key = deviceKey(userId, deviceId);
    let record = this.devices.get(key);
    if (!record) {
      record = { oneTimeKeys: new Map(), fallbackKeys: new Map() };
      this.devices.set(key, record);
    }
    return record;
  }

  /** Devices of `userId` that uploaded device keys. */
  deviceIds(userId: string): string[] {
    return [...this.devices.entries()]
      .filter(([k, r]) => k.startsWith(`${userId}|`) && r.deviceKeys)
      .map(([k]) => k.slice(userId.length + 1));
  }

  /** POST /keys/upload */
  upload(session: Session, body: Json): Json {
    const record = this.device(session.userId, session.deviceId);
    if (body.device_keys && typeof body.device_keys === "object") {
      record.deviceKeys = structuredClone(body.device_keys as Json);
      this.changed(session.userId);
    }
    for (const [id, key] of Object.entries(obj(body.one_time_keys))) {
      if (record.oneTimeKeys.has(id)) throw new MatrixHttpError(400, "M_INVALID_PARAM", "One time key already exists");
      record.oneTimeKeys.set(id, key);
    }
    for (const [id, key] of Object.entries(obj(body.fallback_keys ?? body["org.matrix.msc2732.fallback_keys"]))) {
      const algorithm = id.split(":")[0]!;
      record.fallbackKeys.set(algorithm, { keyId: id, key, used: false });
    }
    return { one_time_key_counts: this.oneTimeKeyCounts(session) };
  }

  /** How many unclaimed one-time keys the device has, per algorithm. */
  oneTimeKeyCounts(session: Session): Record<string, number> {
    const counts: Record<string, number> = { signed_curve25519: 0 };
    for (const id of this.device(session.userId, session.deviceId).oneTimeKeys.keys()) {
      const algorithm = id.split(":")[0]!;
      counts[algorithm] = (counts[algorithm] ?? 0) + 1;
    }
    return counts;
  }

  /** Algorithms of the device's fallback keys nobody has claimed yet. */
  unusedFallbackKeyTypes(session: Session): string[] {
    return [...this.device(session.userId, session.deviceId).fallbackKeys.entries()]
      .filter(([, f]) => !f.used)
      .map(([algorithm]) => algorithm);
  }

  /** POST /keys/query */
  query(body: Json): Json {
    const deviceKeys: Record<string, Json> = {};
    const master: Json = {};
    const selfSigning: Json = {};
    const userSigning: Json = {};
    for (const [userId, wanted] of Object.entries(obj(body.device_keys))) {
      const only = Array.isArray(wanted) && wanted.length > 0 ? new Set(wanted) : undefined;
      const devices: Json = {};
      for (const deviceId of this.deviceIds(userId)) {
        if (!only || only.has(deviceId)) devices[deviceId] = this.device(userId, deviceId).deviceKeys;
      }
      deviceKeys[userId] = devices;
      const cs = this.crossSigning.get(userId);
      if (cs?.master_key) master[userId] = cs.master_key;
      if (cs?.self_signing_key) selfSigning[userId] = cs.self_signing_key;
      if (cs?.user_signing_key) userSigning[userId] = cs.user_signing_key;
    }
    return { device_keys: deviceKeys, master_keys: master, self_signing_keys: selfSigning, user_signing_keys: userSigning, failures: {} };
  }

  /** POST /keys/claim: one one-time key per device, else its fallback key (marked used). */
  claim(body: Json): Json {
    const claimed: Record<string, Record<string, Json>> = {};
    for (const [userId, devices] of Object.entries(obj(body.one_time_keys))) {
      for (const [deviceId, algorithm] of Object.entries(obj(devices))) {
        const record = this.devices.get(deviceKey(userId, deviceId));
        if (!record || typeof algorithm !== "string") continue;
        const found = [...record.oneTimeKeys.entries()].find(([id]) => id.startsWith(`${algorithm}:`));
        let answer: [string, unknown] | undefined;
        if (found) {
          record.oneTimeKeys.delete(found[0]);
          answer = found;
        } else {
          const fallback = record.fallbackKeys.get(algorithm);
          if (fallback) {
            fallback.used = true;
            answer = [fallback.keyId, fallback.key];
          }
        }
        if (!answer) continue;
        this.claimedAt.set(deviceKey(userId, deviceId), this.advance()); // its next /sync reports the new count
        claimed[userId] ??= {};
        claimed[userId]![deviceId] = { [answer[0]]: answer[1] };
      }
    }
    return { one_time_keys: claimed, failures: {} };
  }

  /** POST /keys/device_signing/upload: the first upload needs no auth (MSC3967), a different one does. */
  uploadCrossSigning(session: Session, body: Json): Json {
    const existing = this.crossSigning.get(session.userId);
    const { auth: _auth, ...keys } = body;
    if (existing?.master_key && JSON.stringify(existing.master_key) !== JSON.stringify(keys.master_key)) {
      throw new MatrixHttpError(401, "M_UNAUTHORIZED", "Auth needed", { flows: [{ stages: ["m.login.password"] }], params: {} });
    }
    this.crossSigning.set(session.userId, { ...existing, ...keys });
    this.changed(session.userId);
    return {};
  }

  /** POST /keys/signatures/upload: merge signatures into the signed device (or key). */
  uploadSignatures(body: Json): Json {
    for (const [userId, signedKeys] of Object.entries(obj(body))) {
      for (const [keyId, signed] of Object.entries(obj(signedKeys))) {
        const target = this.devices.get(deviceKey(userId, keyId))?.deviceKeys;
        if (!target) continue;
        const into = obj(target.signatures);
        for (const [signer, sigs] of Object.entries(obj(obj(signed).signatures))) {
          into[signer] = { ...obj(into[signer]), ...obj(sigs) };
        }
        target.signatures = into;
        this.changed(userId);
      }
    }
    return { failures: {} };
  }

  /** PUT /sendToDevice/{type}/{txnId}: `*` stands for every device of the user. */
  sendToDevice(session: Session, type: string, body: Json): Json {
    const pos = this.advance();
    for (const [userId, devices] of Object.entries(obj(body.messages))) {
      for (const [deviceId, content] of Object.entries(obj(devices))) {
        const targets = deviceId === "*" ? this.deviceIds(userId) : [deviceId];
        for (const target of targets) {
          const key = deviceKey(userId, target);
          const queue = this.toDevice.get(key) ?? [];
          queue.push({ pos, event: { type, sender: session.userId, content: structuredClone(content) } });
          this.toDevice.set(key, queue);
        }
      }
    }
    return {};
  }

  /** To-device events for the session's device after `since`; those up to `since` are acknowledged and dropped. */
  toDeviceFor(session: Session, since: number | undefined): unknown[] {
    const key = deviceKey(session.userId, session.deviceId);
    const queue = (this.toDevice.get(key) ?? []).filter((m) => since === undefined || m.pos > since);
    this.toDevice.set(key, queue);
    return queue.map((m) => m.event);
  }

  /** Lose every to-device message waiting for a device (a test control: lost in transit). */
  dropToDevice(userId: string, deviceId: string): void {
    this.toDevice.delete(deviceKey(userId, deviceId));
  }

  /** Whether someone claimed the device's keys after `since` (so its /sync has news: the counts). */
  claimedSince(session: Session, since: number): boolean {
    return (this.claimedAt.get(deviceKey(session.userId, session.deviceId)) ?? 0) > since;
  }

  /** Users among `users` whose keys changed after `since`. */
  changedSince(users: Iterable<string>, since: number): string[] {
    return [...new Set(users)].filter((u) => (this.changedAt.get(u) ?? 0) > since);
  }

  private changed(userId: string): void {
    this.changedAt.set(userId, this.advance());
  }
}

function deviceKey(userId: string, deviceId: string): string {
  return `${userId}|${deviceId}`;
}

function obj(value: unknown): Json {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {};
}
