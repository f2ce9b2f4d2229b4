import { afterEach, describe, expect, it } from "vitest";
import { MemoryAdapter } from "../../adapters/memory/index.js";
import { AdapterError, type ChatEvent, parseCommandLine } from "../../src/core/port.js";
import { eventually } from "../contract/adapter-contract.js";
import { startTestApp, type TestApp } from "../support/app.js";

/** Event ids as each platform hands them out: a Telegram update_id, a Discord interaction id, a Matrix event id. */
const PLATFORM_IDS = [
  { platform: "Telegram", eventId: "918273645" },
  { platform: "Discord", eventId: "1187346523498765312" },
  { platform: "Matrix", eventId: "$kYp0aWq3nLx7cBv9:matrix.example.org" },
];

function command(who: string, line: string, eventId?: string, chat = "main"): ChatEvent {
  const parsed = parseCommandLine(line)!;
  return {
    kind: "command",
    chat: `memory:${chat}`,
    author: { id: who.toLowerCase(), displayName: who, isBot: false },
    isDirect: chat.startsWith("@"),
    ...parsed,
    ...(eventId !== undefined ? { eventId, interactionId: eventId } : {}),
  };
}

function count(t: TestApp, sql: string): number {
  return (t.app.store.db.prepare(sql).get() as { n: number }).n;
}

/** Count the sends the app asks of the platform from now on (the memory adapter itself drops repeated keys). */
function countSends(t: TestApp): () => number {
  let n = 0;
  const send = t.adapter.send.bind(t.adapter);
  t.adapter.send = (chat, msg, key) => {
    n++;
    return send(chat, msg, key);
  };
  return () => n;
}

async function eastside(): Promise<TestApp> {
  const t = await startTestApp();
  await t.say("main", "Lena", "/network create Eastside");
  await t.say("main", "Lena", "/role grant Lena lead");
  return t;
}

describe("an event the platform delivers twice runs once", () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  for (const { platform, eventId } of PLATFORM_IDS) {
    it(`runs a redelivered command once and answers once (${platform} id)`, async () => {
      t = await eastside();
      const event = command("Lena", '/shift new sat 10am 2h "Elm St church" 3', eventId);
      const sends = countSends(t);
      await t.adapter.push(event);
      await t.adapter.push(event);
      await t.app.delivery.flush(5000);
      expect(count(t, "SELECT count(*) AS n FROM shifts")).toBe(1);
      expect(t.group("main").filter((m) => m.startsWith("Shift #"))).toEqual([expect.stringMatching(/^Shift #1 posted/)]);
      expect(sends()).toBe(1);
      // A new event with another id is a new command.
      await t.adapter.push(command("Lena", '/shift new sun 10am 2h "Oak Ave" 3', `${eventId}-2`));
      await t.app.delivery.flush(5000);
      expect(count(t, "SELECT count(*) AS n FROM shifts")).toBe(2);
    });
  }

  it("runs it once when the redelivery arrives while the first is still being handled", async () => {
    t = await eastside();
    const event = command("Lena", '/shift new sat 10am 2h "Elm St church" 1', "4455");
    const sends = countSends(t);
    await Promise.all([t.adapter.push(event), t.adapter.push(event), t.adapter.push(event)]);
    await t.app.delivery.flush(5000);
    expect(count(t, "SELECT count(*) AS n FROM shifts")).toBe(1);
    expect(sends()).toBe(1);
  });

  it("answers a redelivered refusal once, without asking the platform twice", async () => {
    t = await eastside();
    const event = command("Ana", "/shift new sat 10am 2h Nowhere 3", "777");
    const sends = countSends(t);
    await t.adapter.push(event);
    await t.adapter.push(event);
    await t.app.delivery.flush(5000);
    expect(sends()).toBe(1);
    expect(t.group("main").filter((m) => m.startsWith("Only a network lead"))).toHaveLength(1);
  });

  it("forgets handled event ids after a few days, not before", async () => {
    t = await eastside();
    await t.adapter.push(command("Lena", "/shifts", "1001"));
    t.clock.advance(2 * 24 * 3_600_000);
    t.app.scheduler.runOnce();
    expect(count(t, "SELECT count(*) AS n FROM seen_events")).toBe(1);
    t.clock.advance(2 * 24 * 3_600_000);
    t.app.scheduler.runOnce();
    expect(count(t, "SELECT count(*) AS n FROM seen_events")).toBe(0);
  });
});

describe("a reply is as durable as any other message", () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it("is written with the command and sent again after a 5xx, once", async () => {
    t = await eastside();
    t.adapter.failNextSend(new AdapterError("TRANSIENT", "502 Bad Gateway"));
    await t.adapter.push(command("Lena", '/shift new sat 10am 2h "Elm St church" 3', "2001"));
    expect(t.group("main").filter((m) => m.startsWith("Shift #1 posted"))).toHaveLength(0);
    // The shift's card is a reply kept under its own key (it is redrawn later), durable all the same.
    expect(count(t, "SELECT count(*) AS n FROM outbox WHERE key LIKE 'shift-card:%' AND status = 'pending'")).toBe(1);
    t.clock.advance(5_000);
    await t.app.delivery.flush(5000);
    expect(t.group("main").filter((m) => m.startsWith("Shift #1 posted"))).toHaveLength(1);
    // Delivered replies leave no row behind.
    expect(count(t, "SELECT count(*) AS n FROM outbox WHERE key LIKE 'reply:%'")).toBe(0);
  });

  it("goes out right after the command, ahead of a queued broadcast", async () => {
    t = await eastside();
    t.app.delivery.stop();
    // Many rows queued for this very chat, sent one after another as the chat's order demands.
    const now = t.clock.now();
    t.app.store.db.transaction(() => {
      for (let i = 0; i < 300; i++) t.app.services.outbox.enqueue({ key: `bulk:${i}`, target: { kind: "chat", chat: "memory:main" }, msg: { text: "notice" } }, now);
    })();
    t.app.delivery.start();
    await t.adapter.push(command("Lena", "/shifts", "3001"));
    await t.app.delivery.flush(10_000);
    const keys = t.adapter.sent.map((s) => s.key);
    expect(keys.filter((k) => k.startsWith("bulk:"))).toHaveLength(300);
    // The answer did not wait behind the chat's queue: most of the queue went out after it.
    const reply = keys.indexOf("reply:memory:3001:0");
    expect(reply).toBeGreaterThanOrEqual(0);
    expect(keys.slice(reply).filter((k) => k.startsWith("bulk:")).length).toBeGreaterThan(250);
  });
});

describe("a reply waiting for a send slot at shutdown", () => {
  it("lets the bot stop, and is sent after the restart", async () => {
    /** A platform that allows one send a minute, so the second answer has to wait. */
    class SlowPlatform extends MemoryAdapter {
      override readonly pacing = { perWindow: 1, windowMs: 60_000 };
    }
    const first = await startTestApp({ adapter: new SlowPlatform() });
    // Two answers: the first takes the minute's only slot, the second waits for the next.
    const waiting = first.adapter.push(command("Lena", "/network create Eastside", "5001"));
    await eventually(() => expect(first.adapter.sent).toHaveLength(1));
    await first.stop();
    await waiting;
    expect(first.adapter.sent.map((s) => s.key)).toEqual(["reply:memory:5001:0"]);
    const again = await startTestApp({ dir: first.dir, clock: first.clock });
    try {
      await again.app.delivery.flush(5000);
      expect(again.adapter.sent.map((s) => s.key)).toEqual(["reply:memory:5001:1"]);
      expect(again.group("main")[0]).toMatch(/^Please note: this test chat is not end-to-end encrypted/);
    } finally {
      await again.close();
    }
  });
});
