import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AdapterError } from "../../src/core/port.js";
import { eventually } from "../contract/adapter-contract.js";
import { type TelegramTestbed, makeTestbed, ofKind } from "./harness.js";

describe("telegram direct messages", () => {
  let t: TelegramTestbed;
  beforeEach(async () => {
    t = await makeTestbed();
    await t.adapter.start(t.host);
  });
  afterEach(() => t.close());

  it("refuses a DM to someone who never pressed Start with a Start link that hides their id", async () => {
    const err = await t.adapter.sendDirect(String(t.alice.id), { text: "Your shift is tomorrow" }, "d1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdapterError);
    const { code, hint } = err as AdapterError;
    expect(code).toBe("DM_UNAVAILABLE");
    const link = new URL(hint!);
    expect(`${link.origin}${link.pathname}`).toBe("https://t.me/porchlight_test_bot");
    const startCode = link.searchParams.get("start")!;
    expect(startCode).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(startCode).not.toContain(String(t.alice.id));
    expect(t.fake.texts(t.alice.id)).toEqual([]);
  });

  it("delivers /start CODE as a start command, after which DMs arrive", async () => {
    const err = (await t.adapter.sendDirect(String(t.alice.id), { text: "held" }, "d2").catch((e: unknown) => e)) as AdapterError;
    const startCode = new URL(err.hint!).searchParams.get("start")!;
    t.fake.pressStart(t.alice, startCode);
    const [start] = await eventually(() => {
      const found = ofKind(t.events, "command");
      expect(found).toHaveLength(1);
      return found;
    });
    expect(start).toMatchObject({ name: "start", args: startCode, isDirect: true, author: { id: String(t.alice.id) } });
    // Pressing Start in a private chat is not a group membership change.
    expect(ofKind(t.events, "membership")).toEqual([]);
    const sent = await t.adapter.sendDirect(String(t.alice.id), { text: "held" }, "d2");
    expect(sent.messageId).toBeTruthy();
    expect(t.fake.texts(t.alice.id)).toContain("held");
  });

  it("reports a person who blocked the bot as DM_UNAVAILABLE", async () => {
    t.fake.markStarted(t.alice);
    t.fake.blockBot(t.alice);
    const err = await t.adapter.sendDirect(String(t.alice.id), { text: "x" }, "d3").catch((e: unknown) => e);
    expect((err as AdapterError).code).toBe("DM_UNAVAILABLE");
    expect((err as AdapterError).hint).toMatch(/^https:\/\/t\.me\/porchlight_test_bot\?start=/);
  });

  it("adds the Start link when the private chat is addressed as a chat too", async () => {
    const err = await t.adapter.send(`telegram:${t.alice.id}`, { text: "x" }, "d5").catch((e: unknown) => e);
    expect((err as AdapterError).code).toBe("DM_UNAVAILABLE");
    expect((err as AdapterError).hint).toMatch(/^https:\/\/t\.me\/porchlight_test_bot\?start=[A-Za-z0-9_-]{16}$/);
  });

  it("rejects a user id that is not a Telegram id", async () => {
    const err = await t.adapter.sendDirect("alice", { text: "x" }, "d4").catch((e: unknown) => e);
    expect((err as AdapterError).code).toBe("REJECTED");
  });
});
