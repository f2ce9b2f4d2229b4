import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RateLimits } from "../fakes/telegram/faults.js";
import { FakeTelegram } from "../fakes/telegram/index.js";

/** Call the fake as any HTTP client would. */
async function call(fake: FakeTelegram, method: string, body: unknown = {}, token = fake.token) {
  const res = await fetch(`${fake.apiRoot}/bot${token}/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as { ok: boolean; result?: unknown; error_code?: number; description?: string; parameters?: { retry_after?: number } } };
}

describe("fake Telegram Bot API", () => {
  let fake: FakeTelegram;
  beforeEach(async () => {
    fake = await FakeTelegram.start();
  });
  afterEach(() => fake.close());

  it("answers 401 Unauthorized to every method with a wrong token", async () => {
    for (const method of ["getMe", "sendMessage", "getUpdates", "setMyCommands", "noSuchMethod"]) {
      const { status, json } = await call(fake, method, {}, "1:wrong");
      expect(status).toBe(401);
      expect(json).toEqual({ ok: false, error_code: 401, description: "Unauthorized" });
    }
  });

  it("accepts form bodies as well as JSON", async () => {
    const group = fake.addGroup();
    const form = new URLSearchParams({
      chat_id: String(group.chat.id),
      text: "from a form",
      reply_markup: JSON.stringify({ inline_keyboard: [[{ text: "B", callback_data: "d" }]] }),
    });
    const res = await fetch(`${fake.apiRoot}/bot${fake.token}/sendMessage`, { method: "POST", body: form });
    expect(res.status).toBe(200);
    expect(fake.message(group.chat.id, 1)).toMatchObject({ text: "from a form", reply_markup: { inline_keyboard: [[{ text: "B" }]] } });
  });

  it("refuses to let the bot start a private conversation", async () => {
    const user = fake.addUser();
    const { status, json } = await call(fake, "sendMessage", { chat_id: user.id, text: "hi" });
    expect(status).toBe(403);
    expect(json.description).toBe("Forbidden: bot can't initiate conversation with a user");
  });

  it("counts 30 sends per second per bot and 20 per minute per group over rolling windows", () => {
    const limits = new RateLimits();
    limits.enabled = true;
    const t0 = 1_000_000;
    for (let i = 0; i < 30; i++) expect(limits.admit(-(i + 1), t0 + i)).toBeUndefined();
    expect(limits.admit(-99, t0 + 500)).toBe(1);
    // One second after the first send, its slot is free again.
    expect(limits.admit(-99, t0 + 1000)).toBeUndefined();
    const group = new RateLimits();
    group.enabled = true;
    for (let i = 0; i < 20; i++) expect(group.admit(-7, t0 + i * 1000)).toBeUndefined();
    expect(group.admit(-7, t0 + 20_000)).toBe(40);
    expect(group.admit(5, t0 + 20_000)).toBeUndefined();
    expect(group.admit(-7, t0 + 60_000)).toBeUndefined();
  });

  it("answers 429 with retry_after over the wire when limits are enforced", async () => {
    fake.enforceLimits();
    const lone = fake.addGroup();
    for (let i = 0; i < 20; i++) expect((await call(fake, "sendMessage", { chat_id: lone.chat.id, text: `g${i}` })).status).toBe(200);
    const refused = await call(fake, "sendMessage", { chat_id: lone.chat.id, text: "over" });
    expect(refused.status).toBe(429);
    expect(refused.json.parameters?.retry_after).toBeGreaterThan(0);
    expect(fake.texts(lone.chat.id)).toHaveLength(20);
  });

  it("refuses getUpdates while a webhook is set", async () => {
    await call(fake, "setWebhook", { url: "http://127.0.0.1:9/hook" });
    const { status, json } = await call(fake, "getUpdates", { timeout: 0 });
    expect(status).toBe(409);
    expect(json.description).toMatch(/webhook is active/);
  });

  it("hands out updates by offset and drops kinds the bot did not ask for", async () => {
    const group = fake.addGroup();
    const user = fake.addUser();
    await call(fake, "getUpdates", { timeout: 0, allowed_updates: ["message"] });
    fake.userSends(group.chat.id, user, "/one");
    fake.removeBotFromChat(group.chat.id, user);
    fake.userSends(group.chat.id, user, "/two");
    const first = (await call(fake, "getUpdates", { timeout: 0 })).json.result as { update_id: number; message?: { text: string } }[];
    expect(first.map((u) => u.message?.text)).toEqual(["/one", "/two"]);
    const next = (await call(fake, "getUpdates", { timeout: 0, offset: first[1]!.update_id + 1 })).json.result;
    expect(next).toEqual([]);
  });
});
