import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createTelegramAdapter } from "../../adapters/telegram/index.js";
import type { ChatRef } from "../../src/core/port.js";
import { failure, silentLogger } from "../contract/adapter-contract.js";
import { type TelegramTestbed, makeTestbed } from "./harness.js";

describe("telegram send failures as typed errors", () => {
  let t: TelegramTestbed;
  let chat: ChatRef;
  afterEach(() => t.close());

  async function ready(options = {}) {
    t = await makeTestbed(options);
    await t.adapter.start(t.host);
    chat = `telegram:${t.group.chat.id}`;
  }

  it("429 is RATE_LIMITED with retry_after in ms, and nothing is posted", async () => {
    await ready();
    t.fake.failNext({ kind: "rate-limit", retryAfterS: 7 });
    const err = await failure(t.adapter.send(chat, { text: "alert" }, "e1"));
    expect(err.code).toBe("RATE_LIMITED");
    expect(err.retryAfterMs).toBe(7000);
    expect(t.fake.texts(t.group.chat.id)).toEqual([]);
  });

  it("a 500 JSON answer and a 502 HTML page are both TRANSIENT, and nothing is posted", async () => {
    await ready();
    t.fake.failNext({ kind: "server-error", status: 500 });
    t.fake.failNext({ kind: "server-error", status: 502 });
    expect((await failure(t.adapter.send(chat, { text: "a" }, "e2"))).code).toBe("TRANSIENT");
    expect((await failure(t.adapter.send(chat, { text: "b" }, "e3"))).code).toBe("TRANSIENT");
    expect(t.fake.texts(t.group.chat.id)).toEqual([]);
  });

  it("a connection dropped after the message was stored is UNCERTAIN: it did arrive", async () => {
    await ready();
    t.fake.failNext({ kind: "drop-after-store" });
    const err = await failure(t.adapter.send(chat, { text: "may have arrived" }, "e4"));
    expect(err.code).toBe("UNCERTAIN");
    expect(t.fake.texts(t.group.chat.id)).toEqual(["may have arrived"]);
    // The adapter keeps working on a fresh connection.
    await t.adapter.send(chat, { text: "next" }, "e5");
    expect(t.fake.texts(t.group.chat.id)).toEqual(["may have arrived", "next"]);
  });

  it("a connection dropped before anything was stored is still UNCERTAIN: the client cannot tell", async () => {
    await ready();
    t.fake.failNext({ kind: "drop-before-store" });
    expect((await failure(t.adapter.send(chat, { text: "lost" }, "e6"))).code).toBe("UNCERTAIN");
    expect(t.fake.texts(t.group.chat.id)).toEqual([]);
  });

  it("a reply slower than the request timeout is UNCERTAIN", async () => {
    await ready({ requestTimeoutMs: 200 });
    t.fake.failNext({ kind: "slow", ms: 1500 });
    const err = await failure(t.adapter.send(chat, { text: "slow" }, "e7"));
    expect(err.code).toBe("UNCERTAIN");
    expect(t.fake.texts(t.group.chat.id)).toEqual(["slow"]);
  });

  it("a text Telegram refuses is REJECTED, and error messages carry neither text nor token", async () => {
    await ready();
    const err = await failure(t.adapter.send(chat, { text: "x".repeat(5000) }, "e8"));
    expect(err.code).toBe("REJECTED");
    expect(err.message).not.toContain("xxxx");
    expect(err.message).not.toContain(t.fake.token);
  });

  it("a wrong token is UNAUTHORIZED", async () => {
    await ready();
    const wrong = createTelegramAdapter({ token: "1:wrong", apiRoot: t.fake.apiRoot }, { log: silentLogger });
    const err = await failure(wrong.send(chat, { text: "x" }, "e9"));
    expect(err.code).toBe("UNAUTHORIZED");
    await wrong.stop();
  });

  it("connection refused is TRANSIENT, and the message does not leak the token-bearing URL", async () => {
    await ready();
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const token = "123:secret-token-value";
    const adapter = createTelegramAdapter({ token, apiRoot: `http://127.0.0.1:${port}` }, { log: silentLogger });
    const err = await failure(adapter.send(chat, { text: "x" }, "e10"));
    expect(err.code).toBe("TRANSIENT");
    expect(err.message).not.toContain(token);
    await adapter.stop();
  });
});
