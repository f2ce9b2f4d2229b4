import type { MatrixClient } from "matrix-bot-sdk";
import { AdapterError, type AdapterHost, type Logger } from "../../src/core/port.js";
import type { RoomCryptoLayer } from "./crypto-layer.js";
import type { ResolvedOptions } from "./options.js";
import type { RoomDirectory } from "./rooms.js";

/**
 * The built-in end-to-end encryption, when the options ask for it (and no layer was handed in).
 * The crypto code is loaded only then: an unencrypted bot never pays for it.
 */
export async function openCrypto(
  o: ResolvedOptions,
  log: Logger,
  client: MatrixClient,
  host: AdapterHost,
  rooms: RoomDirectory,
  userId: string,
  deviceId: string | undefined,
): Promise<RoomCryptoLayer | undefined> {
  if (!o.encryption) return undefined;
  if (!deviceId) {
    throw new AdapterError("REJECTED", "matrix: encryption needs an access token of a device (log in to get one)");
  }
  const { openOlmCryptoLayer } = await import("./crypto/index.js");
  return openOlmCryptoLayer({
    userId,
    deviceId,
    state: host.state,
    log,
    rooms,
    call: (method, path, body, qs) => client.doRequest(method, path, qs ?? null, body, o.sendTimeoutMs),
  });
}
