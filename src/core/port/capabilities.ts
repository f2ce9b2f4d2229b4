/** The port: what a chat can do, asked per chat. */

/** What a chat can do; may differ per chat on one platform (a Matrix room may or may not be encrypted). */
export interface Capabilities {
  /** Messages in this chat are end-to-end encrypted: only members' devices can read them. */
  e2ee: boolean;
  buttons: boolean;
  edits: boolean;
  /** A reply to an interaction can be shown to its author alone (Discord ephemeral messages). */
  ephemeral: boolean;
  /** Longest text one message may carry, in characters. */
  maxText: number;
  /**
   * The platform deduplicates a repeated send with the same idempotency key (Matrix txnId, Discord
   * nonce). When false, a send that may have reached the platform must not be retried blindly.
   */
  idempotentSends: boolean;
  /** The chat can show a picture sent with a message (`Outbound.image`). Absent means no. */
  images?: boolean;
  /**
   * How a command is typed here, up to its first word: `!pl ` on Matrix. Absent means `/`. The core
   * writes the commands its messages name this way (`!pl network invite`, not `/network invite`).
   */
  commandPrefix?: string;
}
