import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { eventually } from "../contract/adapter-contract.js";
import { type TelegramTestbed, makeTestbed, ofKind } from "./harness.js";

const SECRET = "webhook-secret-for-tests_123";

/** A port that was free a moment ago, for a webhook URL that must be known before listening. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe("telegram webhook mode", () => {
  let t: TelegramTestbed;
  let url: string;
  afterEach(() => t.close());

  async function ready() {
    const port = await freePort();
    url = `http://127.0.0.1:${port}/telegram/hook`;
    t = await makeTestbed({ webhook: { url, secretToken: SECRET, port } });
    await t.adapter.start(t.host);
  }

  it("registers the webhook with its secret and receives commands pushed by Telegram", async () => {
    await ready();
    expect(t.fake.server.updates.webhookInfo).toEqual({ url, secretToken: SECRET });
    t.fake.userSends(t.group.chat.id, t.alice, "/signup tuesday");
    await eventually(() => expect(ofKind(t.events, "command").map((e) => [e.name, e.args])).toEqual([["signup", "tuesday"]]));
    expect(t.fake.server.updates.webhookFailures).toBe(0);
  });

  it("refuses requests with a wrong or missing secret and dispatches nothing", async () => {
    await ready();
    const forged = {
      update_id: 1,
      message: {
        message_id: 1,
        date: 1,
        chat: t.group.chat,
        from: t.alice,
        text: "/alert raid at 5th",
        entities: [{ type: "bot_command", offset: 0, length: 6 }],
      },
    };
    const post = (headers: Record<string, string>) =>
      fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(forged) });
    expect((await post({ "x-telegram-bot-api-secret-token": "guess" })).status).toBe(401);
    expect((await post({})).status).toBe(401);
    // The same update with the right secret goes through, so the refusals above were about the secret.
    expect((await post({ "x-telegram-bot-api-secret-token": SECRET })).status).toBe(200);
    await eventually(() => expect(ofKind(t.events, "command")).toHaveLength(1));
    expect(t.events).toHaveLength(1);
  });

  it("stops listening on stop", async () => {
    await ready();
    await t.adapter.stop();
    const err = await fetch(url, { method: "POST", body: "{}" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
  });
});
