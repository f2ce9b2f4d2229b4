import { beforeEach, describe, expect, it } from "vitest";
import { createMatrixAdapter } from "../../adapters/matrix/index.js";
import { AdapterError, STOP_WITHIN_MS, chatRef } from "../../src/core/port.js";
import { eventually, silentLogger } from "../contract/adapter-contract.js";
import { type MatrixWorld, useMatrixWorld } from "./setup.js";

describe("matrix adapter: invites, start, stop, doctor", () => {
  const world = useMatrixWorld();
  const adapter = world.adapter;
  let w: MatrixWorld;
  beforeEach(() => {
    w = world.current();
  });

  it("accepts invites from allowed inviters, to allowed rooms or approved by the core; declines the rest", async () => {
    const organiser = w.hs.createUser("organiser", "Organiser");
    const stranger = w.hs.createUser("stranger", "Stranger");
    const member = w.hs.createUser("member", "Member");
    const listed = w.hs.createRoom(stranger.userId);
    const asked: string[] = [];
    const host = w.host();
    await adapter({
      allowedInviters: [organiser.userId],
      allowedRooms: [listed],
      acceptInvite: (_room: string, inviter: string) => {
        asked.push(inviter);
        return inviter === member.userId;
      },
    }).start(host);

    const fromOrganiser = w.hs.createRoom(organiser.userId, { invite: [w.bot.userId] });
    const fromMember = w.hs.createRoom(member.userId, { invite: [w.bot.userId] });
    const fromStranger = w.hs.createRoom(stranger.userId, { invite: [w.bot.userId] });
    w.hs.invite(listed, stranger.userId, w.bot.userId);

    await eventually(() => {
      expect(w.hs.membership(fromOrganiser, w.bot.userId)).toBe("join");
      expect(w.hs.membership(fromMember, w.bot.userId)).toBe("join");
      expect(w.hs.membership(listed, w.bot.userId)).toBe("join");
      expect(w.hs.membership(fromStranger, w.bot.userId)).toBe("leave");
    });
    expect(asked).toContain(member.userId);
    expect(asked).toContain(stranger.userId);
    const joined = host.events.filter((e) => e.kind === "membership" && e.change === "joined").map((e) => e.chat);
    expect(joined.sort()).toEqual([fromOrganiser, fromMember, listed].map((r) => chatRef("matrix", r)).sort());
  });

  it("declines every invite when nothing allows it", async () => {
    await adapter().start(w.host());
    const room = w.hs.createRoom(w.alice.userId, { invite: [w.bot.userId] });
    await eventually(() => expect(w.hs.membership(room, w.bot.userId)).toBe("leave"));
  });

  it("does not act on a joined room's history, only on what follows the bot's arrival", async () => {
    const host = w.host();
    await adapter({ allowedInviters: [w.alice.userId] }).start(host);
    const room = w.hs.createRoom(w.alice.userId);
    w.hs.sendText(room, w.alice.userId, "!pl before-the-bot");
    w.hs.invite(room, w.alice.userId, w.bot.userId);
    await eventually(() => expect(w.hs.membership(room, w.bot.userId)).toBe("join"));
    w.hs.sendText(room, w.alice.userId, "!pl after-the-bot");
    await eventually(() =>
      expect(host.events.filter((e) => e.kind === "command").map((e) => e.kind === "command" && e.name)).toEqual([
        "after-the-bot",
      ]),
    );
  });

  it("tells the core when the bot is removed from a room", async () => {
    const host = w.host();
    await adapter().start(host);
    w.hs.kick(w.room, w.alice.userId, w.bot.userId);
    await eventually(() =>
      expect(host.events).toContainEqual({ kind: "membership", chat: chatRef("matrix", w.room), change: "left" }),
    );
  });

  it("rejects start with a wrong token as UNAUTHORIZED", async () => {
    const a = adapter({ accessToken: "syt_wrong" });
    const err = await a.start(w.host()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdapterError);
    expect((err as AdapterError).code).toBe("UNAUTHORIZED");
  });

  it("doctor: nothing to report, a rejected token, an unreachable homeserver", async () => {
    expect(await adapter().doctor?.()).toEqual([]);
    expect(await adapter({ accessToken: "syt_wrong" }).doctor?.()).toEqual([
      "matrix: the access token was rejected (401 M_UNKNOWN_TOKEN)",
    ]);
    const url = w.hs.url;
    await w.hs.close();
    const unreachable = createMatrixAdapter({ homeserverUrl: url, accessToken: "x" }, { log: silentLogger });
    const lines = (await unreachable.doctor?.()) ?? [];
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(`matrix: cannot reach the homeserver at ${url} (ECONNREFUSED)`);
  });

  it("stop ends the long poll and delivers nothing afterwards", async () => {
    const host = w.host();
    const a = adapter();
    await a.start(host);
    await eventually(() => expect(w.hs.openSyncs).toBe(1));
    await a.stop();
    await eventually(() => expect(w.hs.openSyncs).toBe(0));
    w.hs.sendText(w.room, w.alice.userId, "!pl too-late");
    // A fresh adapter on the same state picks the message up: the stopped one left it unhandled.
    const next = w.host(host.state);
    await adapter().start(next);
    await eventually(() => expect(next.events).toMatchObject([{ kind: "command", name: "too-late" }]));
    expect(host.events.filter((e) => e.kind === "command")).toEqual([]);
  });

  it("keeps syncing through 5xx answers, dropped connections and rate limits", async () => {
    const host = w.host();
    await adapter().start(host);
    w.hs.inject({ path: "/sync" }, { kind: "status", status: 503, errcode: "M_UNKNOWN" });
    w.hs.inject({ path: "/sync" }, { kind: "drop" });
    w.hs.rateLimitNext({ path: "/sync" }, 50);
    w.hs.sendText(w.room, w.alice.userId, "!pl still-here");
    await eventually(() => expect(host.events).toMatchObject([{ kind: "command", name: "still-here" }]));
  });

  it("starts afresh when the homeserver no longer knows the stored sync token", async () => {
    const host = w.host();
    host.state.set("account", w.bot.userId);
    host.state.set("sdk:sync_token", "s_unknown_99");
    await adapter().start(host);
    w.hs.sendText(w.room, w.alice.userId, "!pl ping");
    await eventually(() => expect(host.events).toMatchObject([{ kind: "command", name: "ping" }]));
  });
  // A homeserver that takes the request and never answers: the SDK would wait up to its timeout.
  for (const [what, path, encryption] of [
    ["whoami", "/account/whoami", false],
    ["the crypto set-up", "/keys/", true],
    ["the first sync", "/sync", false],
  ] as const) {
    it(`a stop during ${what} on a silent homeserver settles the start at once and stops promptly`, async () => {
      w.hs.inject({ path }, { kind: "hangAfterApply" }, 100);
      const a = adapter({ encryption, sendTimeoutMs: 60_000 });
      const starting = a.start(w.host()).then(
        () => undefined,
        (err: unknown) => err,
      );
      // Let the start reach the silent request (nothing is asserted on this wait).
      await new Promise((resolve) => setTimeout(resolve, 500));
      const stoppedAt = Date.now();
      await a.stop();
      const outcome = await starting;
      // The bound for a whole stop is 5 s; an adapter's share is STOP_WITHIN_MS.
      expect(Date.now() - stoppedAt).toBeLessThan(STOP_WITHIN_MS + 1000);
      expect(outcome).toBeInstanceOf(AdapterError);
      expect((outcome as AdapterError).message).toMatch(/stopped while starting/);
      await a.stop();
    });
  }
});
