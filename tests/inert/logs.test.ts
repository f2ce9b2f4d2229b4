/**
 * Logs name no chat, room, channel or person by its platform id: the real logger (createLogger,
 * as the app runs it) writes a keyed pseudonym instead, the same for one chat throughout a run.
 */
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger, pseudonym } from "../../src/log.js";
import { eventually } from "../contract/adapter-contract.js";
import { matrixAppWorld, type PlatformWorld, telegramWorld } from "./worlds.js";

/** A logger as the app makes it, writing into memory; `lines()` parses what was written. */
function capturedLogger(level = "info") {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const log = createLogger({ level, destination });
  const text = () => chunks.join("");
  const lines = () =>
    text()
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown> & { level: number; msg: string });
  return { log, text, lines };
}

describe("the logger", () => {
  it("writes pseudonyms for chat, room and channel ids, at every level and in nested fields", () => {
    const c = capturedLogger("debug");
    c.log.info({ chat: "telegram:-1001234567890", code: "X" }, "one");
    c.log.warn({ event: { roomId: "!secret:example.org" }, chat: "telegram:-1001234567890" }, "two");
    c.log.child({ platform: "discord" }).error({ channelId: "123456789012345678" }, "three");
    c.log.debug({ guild: 987654321098765 }, "four");
    const dump = c.text();
    for (const raw of ["1001234567890", "!secret", "example.org", "123456789012345678", "987654321098765"]) expect(dump).not.toContain(raw);
    const [one, two, three] = c.lines();
    // The same chat has the same pseudonym within the run, so one chat can be followed.
    expect(one!.chat).toBe(pseudonym("telegram:-1001234567890"));
    expect(two!.chat).toBe(one!.chat);
    expect(one!.chat).toMatch(/^telegram:~[\w-]{12}$/);
    expect(three!.channelId).toMatch(/^~[\w-]{12}$/);
    expect(one!.code).toBe("X");
  });
});

describe("logs of the running app", () => {
  let w: (PlatformWorld<unknown> & { close(): Promise<void> }) | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  it("Telegram: a failed reply is logged with the group's pseudonym, never its id or the person's", async () => {
    const c = capturedLogger();
    const tg = await telegramWorld(c.log);
    w = tg;
    await tg.echo("help", "");
    tg.fake.failNext({ kind: "server-error", status: 500 }, 5);
    tg.fake.userSends(tg.groupId, tg.fake.addUser({ first_name: "Rosa" }), "/help");
    await eventually(() => expect(c.lines().some((l) => l.msg === "telegram: call failed")).toBe(true));
    const failed = c.lines().find((l) => l.msg === "telegram: call failed")!;
    expect(failed.chat).toBe(pseudonym(`telegram:${tg.groupId}`));
    const dump = c.text();
    expect(dump).not.toContain(String(Math.abs(tg.groupId)));
    expect(dump).not.toContain(String(tg.userId));
  });

  it("Matrix: an invitation is logged with the room's pseudonym, never the room id or its server", async () => {
    const c = capturedLogger();
    const mx = await matrixAppWorld(c.log);
    w = mx;
    const room = mx.hs.createRoom(mx.alice, { name: "Second" });
    mx.hs.invite(room, mx.alice, mx.bot);
    await eventually(() => expect(c.lines().some((l) => /matrix: invite (accepted|declined)/.test(l.msg))).toBe(true));
    const line = c.lines().find((l) => /matrix: invite/.test(l.msg))!;
    expect(line.chat).toBe(pseudonym(`matrix:${room}`));
    const dump = c.text();
    expect(dump).not.toContain(room);
    expect(dump).not.toContain(mx.alice);
    expect(dump).not.toMatch(/![\w-]+:/);
  });
});
