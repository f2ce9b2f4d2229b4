import { afterEach, describe, expect, it } from "vitest";
import { MemoryAdapter } from "../../adapters/memory/index.js";
import type { ChatRef, Outbound, SendResult } from "../../src/core/port.js";
import { last, startTestApp, TEST_KEY, type TestApp } from "../support/app.js";
import { decryptedText, decryptedWalFrames } from "../support/pages.js";

/** A memory adapter that, when a message with `marker` leaves, reads the raw files as they are then. */
class SnapshottingAdapter extends MemoryAdapter {
  marker = "";
  dbPath = "";
  snapshot: { frames: number; text: string } | null = null;

  override async send(chat: ChatRef, msg: Outbound, key: string): Promise<SendResult> {
    this.look(msg);
    return super.send(chat, msg, key);
  }

  override async sendDirect(user: string, msg: Outbound, key: string): Promise<SendResult> {
    this.look(msg);
    return super.sendDirect(user, msg, key);
  }

  private look(msg: Outbound): void {
    if (this.marker && msg.text.includes(this.marker) && !this.snapshot) {
      this.snapshot = { frames: decryptedWalFrames(this.dbPath, TEST_KEY).length, text: decryptedText(this.dbPath, TEST_KEY) };
    }
  }
}

const NAME = "Zenaida Quiroga-Balestrini";
const ID = NAME.toLowerCase();
const PLACE = "4471 Tamarind Court";

describe("what /forgetme deletes is gone from the file before the answer", () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it("leaves no name or id in any decrypted page or log frame when the person reads that they were forgotten", async () => {
    const adapter = new SnapshottingAdapter();
    t = await startTestApp({ adapter });
    adapter.dbPath = `${t.dir}/porchlight.db`;
    await t.say("main", "Lena", "/network create Eastside");
    await t.say("main", "Lena", "/role grant Lena lead");
    await t.say("main", "Lena", `/shift new sat 10am 2h "${PLACE}" 3`);
    await t.say("main", NAME, "/signup 1");
    await t.dm(NAME, "/privacy");
    await t.dm(NAME, "/forgetme");
    // The search below means something: before the forget, the name is readable with the key.
    const before = decryptedText(adapter.dbPath, TEST_KEY);
    expect(before).toContain(NAME);
    expect(before).toContain(ID);

    const code = /\/forgetme ([A-Z0-9]{6})/.exec(last(t.inbox(NAME)))![1]!;
    adapter.marker = "I deleted or anonymised";
    await t.dm(NAME, `/forgetme ${code}`);
    expect(last(t.inbox(NAME))).toContain("I deleted or anonymised");
    expect(adapter.snapshot, "the answer was seen leaving").not.toBeNull();
    expect(adapter.snapshot!.frames).toBe(0);
    expect(adapter.snapshot!.text).not.toContain(NAME);
    expect(adapter.snapshot!.text).not.toContain(ID);
    expect(adapter.snapshot!.text).not.toContain("Zenaida");
    // The shift itself stays for the others, so the search still reads live content.
    expect(adapter.snapshot!.text).toContain(PLACE);
  });
});
