/** The port: how fast the delivery layer may send through an adapter. */

/** A rolling-window limit: at most `limit` sends in any `windowMs`. */
export interface RateWindow {
  limit: number;
  windowMs: number;
}

/**
 * How fast the delivery layer may send through one adapter (per bot account): the platform's
 * documented limits, as data. Each adapter says where its numbers come from.
 */
export interface Pacing {
  /** Sends allowed per `windowMs` for the whole bot. */
  perWindow: number;
  windowMs: number;
  /**
   * When set, the platform limits with a token bucket (Synapse: a burst, then a steady rate):
   * `perWindow` is the burst and one send comes back every `refillMs`; `windowMs` is then unused.
   * Absent: a rolling window of `perWindow` sends per `windowMs`.
   */
  refillMs?: number;
  /** Sends allowed to one chat (group, channel) in a rolling window. Absent: no per-chat limit. */
  perChat?: RateWindow;
  /** Sends allowed to one private chat in a rolling window, where it differs from `perChat`. */
  perPrivateChat?: RateWindow;
  /** Tells a private chat from a group by its pacing key (a chat ref, or `<platform>:<user id>`). */
  isPrivateChat?: (key: string) => boolean;
  /**
   * What a 429 pauses: the refused chat's lane (default), or the whole bot where the platform's
   * limit is the account's alone (Synapse).
   */
  refusalPauses?: "chat" | "bot";
  /**
   * How many requests a send to this destination costs against the bot's limit, where it can be
   * more than one (Discord opens a person's DM channel before the first message to them).
   */
  requestsPerSend?: (target: { kind: "chat" | "direct"; id: string }) => number;
  /**
   * The pacing key of an answer to an interaction (`Outbound.replyTo`), where the platform limits
   * those apart from chats and the bot (Discord: interaction responses are bound to neither the
   * global nor the channel's limit). Sends under such a key wait for no limit. Absent: an answer
   * is paced as a send to its chat.
   */
  interactionKey?: (interactionId: string) => string;
}
