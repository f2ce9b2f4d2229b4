/**
 * The canvass status picture on Discord: the real app (createApp with the Discord adapter built from
 * a validated configuration) through discord.js to the fake Discord, and the adapter's picture
 * uploads on every path (channel post, interaction response, deferred placeholder, follow-up).
 * Assertions read what the fake platform holds: messages, their attachments and the uploaded bytes.
 */
import { Resvg } from "@resvg/resvg-js";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { AdapterError, type ChatRef } from "../../src/core/port.js";
import { type App, buildPlatformAdapters, createApp } from "../../src/main.js";
import { openStore } from "../../src/store/open.js";
import { eventually } from "../contract/adapter-contract.js";
import { type DiscordWorld, discordWorld } from "../discord/harness.js";
import type { SlashOption } from "../fakes/discord/payloads.js";
import { FakeDiscord } from "../fakes/discord/server.js";
import { EPHEMERAL, type FakeChannel, type FakeMessage, type FakeUser } from "../fakes/discord/state.js";
import { silentLog, T0, TEST_KEY, tempDir, testConfig } from "../support/app.js";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A small real PNG, rendered from SVG, as base64. */
function png(): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><rect width="40" height="30" fill="#4e79a7"/></svg>`;
  return Buffer.from(new Resvg(svg).render().asPng()).toString("base64");
}

/** The live messages of a channel, oldest first, as the platform stores them. */
function messagesIn(fake: FakeDiscord, channel: FakeChannel): FakeMessage[] {
  return (fake.state.messages.get(channel.id) ?? []).filter((m) => !m.deleted);
}

describe("the canvass status picture on Discord, through the real app", () => {
  interface World {
    fake: FakeDiscord;
    app: App;
    general: FakeChannel;
    lena: FakeUser;
    cleanup(): Promise<void>;
  }
  let w: World | undefined;
  afterEach(async () => {
    await w?.cleanup();
    w = undefined;
  });

  async function startWorld(): Promise<World> {
    const fake = await FakeDiscord.start();
    const guild = fake.state.addGuild("Eastside Rapid Response");
    const general = fake.state.addTextChannel(guild.id, "general");
    const lena = fake.state.addUser("lena");
    lena.global_name = "Lena";
    fake.state.addMember(guild.id, lena.id);
    const temp = tempDir("porchlight-discord-image-");
    const config = testConfig(temp.dir, {
      defaults: { language: "en", timezone: "UTC" },
      discord: { token: fake.token, applicationId: fake.applicationId, guilds: [guild.id], apiBase: fake.apiBase },
    });
    const store = openStore({ path: config.database.path, key: TEST_KEY });
    const app = createApp({ config, adapters: await buildPlatformAdapters(config, silentLog), log: silentLog, clock: new ManualClock(T0), store });
    const cleanup = async () => {
      await app.stop({ flush: true }).catch(() => {});
      await fake.close();
      temp.cleanup();
    };
    try {
      await app.start();
    } catch (err) {
      await cleanup();
      throw err;
    }
    return { fake, app, general, lena, cleanup };
  }

  /** Lena types `line` as Discord sends it: the registered command, its sub-command, free text as `args`. */
  function slash(world: World, line: string) {
    const [name = "", ...words] = line.replace(/^\//, "").split(" ");
    const command = (world.fake.state.guildCommands.get(world.general.guildId ?? "") ?? []).find((c) => c.name === name);
    if (!command) throw new Error(`/${name} is not registered`);
    type Opt = { type: number; name: string };
    const sub = ((command.options ?? []) as Opt[]).find((o) => o.type === 1 && o.name === words[0]);
    if (sub) words.shift();
    const rest = words.join(" ");
    const options: SlashOption[] = rest ? [{ type: 3, name: "args", value: rest }] : [];
    return world.fake.slashCommand(world.lena, world.general, { name, options: sub ? [{ type: 1, name: sub.name, options }] : options });
  }

  /** Type `line` and wait until Lena sees an answer containing `part`; returns that message. */
  async function say(world: World, line: string, part: string): Promise<FakeMessage> {
    slash(world, line);
    return eventually(() => {
      const found = world.fake.state.visibleMessages(world.general.id, world.lena.id).find((m) => m.content.includes(part));
      expect(found, `Lena sees “${part}”`).toBeDefined();
      return found!;
    });
  }

  it("posts the status with a PNG attachment under the text, for everyone in the channel", async () => {
    w = await startWorld();
    await say(w, "/network create Eastside", "Network “Eastside” is ready");
    await say(w, '/canvass new "Elm raid" "Elm & 5th" deadline=72h', "Canvass #1 “Elm raid” is open");
    await say(w, '/canvass blocks 1 B1 "Maple Rd 100-200" B2 "Cedar Ln 1-99" B3 "Oak Ave 300-400"', "B3");

    const status = await say(w, "/canvass status 1", "Canvass #1 “Elm raid”: 3 blocks");
    expect(status.content).toContain("open: B1, B2, B3");
    expect(status.flags & EPHEMERAL).toBe(0);
    expect(w.fake.publicTexts(w.general.id)).toContain(status.content);
    const files = w.fake.attachmentsOf(status.id);
    expect(files.map((f) => f.filename)).toEqual(["status.png"]);
    const [picture] = files;
    expect(picture!.bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(picture!.contentType).toBe("image/png");
    expect(picture!.description).toMatch(/^Map of canvass #1 blocks coloured by state: /);
    // Only the status carries a picture; the channel never sees the streets, in text or in alt text.
    const stored = messagesIn(w.fake, w.general);
    expect(stored.filter((m) => m.attachments.length > 0).map((m) => m.id)).toEqual([status.id]);
    for (const street of ["Maple Rd", "Cedar Ln", "Oak Ave"]) {
      expect(stored.map((m) => `${m.content}\n${m.attachments.map((a) => a.description).join("\n")}`).join("\n")).not.toContain(street);
    }
  });

  it("a retried send of a picture with the same idempotency key posts it once", async () => {
    w = await startWorld();
    const adapter = w.app.adapters.get("discord")!;
    const chat: ChatRef = `discord:${w.general.id}`;
    expect(adapter.capabilities(chat).images).toBe(true);
    const msg = { text: "Canvass #1 “Elm raid”: 3 blocks", image: { png: png(), alt: "Map of canvass #1 blocks" } };
    const first = await adapter.send(chat, msg, "status-1");
    const retry = await adapter.send(chat, msg, "status-1");
    expect(retry.messageId).toBe(first.messageId);
    const stored = messagesIn(w.fake, w.general);
    expect(stored.map((m) => m.content)).toEqual([msg.text]);
    expect(w.fake.attachmentsOf(first.messageId).map((f) => f.bytes.equals(Buffer.from(msg.image.png, "base64")))).toEqual([true]);
  });
});

describe("Discord adapter pictures", () => {
  let d: DiscordWorld;
  afterEach(async () => {
    await d.close();
  });
  const image = () => ({ png: png(), alt: "Map of blocks" });

  it("a channel post whose answer timed out after Discord stored it is retried without a second picture", async () => {
    d = await discordWorld({ tuning: { requestTimeoutMs: 300, retries: 0 } });
    d.fake.inject({ kind: "delay", ms: 1500 }, 1, "POST /channels/");
    const msg = { text: "Canvass #1: 3 blocks", image: image() };
    const err = await d.adapter.send(d.chat, msg, "s1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdapterError);
    expect((err as AdapterError).code).toBe("UNCERTAIN");
    const retry = await d.adapter.send(d.chat, msg, "s1");
    expect(messagesIn(d.fake, d.channel).map((m) => m.id)).toEqual([retry.messageId]);
    expect(d.fake.attachmentsOf(retry.messageId)).toHaveLength(1);
  });

  it("answers an interaction with the picture, and a repeated answer with the same key posts nothing more", async () => {
    d = await discordWorld();
    d.onEvent = async (e) => {
      if (e.kind !== "command") return;
      const msg = { text: "Canvass #1: 3 blocks", image: image(), replyTo: e.interactionId };
      await d.adapter.send(e.chat, msg, "r1");
      await d.adapter.send(e.chat, msg, "r1");
    };
    await d.start();
    const interaction = d.slash("canvass");
    await eventually(() => expect(d.fake.publicTexts(d.channel.id)).toEqual(["Canvass #1: 3 blocks"]));
    expect(interaction.callbacks).toEqual([4]);
    const files = d.fake.attachmentsOf(interaction.originalMessageId!);
    expect(files.map((f) => [f.filename, f.description])).toEqual([["status.png", "Map of blocks"]]);
    expect(files[0]!.bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  });

  it("a slow private answer fills the deferred placeholder with the picture", async () => {
    d = await discordWorld({ fake: { ackWindowMs: 700 }, tuning: { deferAfterMs: 150 } });
    d.onEvent = async (e) => {
      if (e.kind !== "command") return;
      await new Promise((r) => setTimeout(r, 400));
      await d.adapter.send(e.chat, { text: "only you", image: image(), ephemeral: true, replyTo: e.interactionId }, "r2");
    };
    await d.start();
    const interaction = d.slash("canvass");
    await eventually(() => expect(d.fake.textsSeenBy(d.channel.id, d.alice.id)).toEqual(["only you"]));
    expect(interaction.callbacks).toEqual([5]);
    expect(d.fake.attachmentsOf(interaction.originalMessageId!).map((f) => f.filename)).toEqual(["status.png"]);
    expect(d.fake.publicTexts(d.channel.id)).toEqual([]);
  });

  it("a slow public answer becomes a follow-up carrying the picture", async () => {
    d = await discordWorld({ fake: { ackWindowMs: 700 }, tuning: { deferAfterMs: 150 } });
    d.onEvent = async (e) => {
      if (e.kind !== "command") return;
      await new Promise((r) => setTimeout(r, 400));
      await d.adapter.send(e.chat, { text: "Canvass #1: 3 blocks", image: image(), replyTo: e.interactionId }, "r3");
    };
    await d.start();
    const interaction = d.slash("canvass");
    await eventually(() => expect(d.fake.publicTexts(d.channel.id)).toEqual(["Canvass #1: 3 blocks"]));
    expect(interaction.followUpIds).toHaveLength(1);
    expect(d.fake.attachmentsOf(interaction.followUpIds[0]!).map((f) => f.filename)).toEqual(["status.png"]);
  });

  it("refuses a picture that is not a PNG and posts nothing", async () => {
    d = await discordWorld();
    const notPng = { png: Buffer.from("not a png at all").toString("base64"), alt: "x" };
    const err = await d.adapter.send(d.chat, { text: "x", image: notPng }, "bad").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdapterError);
    expect((err as AdapterError).code).toBe("REJECTED");
    expect(messagesIn(d.fake, d.channel)).toEqual([]);
  });
});
