import type { Capabilities, Logger, Pacing } from "../../src/core/port.js";
import type { RoomCryptoLayer } from "./crypto-layer.js";

/** How the Matrix adapter is configured (the `matrix:` section of the config, resolved). */
export interface MatrixAdapterOptions {
  /** Client-server API base, e.g. https://matrix.example.org. */
  homeserverUrl: string;
  accessToken: string;
  /** Command prefix; default `!pl`. */
  prefix?: string;
  /** People whose invites the bot accepts (full user ids). */
  allowedInviters?: string[];
  /** Rooms whose invites the bot accepts (room ids). */
  allowedRooms?: string[];
  /** The core's extra say on invites (e.g. members of a linked network). Others are declined. */
  acceptInvite?: (roomId: string, inviter: string) => boolean | Promise<boolean>;
  /** Send pacing; defaults fit Synapse's default per-account limit (0.2 msg/s, burst 10). */
  pacing?: Partial<Pacing>;
  /** How long each /sync may be held open by the homeserver; default 30000. */
  syncTimeoutMs?: number;
  /** How long a send may take before its outcome counts as unknown; default 30000. */
  sendTimeoutMs?: number;
  /** Wait after a failed /sync, doubling from min to max; default 1000..30000. */
  syncBackoffMs?: { min: number; max: number };
  /**
   * End-to-end encryption in encrypted rooms (matrix-sdk-crypto-wasm), its keys kept in the adapter
   * state. Needs an access token bound to a device. Default false: encrypted rooms are then refused.
   */
  encryption?: boolean;
}

/** What the composition root hands the adapter besides its options. */
export interface MatrixAdapterDeps {
  log: Logger;
  /** A ready crypto layer to use instead of the built-in one (`encryption: true`). */
  crypto?: RoomCryptoLayer;
}

export const DEFAULT_PREFIX = "!pl";

/**
 * Synapse's default per-account message limit, a token bucket: `rc_message` with `per_second: 0.2`
 * and `burst_count: 10` (https://element-hq.github.io/synapse/latest/usage/configuration/config_documentation.html#rc_message).
 * There is no per-room limit; an operator who changed the homeserver's limits sets `pacing` to match.
 */
export const DEFAULT_PACING: Pacing = { perWindow: 10, windowMs: 5000, refillMs: 5000, refusalPauses: "bot" };

/** Matrix's event limit is 64 KiB of JSON; 30000 characters leaves room for the HTML copy. */
export const MAX_TEXT = 30000;

/** What every Matrix room offers; only e2ee differs per room. */
export const BASE_CAPABILITIES: Omit<Capabilities, "e2ee"> = {
  buttons: false,
  edits: true,
  ephemeral: false,
  maxText: MAX_TEXT,
  idempotentSends: true,
  images: true,
};

export interface ResolvedOptions extends Required<Omit<MatrixAdapterOptions, "acceptInvite" | "pacing">> {
  pacing: Pacing;
  acceptInvite?: MatrixAdapterOptions["acceptInvite"];
}

export function resolveOptions(o: MatrixAdapterOptions): ResolvedOptions {
  return {
    homeserverUrl: o.homeserverUrl.replace(/\/+$/, ""),
    accessToken: o.accessToken,
    prefix: o.prefix ?? DEFAULT_PREFIX,
    allowedInviters: o.allowedInviters ?? [],
    allowedRooms: o.allowedRooms ?? [],
    ...(o.acceptInvite ? { acceptInvite: o.acceptInvite } : {}),
    pacing: { ...DEFAULT_PACING, ...o.pacing },
    syncTimeoutMs: o.syncTimeoutMs ?? 30000,
    sendTimeoutMs: o.sendTimeoutMs ?? 30000,
    syncBackoffMs: o.syncBackoffMs ?? { min: 1000, max: 30000 },
    encryption: o.encryption ?? false,
  };
}

/** The invite policy: allowed inviters, allowed rooms, then the core's hook; everything else is declined. */
export async function shouldAcceptInvite(o: ResolvedOptions, roomId: string, inviter: string): Promise<boolean> {
  if (o.allowedInviters.includes(inviter) || o.allowedRooms.includes(roomId)) return true;
  if (!o.acceptInvite) return false;
  try {
    return (await o.acceptInvite(roomId, inviter)) === true;
  } catch {
    return false;
  }
}
