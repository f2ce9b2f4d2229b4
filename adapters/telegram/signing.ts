import { createHmac, randomBytes } from "node:crypto";
import type { AdapterStateStore } from "../../src/core/port.js";

const STATE_KEY = "telegram.signingKey";

/**
 * A per-installation secret that tags what the bot hands out (button data, Start codes), so a
 * modified client cannot forge a button press and a Start link does not reveal a user id.
 */
export class Signer {
  private key: Buffer;

  constructor(key: Buffer = randomBytes(32)) {
    this.key = key;
  }

  /**
   * Use the key kept in the core's encrypted state so buttons survive restarts; store ours when
   * there is none yet.
   */
  adopt(state: AdapterStateStore): void {
    const stored = state.get(STATE_KEY);
    if (stored) this.key = Buffer.from(stored, "base64");
    else state.set(STATE_KEY, this.key.toString("base64"));
  }

  /** A URL-safe tag of `length` characters (6 bits each) over `text`. */
  tag(text: string, length: number): string {
    return createHmac("sha256", this.key).update(text).digest("base64url").slice(0, length);
  }
}
