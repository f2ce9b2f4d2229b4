/**
 * What a /sync response carries for end-to-end encryption, read out of the raw JSON: to-device
 * events (room keys, key requests), device list changes, one-time key counts and which fallback
 * keys are unused. Pure: no I/O, no crypto.
 */
export interface SyncCryptoChanges {
  /** to_device.events, as they came. */
  toDevice: unknown[];
  /** Users whose devices changed, and users the bot no longer shares a room with. */
  changed: string[];
  left: string[];
  /** device_one_time_keys_count: how many of the bot's one-time keys the server still holds. */
  oneTimeKeyCounts: Map<string, number>;
  /** device_unused_fallback_key_types; undefined when the server did not say (then no fallback key is made). */
  unusedFallbackKeyTypes?: Set<string>;
}

type Json = Record<string, unknown>;

export function syncCryptoChanges(raw: Json): SyncCryptoChanges {
  const lists = obj(raw.device_lists);
  const counts = new Map<string, number>();
  for (const [algorithm, n] of Object.entries(obj(raw.device_one_time_keys_count))) {
    if (typeof n === "number" && Number.isFinite(n)) counts.set(algorithm, n);
  }
  const fallback = raw.device_unused_fallback_key_types ?? raw["org.matrix.msc2732.device_unused_fallback_key_types"];
  return {
    toDevice: Array.isArray(obj(raw.to_device).events) ? (obj(raw.to_device).events as unknown[]) : [],
    changed: userIds(lists.changed),
    left: userIds(lists.left),
    oneTimeKeyCounts: counts,
    ...(Array.isArray(fallback) ? { unusedFallbackKeyTypes: new Set(fallback.filter(isString)) } : {}),
  };
}

function obj(value: unknown): Json {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {};
}

function isString(value: unknown): value is string {
  return typeof value === "string";
}

/** Well-formed user ids only: the crypto library throws on anything else. */
function userIds(value: unknown): string[] {
  return Array.isArray(value) ? value.filter(isString).filter((id) => /^@[^:]+:.+$/.test(id)) : [];
}
