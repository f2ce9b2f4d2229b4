import { createHash, randomBytes } from "node:crypto";
import type { AdapterStateStore } from "../../../src/core/port.js";

const PASSPHRASE = "crypto:passphrase";
const DEVICE = "crypto:device";
const SNAPSHOT = "crypto:snapshot";
const CROSS_SIGNING = "crypto:cross_signing";

/** The account and device the stored crypto snapshot belongs to. */
export interface DeviceBinding {
  userId: string;
  deviceId: string;
}

/**
 * The crypto store's durable parts in the adapter state (the core's encrypted database): the
 * store passphrase (random, made on first start), the device the store belongs to, and the
 * snapshot of the store's databases. Writes a snapshot only when it changed.
 */
export class CryptoState {
  private lastDigest?: string;

  constructor(private readonly state: AdapterStateStore) {}

  /** The crypto store passphrase, generated on first use. */
  passphrase(): string {
    let value = this.state.get(PASSPHRASE);
    if (!value) {
      value = randomBytes(32).toString("base64url");
      this.state.set(PASSPHRASE, value);
    }
    return value;
  }

  /** The stored snapshot, if it belongs to this device; a snapshot of another device is dropped. */
  snapshotFor(device: DeviceBinding): { snapshot?: string; droppedOtherDevice: boolean } {
    const bound = this.binding();
    const snapshot = this.state.get(SNAPSHOT);
    if (!snapshot) return { droppedOtherDevice: false };
    if (bound?.userId === device.userId && bound.deviceId === device.deviceId) {
      this.lastDigest = digest(snapshot);
      return { snapshot, droppedOtherDevice: false };
    }
    this.state.delete(SNAPSHOT);
    return { droppedOtherDevice: true };
  }

  /** Save a snapshot of `device`'s store (skipped when nothing changed since the last one). */
  save(device: DeviceBinding, snapshot: string): boolean {
    const d = digest(snapshot);
    if (d === this.lastDigest) return false;
    this.state.set(DEVICE, JSON.stringify(device));
    this.state.set(SNAPSHOT, snapshot);
    this.lastDigest = d;
    return true;
  }

  /** Whether this device's cross-signing identity reached the homeserver. */
  crossSigningUploaded(device: DeviceBinding): boolean {
    return this.state.get(CROSS_SIGNING) === bindingKey(device);
  }

  markCrossSigningUploaded(device: DeviceBinding): void {
    this.state.set(CROSS_SIGNING, bindingKey(device));
  }

  private binding(): DeviceBinding | undefined {
    const raw = this.state.get(DEVICE);
    if (!raw) return undefined;
    try {
      const parsed = JSON.parse(raw) as Partial<DeviceBinding>;
      return typeof parsed.userId === "string" && typeof parsed.deviceId === "string"
        ? { userId: parsed.userId, deviceId: parsed.deviceId }
        : undefined;
    } catch {
      return undefined;
    }
  }
}

function bindingKey(device: DeviceBinding): string {
  return `${device.userId}|${device.deviceId}`;
}

function digest(text: string): string {
  return createHash("sha256").update(text).digest("base64");
}
