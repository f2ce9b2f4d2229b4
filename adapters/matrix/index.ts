import type { PlatformAdapter } from "../../src/core/port.js";
import { MatrixAdapter } from "./adapter.js";
import type { MatrixAdapterDeps, MatrixAdapterOptions } from "./options.js";

export type { RoomCryptoLayer } from "./crypto-layer.js";
export type { MatrixAdapterDeps, MatrixAdapterOptions } from "./options.js";

/**
 * The Matrix adapter: a bot account on a homeserver, driven by matrix-bot-sdk. Commands are text
 * with a prefix (`!pl shift new ...`) or addressed to the bot by mention; buttons become numbered
 * choices (`!pl 1`); sends are idempotent through txnIds derived from the idempotency key.
 */
export function createMatrixAdapter(options: MatrixAdapterOptions, deps: MatrixAdapterDeps): PlatformAdapter {
  return new MatrixAdapter(options, deps);
}
