import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MemoryAdapter } from "../../adapters/memory/index.js";
import { AdapterError } from "../../src/core/port.js";
import { Outbox } from "../../src/delivery/outbox.js";
import { openStore } from "../../src/store/open.js";
import { eventually } from "../contract/adapter-contract.js";
import { TEST_KEY, last, startTestApp, type TestApp } from "../support/app.js";

describe("durable delivery", () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  function queue(app: TestApp, key: string, chat: string, text: string): void {
    const outbox = new Outbox(app.app.store.db);
    outbox.enqueue({ key, target: { kind: "chat", chat: `memory:${chat}` }, msg: { text } }, app.clock.now());
    app.app.delivery.wake("memory");
  }

  it("honours a rate limit's retry-after and keeps one chat's messages in order", async () => {
    t = await startTestApp();
    t.adapter.failNextSend(new AdapterError("RATE_LIMITED", "slow down", 60_000));
    queue(t, "a", "ops", "first");
    queue(t, "b", "ops", "second");
    queue(t, "c", "other", "elsewhere");
    await t.app.delivery.flush();
    // "first" waits out the limit; "second" waits behind it; another chat is not held up.
    expect(t.group("ops")).toEqual([]);
    expect(t.group("other")).toEqual(["elsewhere"]);
    t.clock.advance(60_000);
    await t.app.delivery.flush();
    expect(t.group("ops")).toEqual(["first", "second"]);
  });

  it("retries a transient failure with back-off until it is delivered", async () => {
    t = await startTestApp();
    t.adapter.failNextSend(new AdapterError("TRANSIENT", "502"));
    t.adapter.failNextSend(new AdapterError("TRANSIENT", "502"));
    queue(t, "a", "ops", "hello");
    await t.app.delivery.flush();
    for (let i = 0; i < 3 && t.group("ops").length === 0; i++) {
      t.clock.advance(10_000);
      await t.app.delivery.flush();
    }
    expect(t.group("ops")).toEqual(["hello"]);
    expect(new Outbox(t.app.store.db).byKey("a")).toMatchObject({ status: "sent", body: null });
  });

  it("does not resend a message that may have arrived on a platform without idempotency keys", async () => {
    const adapter = new MemoryAdapter({ idempotentSends: false });
    t = await startTestApp({ adapter });
    adapter.failNextSend(new AdapterError("UNCERTAIN", "timeout"));
    queue(t, "a", "ops", "maybe");
    await t.app.delivery.flush();
    t.clock.advance(3_600_000);
    await t.app.delivery.flush();
    expect(new Outbox(t.app.store.db).byKey("a")).toMatchObject({ status: "failed", error: "UNCERTAIN" });
    expect(t.group("ops")).toEqual([]);
  });

  it("sends again, after a crash, what was in flight; keys keep it from posting twice", async () => {
    t = await startTestApp();
    const outbox = new Outbox(t.app.store.db);
    outbox.enqueue({ key: "x", target: { kind: "chat", chat: "memory:ops" }, msg: { text: "once" } }, t.clock.now());
    // Simulate a crash after the row was marked as sending.
    outbox.markSending(outbox.byKey("x")!.id);
    const { dir, clock, adapter } = t;
    await t.app.stop();
    t = await startTestApp({ dir, clock, adapter });
    await t.app.delivery.flush();
    expect(t.group("ops")).toEqual(["once"]);
  });

  it("sends again, after a crash, what an idempotent platform answered but was not yet recorded; it keeps one copy", async () => {
    t = await startTestApp();
    const outbox = new Outbox(t.app.store.db);
    // The state a crash mid-batch leaves, once the restart has put rows left `sending` back to
    // pending: the platform answered the sends, no outcome was committed.
    for (const key of ["p", "q", "r"]) await t.adapter.send("memory:ops", { text: key }, key);
    outbox.batch(() => {
      for (const key of ["p", "q", "r"]) outbox.enqueue({ key, target: { kind: "chat", chat: "memory:ops" }, msg: { text: key } }, t.clock.now());
    });
    await t.app.delivery.flush();
    expect(t.group("ops")).toEqual(["p", "q", "r"]);
    for (const key of ["p", "q", "r"]) expect(outbox.byKey(key)).toMatchObject({ status: "sent", body: null });
  });

  it("sends an alert to the groups ahead of private messages queued before it", async () => {
    t = await startTestApp();
    const outbox = new Outbox(t.app.store.db);
    outbox.batch(() => {
      for (let i = 0; i < 5; i++) {
        outbox.enqueue({ key: `dm${i}`, target: { kind: "direct", platform: "memory", user: `u${i}` }, msg: { text: `reminder ${i}` } }, t.clock.now());
      }
      outbox.enqueue({ key: "alert", target: { kind: "chat", chat: "memory:ops" }, msg: { text: "alert" } }, t.clock.now());
    });
    t.app.delivery.wake("memory");
    await t.app.delivery.flush();
    expect(t.adapter.sent.map((s) => s.msg.text)).toEqual(["alert", "reminder 0", "reminder 1", "reminder 2", "reminder 3", "reminder 4"]);
  });

  it("holds a private message for someone who never opened a chat, tells the group without details, and delivers on /start", async () => {
    t = await startTestApp();
    await t.say("main", "Lena", "/network create Eastside");
    await t.say("main", "Lena", "/role grant Lena lead");
    await t.say("main", "Lena", "/shift new sat 10am 2h Church 1");
    await t.say("main", "Ana", "/signup 1");
    await t.say("main", "Ben", "/signup 1");
    t.adapter.unreachable.add("ben");
    await t.say("main", "Ana", "/cancel 1");
    // Only the waitlist confirmation from before; the promotion is held.
    expect(t.inbox("Ben")).toHaveLength(1);
    const notice = last(t.group("main"));
    expect(notice).toBe("I have a private message for someone here, but I can't start a private chat myself. Open one with me here: memory://start");
    expect(notice).not.toMatch(/Ben|shift|Church/);
    t.adapter.unreachable.delete("ben");
    await t.dm("Ben", "/start abc");
    expect(t.inbox("Ben").slice(1)).toEqual([
      "Good news: a place opened on shift #1, Sat Dec 5, 10am at Church. You're on it now. If you can't make it, send /cancel 1.",
      "Hi! Private messages from me will arrive in this chat.",
    ]);
  });
});

describe("replies during a broadcast", () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it("wait for a send slot ahead of queued messages instead of overrunning the platform's limit", async () => {
    const adapter = new MemoryAdapter();
    Object.assign(adapter, { pacing: { perWindow: 1, windowMs: 150 } });
    // The platform refuses a second send within the window; an unpaced reply would be lost to it.
    adapter.limit = { perWindow: 1, windowMs: 150 };
    t = await startTestApp({ adapter });
    const outbox = new Outbox(t.app.store.db);
    for (const n of [1, 2, 3, 4]) {
      outbox.enqueue({ key: `bulk-${n}`, target: { kind: "chat", chat: `memory:chat${n}` }, msg: { text: `bulk ${n}` } }, t.clock.now());
    }
    t.app.delivery.wake("memory");
    await new Promise((r) => setTimeout(r, 20));
    await t.adapter.push({ kind: "command", chat: "memory:ops", author: { id: "ana", displayName: "Ana", isBot: false }, isDirect: false, name: "help", args: "" });
    await t.app.delivery.flush();
    const order = t.adapter.sent.map((s) => (s.to === "memory:ops" ? "reply" : s.msg.text));
    // One send per window: the reply took the next free slot, ahead of the bulk still queued.
    expect(order.indexOf("reply")).toBeLessThan(order.indexOf("bulk 4"));
    expect(order.indexOf("reply")).toBeGreaterThan(0);
    expect(order).toHaveLength(5);
  });
});

describe("a reply and a direct message to the same person", () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it("share one private-chat limit, whichever path queued them", async () => {
    const adapter = new MemoryAdapter();
    // One send per private chat in a window no test outlasts: the second send to Ana must wait.
    Object.assign(adapter, { pacing: { perWindow: 100, windowMs: 1000, perPrivateChat: { limit: 1, windowMs: 3_600_000 }, isPrivateChat: () => true } });
    t = await startTestApp({ adapter });
    // A command with a one-message answer (an unknown one), so nothing of the answer waits.
    await t.adapter.push({ kind: "command", chat: "memory:ana", author: { id: "ana", displayName: "Ana", isBot: false }, isDirect: true, name: "nosuchcommand", args: "" });
    const outbox = new Outbox(t.app.store.db);
    for (const who of ["ana", "bob"]) outbox.enqueue({ key: `dm-${who}`, target: { kind: "direct", platform: "memory", user: who }, msg: { text: `for ${who}` } }, t.clock.now());
    t.app.delivery.wake("memory");
    await t.app.delivery.flush(500);
    // The reply went; Ana's direct message waits for her private chat's window, Bob's did not.
    expect(t.adapter.sent.filter((s) => s.to === "memory:ana")).toHaveLength(1);
    expect(t.adapter.textsTo("dm:bob")).toEqual(["for bob"]);
    expect(t.adapter.textsTo("dm:ana")).toEqual([]);
    // Out of the queue, so the stop's flush does not wait out the hour.
    outbox.fail(outbox.byKey("dm-ana")!.id, "TEST_OVER");
  });
});

/** A platform that takes sends and never answers, until stop() cuts them short. */
class SilentAdapter extends MemoryAdapter {
  private cut = new AbortController();
  taken = 0;
  override async send(): Promise<never> {
    this.taken++;
    return new Promise((_, reject) => {
      this.cut.signal.addEventListener("abort", () => reject(new AdapterError("UNCERTAIN", "cut short by the stop")));
    });
  }
  override async stop(): Promise<void> {
    this.cut.abort();
    await super.stop();
  }
}

describe("stopping while sends wait on a platform that does not answer", () => {
  it("leaves the sends the stop cut short in the outbox, not failed", async () => {
    const adapter = new SilentAdapter({ idempotentSends: false });
    const t = await startTestApp({ adapter });
    try {
      const outbox = new Outbox(t.app.store.db);
      for (const chat of ["a", "b", "c"]) {
        outbox.enqueue({ key: `alert-${chat}`, target: { kind: "chat", chat: `memory:${chat}` }, msg: { text: "Alert" } }, t.clock.now());
      }
      t.app.delivery.wake("memory");
      await eventually(() => expect(adapter.taken).toBe(3));
      await t.app.stop({ flush: true, flushWithinMs: 50 });
      const store = openStore({ path: join(t.dir, "porchlight.db"), key: TEST_KEY, migrate: false });
      try {
        const rows = store.db.prepare("SELECT status FROM outbox ORDER BY key").all();
        // On a platform without idempotency keys a failed UNCERTAIN send is given up on; cut short by the stop, it is not.
        expect(rows).toEqual([{ status: "sending" }, { status: "sending" }, { status: "sending" }]);
      } finally {
        store.close();
      }
    } finally {
      await t.close();
    }
  });
});
