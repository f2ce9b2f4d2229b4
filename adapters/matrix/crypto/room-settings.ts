import {
  CollectStrategy,
  EncryptionAlgorithm,
  EncryptionSettings,
  HistoryVisibility,
} from "@matrix-org/matrix-sdk-crypto-wasm";

/**
 * Megolm settings for a room from its own state: the m.room.encryption content (rotation period
 * and message count, when the room sets them) and m.room.history_visibility. Room keys go to every
 * device of every member, as Element does; trust decisions about people are the core's (roles).
 */
export function encryptionSettingsFor(
  encryption: Record<string, unknown> | undefined,
  historyVisibility: string | undefined,
): EncryptionSettings {
  const settings = new EncryptionSettings();
  settings.algorithm = EncryptionAlgorithm.MegolmV1AesSha2;
  const periodMs = encryption?.rotation_period_ms;
  if (typeof periodMs === "number" && Number.isInteger(periodMs) && periodMs > 0) {
    settings.rotationPeriod = BigInt(periodMs) * 1000n; // the library counts microseconds
  }
  const messages = encryption?.rotation_period_msgs;
  if (typeof messages === "number" && Number.isInteger(messages) && messages > 0) {
    settings.rotationPeriodMessages = BigInt(messages);
  }
  settings.historyVisibility = historyVisibilityOf(historyVisibility);
  settings.sharingStrategy = CollectStrategy.allDevices();
  return settings;
}

function historyVisibilityOf(value: string | undefined): HistoryVisibility {
  switch (value) {
    case "invited":
      return HistoryVisibility.Invited;
    case "joined":
      return HistoryVisibility.Joined;
    case "world_readable":
      return HistoryVisibility.WorldReadable;
    default:
      return HistoryVisibility.Shared; // the spec's default when the room sets none
  }
}
