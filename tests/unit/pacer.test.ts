import { describe, expect, it } from "vitest";
import { Pacer, paceKey, SlidingWindow } from "../../src/delivery/pacer.js";
import type { Pacing } from "../../src/core/port.js";

/** A pacer on a fake wall clock; wake-ups are counted, never waited for. */
function pacerOn(pacing: Pacing): { pacer: Pacer; clock: { now: number } } {
  const clock = { now: 1_000_000 };
  return { pacer: new Pacer(pacing, () => undefined, () => clock.now), clock };
}

const TELEGRAM_LIKE: Pacing = {
  perWindow: 30,
  windowMs: 1000,
  perChat: { limit: 20, windowMs: 60_000 },
  perPrivateChat: { limit: 1, windowMs: 1000 },
  isPrivateChat: (key) => !key.slice("telegram:".length).startsWith("-"),
};

describe("a rolling window", () => {
  it("admits `limit` sends, then frees a slot one window after the oldest answer", () => {
    const w = new SlidingWindow({ limit: 2, windowMs: 1000 });
    w.take();
    w.take();
    expect(w.waitMs(0)).toBe(Number.POSITIVE_INFINITY);
    w.answered(100);
    w.answered(300);
    expect(w.waitMs(300)).toBe(800);
    expect(w.waitMs(1100)).toBe(0);
    w.take();
    expect(w.waitMs(1100)).toBe(200);
    expect(w.waitMs(1300)).toBe(0);
  });
});

describe("pacing a group against its sliding window", () => {
  it("lets a group take 20 sends in a minute at once, not one every 3 seconds", () => {
    const { pacer, clock } = pacerOn(TELEGRAM_LIKE);
    const group = "telegram:-100";
    for (let i = 0; i < 20; i++) {
      expect(pacer.tryAcquire(group, 0)).toBe(true);
      pacer.release(group);
      clock.now += 60;
    }
    // The 21st waits until the first answer is a minute old, while other groups still go.
    expect(pacer.tryAcquire(group, 0)).toBe(false);
    expect(pacer.waitMs(group, 0)).toBe(60_000 - 20 * 60);
    expect(pacer.tryAcquire("telegram:-200", 0)).toBe(true);
    clock.now += 60_000;
    expect(pacer.tryAcquire(group, 0)).toBe(true);
  });

  it("keeps the whole bot within its own window across chats", () => {
    const { pacer, clock } = pacerOn(TELEGRAM_LIKE);
    for (let i = 0; i < 30; i++) expect(pacer.tryAcquire(`telegram:-${i + 1}`, 0)).toBe(true);
    expect(pacer.tryAcquire("telegram:-99", 0)).toBe(false);
    for (let i = 0; i < 30; i++) pacer.release(`telegram:-${i + 1}`);
    clock.now += 999;
    expect(pacer.tryAcquire("telegram:-99", 0)).toBe(false);
    clock.now += 1;
    expect(pacer.tryAcquire("telegram:-99", 0)).toBe(true);
  });

  it("holds a private chat to one send a second", () => {
    const { pacer, clock } = pacerOn(TELEGRAM_LIKE);
    const person = "telegram:42";
    expect(pacer.tryAcquire(person, 0)).toBe(true);
    pacer.release(person);
    expect(pacer.tryAcquire(person, 0)).toBe(false);
    clock.now += 1000;
    expect(pacer.tryAcquire(person, 0)).toBe(true);
  });
});

describe("one key per destination", () => {
  it("names a person's private chat the same for a reply in it and a queued direct message", () => {
    const reply = paceKey("telegram", { kind: "chat", id: "telegram:42" });
    const direct = paceKey("telegram", { kind: "direct", id: "42" });
    expect(direct).toBe(reply);
    // So a reply and a direct message to the same person share the private-chat limit.
    const { pacer } = pacerOn(TELEGRAM_LIKE);
    expect(pacer.tryAcquire(reply, 0)).toBe(true);
    pacer.release(reply);
    expect(pacer.tryAcquire(direct, 0)).toBe(false);
  });
});

describe("a 429 pauses the lane", () => {
  it("holds every send to the refused chat until retry_after, and not other chats", () => {
    const { pacer } = pacerOn(TELEGRAM_LIKE);
    pacer.pause("telegram:-100", 5_000);
    expect(pacer.tryAcquire("telegram:-100", 1_000)).toBe(false);
    expect(pacer.waitMs("telegram:-100", 1_000)).toBe(4_000);
    expect(pacer.tryAcquire("telegram:-200", 1_000)).toBe(true);
    expect(pacer.tryAcquire("telegram:-100", 5_000)).toBe(true);
  });

  it("holds the whole bot where the platform's limit is the account's (Synapse)", () => {
    const { pacer } = pacerOn({ perWindow: 10, windowMs: 5000, refillMs: 5000, refusalPauses: "bot" });
    pacer.pause("matrix:!a", 3_000);
    expect(pacer.tryAcquire("matrix:!b", 0)).toBe(false);
    expect(pacer.botWaitMs(0)).toBe(3_000);
    expect(pacer.tryAcquire("matrix:!b", 3_000)).toBe(true);
  });
});

describe("what a send costs, and what no limit counts", () => {
  const DISCORD_LIKE: Pacing = {
    perWindow: 50,
    windowMs: 1000,
    perChat: { limit: 5, windowMs: 5000 },
    interactionKey: (id) => `discord-interaction:${id}`,
  };

  it("counts a first message to a person as two requests against the bot's limit", () => {
    const { pacer } = pacerOn(DISCORD_LIKE);
    for (let i = 0; i < 24; i++) expect(pacer.tryAcquire(`discord:${i}`, 0, 2)).toBe(true);
    // 48 of 50 requests taken: one more two-request send fits, then not even a plain one.
    expect(pacer.tryAcquire("discord:a", 0, 2)).toBe(true);
    expect(pacer.tryAcquire("discord:b", 0, 1)).toBe(false);
    expect(pacer.inUse).toBe(50);
  });

  it("does not wait an interaction's answer for the bot's or the channel's limit", () => {
    const { pacer } = pacerOn(DISCORD_LIKE);
    for (let i = 0; i < 50; i++) expect(pacer.tryAcquire(`discord:${i}`, 0)).toBe(true);
    expect(pacer.tryAcquire("discord:99", 0)).toBe(false);
    const answer = DISCORD_LIKE.interactionKey!("123");
    expect(pacer.tryAcquire(answer, 0)).toBe(true);
    pacer.release(answer);
    expect(pacer.inUse).toBe(50);
  });
});
