import type { RoomCryptoLayer } from "../crypto-layer.js";
import { indexedDbFactory } from "./idb-snapshot.js";
import type { OlmLayerOptions } from "./olm-layer.js";

export type { RoomFacts } from "./olm-layer.js";

/**
 * Open the bot's end-to-end encryption: installs an in-memory IndexedDB (fake-indexeddb) as the
 * process's `indexedDB` when there is none, then restores and opens the crypto store. Loaded on
 * demand, so a bot without encryption never loads the WebAssembly module.
 */
export async function openOlmCryptoLayer(
  o: Omit<OlmLayerOptions, "idb">,
): Promise<RoomCryptoLayer> {
  if (!(globalThis as { indexedDB?: unknown }).indexedDB) await import("fake-indexeddb/auto");
  const { OlmCryptoLayer } = await import("./olm-layer.js");
  return OlmCryptoLayer.open({ ...o, idb: indexedDbFactory() });
}
