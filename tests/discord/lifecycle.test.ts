import { afterEach, describe, expect, it } from "vitest";
import { createDiscordAdapter } from "../../adapters/discord/index.js";
import { AdapterError, type CommandEvent, STOP_WITHIN_MS } from "../../src/core/port.js";
import { eventually, memoryState, silentLogger } from "../contract/adapter-contract.js";
import { silentServer } from "../support/unreachable.js";
import { INTENT_GUILDS } from "../fakes/discord/gateway.js";
import { type DiscordWorld, discordWorld } from "./harness.js";

let w: DiscordWorld;
afterEach(async () => {
  await w.close();
});

const helpCommands = () => w.events.filter((e): e is CommandEvent => e.kind === "command" && e.name === "help");

describe("credentials", () => {
  it("a wrong token: start rejects UNAUTHORIZED, doctor says so in one line, sends are UNAUTHORIZED", async () => {
    w = await discordWorld({ token: "wrong-token" });
    const err = await w.start().then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(AdapterError);
    expect((err as AdapterError).code).toBe("UNAUTHORIZED");
    expect(await w.adapter.doctor!()).toEqual(["discord: the bot token was rejected (401 Unauthorized)"]);
    const send = await w.adapter.send(w.chat, { text: "x" }, "k").then(() => null, (e: unknown) => e);
    expect((send as AdapterError).code).toBe("UNAUTHORIZED");
    expect(w.fake.gateway.sessions).toHaveLength(0);
  });

  it("a token the gateway refuses (4004) makes start reject UNAUTHORIZED", async () => {
    w = await discordWorld();
    w.fake.gateway.rejectAllTokens = true;
    const err = await w.start().then(() => null, (e: unknown) => e);
    expect((err as AdapterError).code).toBe("UNAUTHORIZED");
    expect(w.fake.gateway.closeCodes).toContain(4004);
  });

  it("doctor is quiet when the token works", async () => {
    w = await discordWorld();
    expect(await w.adapter.doctor!()).toEqual([]);
  });
});

describe("a stop during a start that cannot finish", () => {
  it("settles the start at once against a REST API that is silent, and the adapter can start again", async () => {
    w = await discordWorld();
    const silent = await silentServer();
    try {
      const adapter = createDiscordAdapter(
        { token: w.fake.token, applicationId: w.fake.applicationId, guilds: [], apiBase: `http://127.0.0.1:${silent.port}/api` },
        { log: silentLogger },
      );
      const starting = adapter.start({ dispatch: async () => {}, log: silentLogger, state: memoryState() }).then(
        () => undefined,
        (e: unknown) => e,
      );
      await silent.connected;
      const stoppedAt = Date.now();
      await adapter.stop();
      // Before, the start waited out its 30 s ready timer (and kept the process alive meanwhile).
      const outcome = await starting;
      expect(Date.now() - stoppedAt).toBeLessThan(STOP_WITHIN_MS + 1000);
      expect(outcome).toBeInstanceOf(AdapterError);
      expect((outcome as AdapterError).message).toMatch(/stopped while starting/);
    } finally {
      await silent.close();
    }
    // A stop does not spoil the adapter: the world's own adapter still starts and stops.
    await w.start();
    await w.adapter.stop();
  });
});

describe("gateway", () => {
  it("identifies with the Guilds intent only (no message content, nothing privileged)", async () => {
    w = await discordWorld();
    await w.start();
    expect(w.fake.gateway.sessions.map((s) => s.intents)).toEqual([INTENT_GUILDS]);
  });

  it("an interaction dispatched while the connection is down is replayed on RESUME and reaches the core once", async () => {
    w = await discordWorld();
    await w.start();
    w.fake.gateway.drop();
    w.slash("help");
    await eventually(() => expect(helpCommands()).toHaveLength(1));
    const session = w.fake.gateway.sessions[0]!;
    expect(session.resumes).toBe(1);
    expect(w.fake.gateway.sessions).toHaveLength(1);
    // A later interaction on the resumed session still arrives, and the replayed one did not repeat.
    w.slash("ping");
    await eventually(() => expect(w.events.some((e) => e.kind === "command" && e.name === "ping")).toBe(true));
    expect(helpCommands()).toHaveLength(1);
  });

  it("an interaction sent just before the drop reaches the core once", async () => {
    w = await discordWorld();
    await w.start();
    w.slash("help");
    w.fake.gateway.drop();
    await eventually(() => expect(w.fake.gateway.sessions[0]!.resumes).toBe(1));
    await eventually(() => expect(helpCommands()).toHaveLength(1));
    w.slash("ping");
    await eventually(() => expect(w.events.some((e) => e.kind === "command" && e.name === "ping")).toBe(true));
    expect(helpCommands()).toHaveLength(1);
  });

  it("stop closes the gateway connection and is idempotent", async () => {
    w = await discordWorld();
    await w.start();
    expect(w.fake.gateway.live).toBeDefined();
    await w.adapter.stop();
    await w.adapter.stop();
    await eventually(() => expect(w.fake.gateway.live).toBeUndefined());
  });
});
