/** How to reach and run one Telegram bot. */
export interface TelegramAdapterOptions {
  /** The bot token from BotFather. Never logged. */
  token: string;
  /** Bot API root, e.g. a self-hosted Bot API server or a test fake. No trailing slash. */
  apiRoot?: string;
  /** Receive updates by webhook instead of long polling. */
  webhook?: {
    /** The public HTTPS URL Telegram posts to; its path is the one the receiver serves. */
    url: string;
    /** Sent back by Telegram in X-Telegram-Bot-Api-Secret-Token; requests without it are refused. */
    secretToken: string;
    /** Local port the receiver listens on (behind a TLS-terminating proxy). */
    port: number;
    host?: string;
  };
  /** The bot's @username, for Start links before the first getMe. */
  botUsername?: string;
  /** Give up waiting for a send's answer after this long (then the send is UNCERTAIN). Default 30 s. */
  requestTimeoutMs?: number;
  /** Answer a button press empty when the core has not replied within this long. Default 2 s. */
  callbackAnswerMs?: number;
  /** Long-poll duration of each getUpdates call, in seconds. Default 30. */
  pollTimeoutSeconds?: number;
}

/** Update kinds Porchlight asks Telegram for; everything else is never sent to it. */
export const ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"] as const;
