import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createTelegramAdapter } from "../../adapters/telegram/index.js";
import { AdapterError, STOP_WITHIN_MS } from "../../src/core/port.js";
import { eventually, memoryState, silentLogger } from "../contract/adapter-contract.js";
import { FakeTelegram } from "../fakes/telegram/index.js";
import { refusedPort, silentServer } from "../support/unreachable.js";
import { type TelegramTestbed, makeTestbed, ofKind } from "./harness.js";

const host = { dispatch: async () => {}, log: silentLogger, state: memoryState() };

/** Sockets and servers this process holds open right now. */
function openSockets(): number {
  return process.getActiveResourcesInfo().filter((r) => r === "TCPSocketWrap" || r === "TCPServerWrap").length;
}

describe("telegram adapter lifecycle", () => {
  let t: TelegramTestbed | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it("start with a wrong token rejects with UNAUTHORIZED, and doctor says so in one line", async () => {
    const fake = await FakeTelegram.start();
    const adapter = createTelegramAdapter({ token: "42:not-the-token", apiRoot: fake.apiRoot }, { log: silentLogger });
    const err = await adapter.start(host).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdapterError);
    expect((err as AdapterError).code).toBe("UNAUTHORIZED");
    expect(await adapter.doctor!()).toEqual(["telegram: the bot token was rejected (401 Unauthorized)"]);
    await adapter.stop();
    await fake.close();
  });

  it("a stop while start retries getMe against a Bot API that is down or silent settles the start at once, leaving no socket", async () => {
    const silent = await silentServer();
    try {
      for (const root of [`http://127.0.0.1:${await refusedPort()}`, `http://127.0.0.1:${silent.port}`]) {
        const before = openSockets();
        const adapter = createTelegramAdapter({ token: "1:x", apiRoot: root }, { log: silentLogger });
        const starting = adapter.start(host).then(
          () => undefined,
          (e: unknown) => e,
        );
        // Let it try (and, when refused, retry) for a while; nothing is asserted on this wait.
        await new Promise((resolve) => setTimeout(resolve, 500));
        const stoppedAt = Date.now();
        await adapter.stop();
        expect(await starting).toBeInstanceOf(AdapterError);
        expect(Date.now() - stoppedAt).toBeLessThan(STOP_WITHIN_MS + 1000);
        await eventually(() => expect(openSockets()).toBeLessThanOrEqual(before));
      }
    } finally {
      await silent.close();
    }
  });

  it("doctor names an unreachable Bot API in one line, and is quiet when all is well", async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await new Promise<void>((r) => server.close(() => r()));
    const adapter = createTelegramAdapter({ token: "1:x", apiRoot: root }, { log: silentLogger });
    const lines = await adapter.doctor!();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^telegram: cannot reach the Bot API at http:\/\/127\.0\.0\.1:\d+/);
    await adapter.stop();

    t = await makeTestbed();
    expect(await t.adapter.doctor!()).toEqual([]);
  });

  it("stop ends the long poll: later updates wait at Telegram and no sockets stay open", async () => {
    const before = openSockets();
    t = await makeTestbed();
    await t.adapter.start(t.host);
    t.fake.userSends(t.group.chat.id, t.alice, "/ping");
    await eventually(() => expect(ofKind(t!.events, "command")).toHaveLength(1));
    await t.adapter.stop();
    t.fake.userSends(t.group.chat.id, t.alice, "/help");
    await new Promise((r) => setTimeout(r, 300));
    expect(ofKind(t.events, "command")).toHaveLength(1);
    expect(t.fake.server.updates.unconfirmed.map((u) => u.message?.text)).toEqual(["/help"]);
    await t.close();
    t = undefined;
    await eventually(() => expect(openSockets()).toBeLessThanOrEqual(before));
  });

  it("can start again after stop and picks up where it left off", async () => {
    t = await makeTestbed();
    await t.adapter.start(t.host);
    await t.adapter.stop();
    t.fake.userSends(t.group.chat.id, t.alice, "/ping");
    await t.adapter.start(t.host);
    await eventually(() => expect(ofKind(t!.events, "command").map((e) => e.name)).toEqual(["ping"]));
  });

  it("keeps button data valid across a restart through the stored signing key", async () => {
    t = await makeTestbed();
    await t.adapter.start(t.host);
    const sent = await t.adapter.send(`telegram:${t.group.chat.id}`, { text: "Shift", buttons: [{ label: "Go", action: "go", payload: "1" }] }, "k");
    await t.adapter.stop();
    const again = createTelegramAdapter({ token: t.fake.token, apiRoot: t.fake.apiRoot }, { log: silentLogger });
    await again.start(t.host);
    try {
      t.fake.pressButton(t.group.chat.id, Number(sent.messageId), t.alice, "Go");
      await eventually(() => expect(ofKind(t!.events, "action").map((e) => e.action)).toEqual(["go"]));
    } finally {
      await again.stop();
    }
  });
});
