/**
 * Test setup for the Discord adapter: a fake Discord with one guild ("Eastside Rapid Response"),
 * a text channel, a member with a mapped role, and an adapter wired to it with test timings.
 */
import { createDiscordAdapter, type DiscordTuning } from "../../adapters/discord/index.js";
import type { ChatEvent, ChatRef, Logger, PlatformAdapter } from "../../src/core/port.js";
import { memoryState, silentLogger } from "../contract/adapter-contract.js";
import type { SlashOption } from "../fakes/discord/payloads.js";
import { FakeDiscord, type FakeDiscordOptions } from "../fakes/discord/server.js";
import type { FakeChannel, FakeGuild, FakeUser } from "../fakes/discord/state.js";

export interface DiscordWorld {
  fake: FakeDiscord;
  guild: FakeGuild;
  channel: FakeChannel;
  alice: FakeUser;
  chat: ChatRef;
  coordinatorRoleId: string;
  adapter: PlatformAdapter;
  /** Events the adapter dispatched to the (test) core. */
  events: ChatEvent[];
  /** Replaced by tests that want the core to answer. */
  onEvent: (e: ChatEvent) => Promise<void>;
  start(): Promise<void>;
  /** alice types `/name` with free-text args (or given options). */
  slash(name: string, options?: SlashOption[], locale?: string): ReturnType<FakeDiscord["slashCommand"]>;
  close(): Promise<void>;
}

export interface WorldOptions {
  fake?: FakeDiscordOptions;
  tuning?: Partial<DiscordTuning>;
  /** Override the adapter's token (to test a wrong one). */
  token?: string;
  /** Restrict the adapter to these guilds; default: the fake's guild. */
  guilds?: (guild: FakeGuild) => string[];
  log?: Logger;
}

/** Build a fake Discord and an adapter pointed at it (not started). */
export async function discordWorld(opts: WorldOptions = {}): Promise<DiscordWorld> {
  const fake = await FakeDiscord.start(opts.fake);
  const guild = fake.state.addGuild("Eastside Rapid Response", ["coordinator", "volunteer"]);
  const channel = fake.state.addTextChannel(guild.id, "alerts");
  const alice = fake.state.addUser("alice");
  const coordinatorRoleId = fake.state.role(guild.id, "coordinator").id;
  fake.state.addMember(guild.id, alice.id, [coordinatorRoleId, fake.state.role(guild.id, "volunteer").id]);
  const adapter = createDiscordAdapter(
    {
      token: opts.token ?? fake.token,
      applicationId: fake.applicationId,
      guilds: opts.guilds ? opts.guilds(guild) : [guild.id],
      apiBase: fake.apiBase,
      roleMap: { [coordinatorRoleId]: "coordinator" },
      tuning: { readyTimeoutMs: 5000, waitGuildTimeoutMs: 1000, requestTimeoutMs: 2000, ...opts.tuning },
    },
    { log: opts.log ?? silentLogger },
  );
  const world: DiscordWorld = {
    fake,
    guild,
    channel,
    alice,
    chat: `discord:${channel.id}`,
    coordinatorRoleId,
    adapter,
    events: [],
    onEvent: async () => {},
    start: () =>
      adapter.start({
        dispatch: async (e) => {
          world.events.push(e);
          await world.onEvent(e);
        },
        log: opts.log ?? silentLogger,
        state: memoryState(),
      }),
    slash: (name, options, locale) => fake.slashCommand(alice, channel, { name, options: options ?? [], locale }),
    close: async () => {
      await adapter.stop();
      await fake.close();
    },
  };
  return world;
}
