import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createDiscordAdapter } from "../../adapters/discord/index.js";
import { failure, silentLogger } from "../contract/adapter-contract.js";
import { type DiscordWorld, discordWorld } from "./harness.js";

let w: DiscordWorld;
afterEach(async () => {
  await w.close();
});

describe("idempotent channel posts", () => {
  it("a send that timed out after Discord created the message is retried without posting twice", async () => {
    w = await discordWorld({ tuning: { requestTimeoutMs: 300, retries: 0 } });
    w.fake.inject({ kind: "delay", ms: 1500 }, 1, "POST /channels/");
    const err = await failure(w.adapter.send(w.chat, { text: "Raid reported at 5th & Main" }, "alert-1"));
    expect(err.code).toBe("UNCERTAIN");
    expect(w.fake.publicTexts(w.channel.id)).toEqual(["Raid reported at 5th & Main"]);
    const retry = await w.adapter.send(w.chat, { text: "Raid reported at 5th & Main" }, "alert-1");
    expect(w.fake.publicTexts(w.channel.id)).toEqual(["Raid reported at 5th & Main"]);
    expect(retry.messageId).toBe(w.fake.state.messages.get(w.channel.id)![0]!.id);
  });

  it("a different idempotency key is a different message", async () => {
    w = await discordWorld();
    await w.adapter.send(w.chat, { text: "same text" }, "a");
    await w.adapter.send(w.chat, { text: "same text" }, "b");
    expect(w.fake.publicTexts(w.channel.id)).toEqual(["same text", "same text"]);
  });
});

describe("errors are typed", () => {
  it("a long rate limit comes back as RATE_LIMITED with the wait, and nothing is posted", async () => {
    w = await discordWorld();
    w.fake.inject({ kind: "429", retryAfterMs: 4000 }, 1, "POST /channels/");
    const err = await failure(w.adapter.send(w.chat, { text: "too fast" }, "rl"));
    expect(err.code).toBe("RATE_LIMITED");
    expect(err.retryAfterMs).toBeGreaterThanOrEqual(4000);
    expect(w.fake.publicTexts(w.channel.id)).toEqual([]);
  });

  it("a short rate limit is waited out by discord.js and the message lands once", async () => {
    w = await discordWorld();
    w.fake.inject({ kind: "429", retryAfterMs: 200 }, 1, "POST /channels/");
    await w.adapter.send(w.chat, { text: "after a pause" }, "short-rl");
    expect(w.fake.publicTexts(w.channel.id)).toEqual(["after a pause"]);
  });

  it("5xx beyond the retry budget is TRANSIENT; a single 5xx is retried and lands once", async () => {
    w = await discordWorld({ tuning: { retries: 1 } });
    w.fake.inject({ kind: "5xx", status: 502 }, 2, "POST /channels/");
    expect((await failure(w.adapter.send(w.chat, { text: "x" }, "5xx-a"))).code).toBe("TRANSIENT");
    expect(w.fake.publicTexts(w.channel.id)).toEqual([]);
    w.fake.inject({ kind: "5xx", status: 500 }, 1, "POST /channels/");
    await w.adapter.send(w.chat, { text: "through" }, "5xx-b");
    expect(w.fake.publicTexts(w.channel.id)).toEqual(["through"]);
  });

  it("a person with DMs closed is DM_UNAVAILABLE", async () => {
    w = await discordWorld();
    w.fake.state.dmsClosed.add(w.alice.id);
    expect((await failure(w.adapter.sendDirect(w.alice.id, { text: "hi" }, "dm"))).code).toBe("DM_UNAVAILABLE");
    expect(w.fake.dmTexts(w.alice.id)).toEqual([]);
  });

  it("an unknown channel is CHAT_GONE; a message over 2000 characters is REJECTED", async () => {
    w = await discordWorld();
    expect((await failure(w.adapter.send("discord:424242424242", { text: "x" }, "gone"))).code).toBe("CHAT_GONE");
    expect((await failure(w.adapter.send(w.chat, { text: "x".repeat(2001) }, "long"))).code).toBe("REJECTED");
    expect(w.fake.publicTexts(w.channel.id)).toEqual([]);
  });

  it("a refused connection is TRANSIENT", async () => {
    w = await discordWorld();
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const offline = createDiscordAdapter(
      { token: "t", applicationId: "1", guilds: [], apiBase: `http://127.0.0.1:${port}/api`, tuning: { retries: 0 } },
      { log: silentLogger },
    );
    expect((await failure(offline.send(w.chat, { text: "x" }, "refused"))).code).toBe("TRANSIENT");
    await offline.stop();
  });
});

describe("ephemeral replies never leak", () => {
  it("a private reply to an interaction the adapter no longer knows is refused, not posted in the channel", async () => {
    w = await discordWorld();
    const err = await failure(w.adapter.send(w.chat, { text: "secret", ephemeral: true, replyTo: "999" }, "eph"));
    expect(err.code).toBe("REJECTED");
    expect(w.fake.publicTexts(w.channel.id)).toEqual([]);
  });
});

describe("real limits (for benchmarks)", () => {
  it("the fake enforces 5 messages per 5 s per channel and the sixth is RATE_LIMITED", async () => {
    w = await discordWorld();
    w.fake.enforceRealLimits();
    for (let i = 0; i < 5; i++) await w.adapter.send(w.chat, { text: `m${i}` }, `burst-${i}`);
    const err = await failure(w.adapter.send(w.chat, { text: "m5" }, "burst-5"));
    expect(err.code).toBe("RATE_LIMITED");
    expect(err.retryAfterMs).toBeGreaterThan(1500);
    expect(w.fake.publicTexts(w.channel.id)).toHaveLength(5);
  });
});

describe("a private answer after a restart", () => {
  it("goes to the person by DM when the interaction it answered is no longer known, never to the channel", async () => {
    w = await discordWorld();
    // As the outbox re-sends it after a restart: the adapter never saw this interaction.
    const reply = { text: "You're on shift #1 at 1234 Elm St", ephemeral: true, replyTo: "1187000000000000001", replyToUser: w.alice.id };
    await w.adapter.send(w.chat, reply, "reply:discord:1187000000000000001:0");
    expect(w.fake.dmTexts(w.alice.id)).toEqual(["You're on shift #1 at 1234 Elm St"]);
    expect(w.fake.publicTexts(w.channel.id)).toEqual([]);
  });

  it("is refused when nobody is known to send it to, and still not posted in the channel", async () => {
    w = await discordWorld();
    const err = await failure(w.adapter.send(w.chat, { text: "private", ephemeral: true, replyTo: "1187000000000000002" }, "k"));
    expect(err.code).toBe("REJECTED");
    expect(w.fake.publicTexts(w.channel.id)).toEqual([]);
  });
});
