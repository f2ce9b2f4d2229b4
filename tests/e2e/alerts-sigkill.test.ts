import { afterEach, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/open.js";
import { ALERT_MARK, type FanoutWorld, fanoutWorld, startBot } from "../alerts/fanout-world.js";
import { eventually } from "../contract/adapter-contract.js";
import { TEST_KEY, tempDir } from "../support/app.js";

/**
 * The bot is killed with SIGKILL at a random point of a 150-chat broadcast (50 per platform, on the
 * fakes) and restarted on the same database. No chat misses the alert; no Matrix or Discord chat
 * gets it twice; a Telegram chat gets it twice only if its send was in flight at the kill, and the
 * copies are the same signed alert.
 */
describe("alert broadcast survives a SIGKILL", { timeout: 150_000 }, () => {
  let world: FanoutWorld | undefined;
  let cleanup = () => {};
  const bots: ReturnType<typeof startBot>[] = [];
  afterEach(async () => {
    // A failed assertion must not leave a bot running after the test.
    for (const bot of bots.splice(0)) {
      if (bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill("SIGKILL");
      await bot.exited;
    }
    await world?.close();
    cleanup();
  });

  it("delivers to all 150 chats exactly once (Telegram: at most the in-flight sends twice)", async () => {
    const temp = tempDir("porchlight-sigkill-");
    cleanup = temp.cleanup;
    world = await fanoutWorld(temp.dir);
    const w = world;
    const delivered = () => [...w.copies().values()].filter((c) => c.length > 0).length;

    const first = startBot(w.configPath);
    bots.push(first);
    await eventually(() => {
      expect(w.tg.server.calls.get("getUpdates") ?? 0).toBeGreaterThan(0);
      expect(w.mx.openSyncs).toBeGreaterThan(0);
    }, 30_000);
    w.tg.userSends(w.telegramChats[0]!, w.vic, "/confirm 1");
    // Somewhere from the first copies to nearly the last.
    const killAt = 1 + Math.floor(Math.random() * 140);
    await eventually(() => expect(delivered()).toBeGreaterThanOrEqual(killAt), 60_000);
    first.child.kill("SIGKILL");
    await first.exited;

    // What was in flight at the kill, as the database recorded it.
    const store = openStore({ path: w.dbPath, key: TEST_KEY });
    const inFlight = new Set(
      (store.db.prepare("SELECT target FROM outbox WHERE status = 'sending' AND key LIKE 'alert:%'").all() as { target: string }[]).map((r) => r.target),
    );
    store.close();

    const second = startBot(w.configPath);
    bots.push(second);
    await eventually(() => expect(delivered()).toBe(150), 90_000);
    second.child.kill("SIGTERM");
    await second.exited;

    const copies = w.copies();
    const codes = new Set<string>();
    for (const [chat, list] of copies) {
      expect(list.length, `${chat} (killed after ${killAt} chats)`).toBeGreaterThanOrEqual(1);
      if (!chat.startsWith("telegram:")) expect(list.length, `${chat} got the alert twice`).toBe(1);
      else if (list.length > 1) {
        expect(inFlight.has(chat), `${chat} got it twice without a send in flight at the kill`).toBe(true);
        expect(list).toHaveLength(2);
      }
      for (const text of list) codes.add(/Signature: (\S+)/.exec(text)![1]!);
      expect(list.every((text) => text.includes(ALERT_MARK))).toBe(true);
    }
    // Every copy everywhere is the one signed alert.
    expect(codes.size).toBe(1);
  });
});
