import { afterEach, describe, expect, it } from "vitest";
import { type FanoutWorld, fanoutWorld, startBot } from "../alerts/fanout-world.js";
import { eventually } from "../contract/adapter-contract.js";
import { tempDir } from "../support/app.js";

const UPDATE_MARK = "UPDATE to verified alert #1";

/**
 * Discord answers 5xx and 429 for a while. Telegram and Matrix get the alert and its update
 * meanwhile; once Discord recovers, every channel gets both, in order.
 */
describe("alert broadcast through one platform's outage", { timeout: 120_000 }, () => {
  let world: FanoutWorld | undefined;
  let cleanup = () => {};
  let bot: ReturnType<typeof startBot> | undefined;
  afterEach(async () => {
    // A failed assertion must not leave the bot running after the test.
    if (bot && bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill("SIGKILL");
    await bot?.exited;
    await world?.close();
    cleanup();
  });

  it("holds nothing up elsewhere and delivers everything in order after recovery", async () => {
    const temp = tempDir("porchlight-outage-");
    cleanup = temp.cleanup;
    world = await fanoutWorld(temp.dir, 5);
    const w = world;
    const posts = () => {
      const out = new Map<string, string[]>();
      for (const id of w.telegramChats) out.set(`telegram:${id}`, w.tg.texts(id));
      for (const id of w.discordChannels) out.set(`discord:${id}`, w.dc.publicTexts(id));
      for (const id of w.matrixRooms) out.set(`matrix:${id}`, w.mx.messageBodies(id));
      return out;
    };
    const has = (platform: string, mark: string) =>
      [...posts()].filter(([chat, texts]) => chat.startsWith(platform) && texts.some((t) => t.includes(mark))).length;

    // Discord fails every channel post, alternating server errors and rate limits, until cleared.
    for (let i = 0; i < 200; i++) {
      w.dc.inject({ kind: "5xx", status: 502 }, 1, "POST /channels/");
      w.dc.inject({ kind: "429", retryAfterMs: 300 }, 1, "POST /channels/");
    }
    bot = startBot(w.configPath);
    await eventually(() => {
      expect(w.tg.server.calls.get("getUpdates") ?? 0).toBeGreaterThan(0);
      expect(w.mx.openSyncs).toBeGreaterThan(0);
    }, 30_000);
    w.tg.userSends(w.telegramChats[0]!, w.vic, "/confirm 1");
    await eventually(() => {
      expect(has("telegram", "VERIFIED ALERT #1")).toBe(5);
      expect(has("matrix", "VERIFIED ALERT #1")).toBe(5);
    }, 60_000);
    w.tg.userSends(w.telegramChats[1]!, w.vic, "/alert update 1 agents left towards Pine");
    await eventually(() => {
      expect(has("telegram", UPDATE_MARK)).toBe(5);
      expect(has("matrix", UPDATE_MARK)).toBe(5);
    }, 60_000);
    // Discord is still down: nothing there yet.
    expect(has("discord", "VERIFIED ALERT #1")).toBe(0);

    w.dc.faults.clear();
    await eventually(() => expect(has("discord", UPDATE_MARK)).toBe(5), 60_000);
    bot.child.kill("SIGTERM");
    await bot.exited;
    for (const [chat, texts] of posts()) {
      const alert = texts.findIndex((t) => t.includes("VERIFIED ALERT #1"));
      const update = texts.findIndex((t) => t.includes(UPDATE_MARK));
      expect(alert, chat).toBeGreaterThanOrEqual(0);
      expect(update, `${chat}: the update came before the alert`).toBeGreaterThan(alert);
      // One post of the alert; Telegram edits it in place, Matrix adds an edit event (`* ` body).
      expect(texts.filter((t) => t.includes("VERIFIED ALERT #1") && !t.startsWith("* ")), chat).toHaveLength(1);
      if (!chat.startsWith("discord:")) expect(texts.some((t) => t.includes("⚠️ UPDATED: see the newer message about alert #1.")), chat).toBe(true);
    }
  });
});
