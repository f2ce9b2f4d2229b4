import type { User } from "grammy/types";
import { afterEach, describe, expect, it } from "vitest";
import { createMatrixAdapter } from "../../adapters/matrix/index.js";
import { configSchema } from "../../src/config/schema.js";
import { ManualClock } from "../../src/core/clock.js";
import type { PlatformAdapter } from "../../src/core/port.js";
import { type App, buildPlatformAdapters, createApp } from "../../src/main.js";
import { openStore } from "../../src/store/open.js";
import { eventually } from "../contract/adapter-contract.js";
import type { SlashOption } from "../fakes/discord/payloads.js";
import { FakeDiscord } from "../fakes/discord/server.js";
import type { FakeChannel, FakeUser } from "../fakes/discord/state.js";
import { FakeHomeserver, type Session } from "../fakes/matrix/homeserver.js";
import { OlmDevice } from "../fakes/matrix/olm-device.js";
import { FakeTelegram } from "../fakes/telegram/index.js";
import { silentLog, T0, TEST_KEY, tempDir, testConfig } from "../support/app.js";

/**
 * The need-to-know rule through each platform's real SDK and fake server: one story of commands
 * typed in a plain group (a Telegram group, a Discord channel, an unencrypted Matrix room), then a
 * search of what the platform stored from the bot there for the exact place, the note, the canvass
 * scene and block, the sighting's address and the names of the reporter, the voter and the
 * assignee. The details must have reached the people concerned privately. An encrypted Matrix room
 * gets the exact place, as ciphertext only its members' devices read.
 */

const ADDRESS = "2209 Hollowell St";
const NOTE = "ask for Dolores";
const AREA = "Eastside church";
const SECRETS = [ADDRESS, "Hollowell", "Dolores", "4417 Larkspur", "Larkspur", "Maple Rd", "1420"];
const NAMES = ["Ana", "Rosa", "Vera"];
const TIMEOUT = 120_000;

const STORY: [string, string][] = [
  ["Lena", "/network create Eastside"],
  ["Lena", "/network tz America/Chicago"],
  ["Ana", "/help"],
  ["Rosa", "/help"],
  ["Vera", "/help"],
  ["Lena", "/role grant Lena lead"],
  // By the platform's id for her: a bare display name would only ask the admin to confirm.
  ["Lena", "/role grant @@Vera verifier"],
  ["Lena", `/shift new sat 10am 2h "${ADDRESS}" 2 ${NOTE} area="${AREA}"`],
  ["Ana", "/shifts"],
  ["Ana", "/signup 1"],
  ["Ana", "/cancel 1"],
  ["Ana", "/signup 1"],
  ["Lena", "/roster 1"],
  ["Ana", "/roles"],
  ["Ana", "/leads"],
  ["Vera", "/network info"],
  ["Lena", '/canvass new "Elm raid" "4417 Larkspur Avenue"'],
  ["Lena", '/canvass blocks 1 B1 "Maple Rd 100-200"'],
  ["Lena", "/assign 1 B1 @@Ana"],
  ["Ana", "/canvass status 1"],
  ["Rosa", '/alert vans at the corner where="1420 Elm St, apt 3"'],
  ["Vera", "/reject 1 a delivery truck"],
];

/** A story line with each `@@Name` replaced by that person's id on the platform at hand. */
function withIds(line: string, idOf: (who: string) => string): string {
  return line.replace(/@@(\w+)/g, (_m, who: string) => idOf(who));
}

function leaks(texts: string[]): string[] {
  const all = texts.join("\n");
  return [...SECRETS.filter((s) => all.includes(s)), ...NAMES.filter((n) => new RegExp(`\\b${n}\\b`).test(all))];
}

/**
 * What every platform must show after the story: nothing in the group, the details privately.
 * Where answers can be ephemeral (Discord) the group needs no neutral line for a vote at all.
 */
function expectNeedToKnow(group: string[], inbox: (who: string) => string[], ephemeral = false): void {
  expect(leaks(group)).toEqual([]);
  expect(group.join("\n")).toContain(`· ${AREA} ·`);
  const countsLine = "Report #1 is still pending · confirmations: 0 of 2 · rejections: 1.";
  if (ephemeral) expect(group).not.toContain(countsLine);
  else expect(group).toContain(countsLine);
  expect(inbox("Ana").join("\n")).toContain(`You're on shift #1: Sat Dec 5, 10am at ${ADDRESS}.`);
  expect(inbox("Ana").join("\n")).toContain(`Note: ${NOTE}`);
  expect(inbox("Lena").join("\n")).toContain("1. Ana");
  expect(inbox("Lena").join("\n")).toContain("assigned to Ana");
  expect(inbox("Vera").join("\n")).toContain("Your rejection of report #1 is in");
  expect(inbox("Rosa").join("\n")).not.toContain("Vera");
}

async function appOn(adapters: PlatformAdapter[], dir: string, extra: Record<string, unknown> = {}): Promise<App> {
  const config = testConfig(dir, extra);
  const store = openStore({ path: config.database.path, key: TEST_KEY });
  const app = createApp({ config, adapters, log: silentLog, clock: new ManualClock(T0), store });
  await app.start();
  return app;
}

describe("need-to-know on every platform's fake", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it(
    "Telegram: a group reads no place, note or name; the private chats get them",
    async () => {
      const temp = tempDir("porchlight-ntk-tg-");
      const fake = await FakeTelegram.start();
      const users = new Map<string, User>(["Lena", "Ana", "Rosa", "Vera"].map((n) => [n, fake.addUser({ first_name: n, language_code: "en" })]));
      const group = fake.addGroup({ title: "Eastside", memberIds: [...users.values()].map((u) => u.id) });
      const config = configSchema.parse({ database: { path: `${temp.dir}/porchlight.db` }, telegram: { token: fake.token, apiRoot: fake.apiRoot } });
      const store = openStore({ path: config.database.path, key: TEST_KEY });
      const adapters = await buildPlatformAdapters(config, silentLog);
      // The story posts more in one group than Telegram's 20 a minute, faster than a real group
      // would; this fake does not enforce the limit, so the pacer is told the group may take it.
      for (const a of adapters) Object.assign(a, { pacing: { ...a.pacing, perChat: { limit: 1000, windowMs: 60_000 } } });
      const app = createApp({ config, adapters, log: silentLog, clock: new ManualClock(T0), store });
      await app.start();
      cleanups.push(async () => {
        await app.stop({ flush: true });
        await fake.close();
        temp.cleanup();
      });
      const botTexts = (chat: number) =>
        fake.messages(chat).flatMap((m) => (m.from?.id === fake.bot.id && "text" in m && m.text ? [m.text] : []));
      for (const u of users.values()) {
        fake.pressStart(u);
        await eventually(() => expect(botTexts(u.id).length).toBeGreaterThan(0));
      }
      for (const [who, line] of STORY) {
        const sent = fake.userSends(group.chat.id, users.get(who)!, withIds(line, (n) => String(users.get(n)!.id)));
        await eventually(() => expect(fake.messages(group.chat.id).some((m) => m.from?.id === fake.bot.id && m.message_id > sent.message_id)).toBe(true), 15_000);
        await app.delivery.flush(10_000);
      }
      expectNeedToKnow(botTexts(group.chat.id), (who) => botTexts(users.get(who)!.id));
    },
    TIMEOUT,
  );

  it(
    "Discord: a channel reads no place, note or name; ephemeral replies carry them to whoever asked",
    async () => {
      const fake = await FakeDiscord.start();
      const guild = fake.state.addGuild("Eastside Rapid Response");
      const channel = fake.state.addTextChannel(guild.id, "general");
      const users = new Map<string, FakeUser>();
      for (const name of ["Lena", "Ana", "Rosa", "Vera"]) {
        const u = fake.state.addUser(name.toLowerCase());
        u.global_name = name;
        fake.state.addMember(guild.id, u.id);
        users.set(name, u);
      }
      const temp = tempDir("porchlight-ntk-dc-");
      const config = testConfig(temp.dir, { discord: { token: fake.token, applicationId: fake.applicationId, guilds: [guild.id], apiBase: fake.apiBase } });
      const app = await appOn(await buildPlatformAdapters(config, silentLog), temp.dir, {
        discord: { token: fake.token, applicationId: fake.applicationId, guilds: [guild.id], apiBase: fake.apiBase },
      });
      cleanups.push(async () => {
        await app.stop({ flush: true });
        await fake.close();
        temp.cleanup();
      });
      const slash = (user: FakeUser, ch: FakeChannel, line: string) => {
        const [name = "", ...words] = line.replace(/^\//, "").split(" ");
        const command = (fake.state.guildCommands.get(guild.id) ?? []).find((c) => c.name === name);
        if (!command) throw new Error(`/${name} is not registered`);
        type Opt = { type: number; name: string; options?: Opt[] };
        const sub = ((command.options ?? []) as Opt[]).find((o) => o.type === 1 && o.name === words[0]);
        if (sub) words.shift();
        const rest = words.join(" ");
        const options: SlashOption[] = rest ? [{ type: 3, name: "args", value: rest }] : [];
        return fake.slashCommand(user, ch, { name, options: sub ? [{ type: 1, name: sub.name, options }] : options });
      };
      for (const [who, line] of STORY) {
        const user = users.get(who)!;
        const before = fake.textsSeenBy(channel.id, user.id).length;
        slash(user, channel, withIds(line, (n) => users.get(n)!.id));
        await eventually(() => expect(fake.textsSeenBy(channel.id, user.id).length).toBeGreaterThan(before), 15_000);
        await app.delivery.flush(10_000);
      }
      const seenBy = (who: string) => [...fake.textsSeenBy(channel.id, users.get(who)!.id), ...fake.dmTexts(users.get(who)!.id)];
      expectNeedToKnow(fake.publicTexts(channel.id), seenBy, true);
      // Answered ephemerally, so nothing about them went by DM.
      expect(fake.dmTexts(users.get("Ana")!.id).join("\n")).not.toContain(ADDRESS);
    },
    TIMEOUT,
  );

  it(
    "Matrix: an unencrypted room reads no place, note or name; the direct rooms get them",
    async () => {
      const hs = await FakeHomeserver.start();
      const bot = hs.createUser("porchlight", "Porchlight");
      const people = new Map<string, Session>(["Lena", "Ana", "Rosa", "Vera"].map((n) => [n, hs.createUser(n.toLowerCase(), n)]));
      const room = hs.createRoom(people.get("Lena")!.userId, { name: "Eastside", members: [bot.userId, ...[...people.values()].map((p) => p.userId)] });
      const temp = tempDir("porchlight-ntk-mx-");
      const adapter = createMatrixAdapter(
        { homeserverUrl: hs.url, accessToken: bot.accessToken, encryption: false, pacing: { perWindow: 1000, refillMs: 1 }, syncTimeoutMs: 2000, sendTimeoutMs: 2000, syncBackoffMs: { min: 20, max: 200 } },
        { log: silentLog },
      );
      const app = await appOn([adapter], temp.dir);
      cleanups.push(async () => {
        await app.stop({ flush: true });
        await hs.close();
        temp.cleanup();
      });
      const botBodies = (r: string) => hs.events(r).filter((e) => e.sender === bot.userId && e.state_key === undefined).map((e) => String(e.content.body ?? ""));
      for (const [who, line] of STORY) {
        const before = botBodies(room).length;
        hs.sendText(room, people.get(who)!.userId, `!pl ${withIds(line, (n) => people.get(n)!.userId).slice(1)}`);
        await eventually(() => expect(botBodies(room).length).toBeGreaterThan(before), 15_000);
        await app.delivery.flush(10_000);
      }
      const inbox = (who: string) => hs.directRooms(bot.userId, people.get(who)!.userId).flatMap(botBodies);
      expectNeedToKnow(botBodies(room), inbox);
    },
    TIMEOUT,
  );

  it(
    "Matrix: an encrypted room shows its members the exact place, the note and the roster, as ciphertext on the server",
    async () => {
      const hs = await FakeHomeserver.start();
      const bot = hs.createUser("porchlight", "Porchlight");
      const alice = hs.createUser("alice", "Alice");
      const room = hs.createRoom(alice.userId, { name: "Eastside", members: [bot.userId], encrypted: true });
      const device = await OlmDevice.start(hs.url, alice);
      const temp = tempDir("porchlight-ntk-mxe-");
      const adapter = createMatrixAdapter(
        { homeserverUrl: hs.url, accessToken: bot.accessToken, encryption: true, pacing: { perWindow: 1000, refillMs: 1 }, syncTimeoutMs: 2000, sendTimeoutMs: 2000, syncBackoffMs: { min: 20, max: 200 } },
        { log: silentLog },
      );
      const app = await appOn([adapter], temp.dir);
      cleanups.push(async () => {
        await app.stop({ flush: true });
        device.close();
        await hs.close();
        temp.cleanup();
      });
      const fromBot = () => hs.events(room).filter((e) => e.sender === bot.userId && e.state_key === undefined);
      const story = [
        "/network create Eastside",
        "/network tz America/Chicago",
        "/role grant Alice lead",
        `/shift new sat 10am 2h "${ADDRESS}" 2 ${NOTE} area="${AREA}"`,
        "/shifts",
        "/signup 1",
        "/roster 1",
      ];
      for (const line of story) {
        const before = fromBot().length;
        await device.sendText(room, [alice.userId, bot.userId], `!pl ${line.slice(1)}`);
        await eventually(() => expect(fromBot().length).toBeGreaterThan(before), 30_000);
        await app.delivery.flush(10_000);
      }
      expect(new Set(fromBot().map((e) => e.type))).toEqual(new Set(["m.room.encrypted"]));
      expect(JSON.stringify(hs.events(room))).not.toContain("Hollowell");
      await device.sync();
      const read = (await Promise.all(fromBot().map(async (e) => String((await device.decrypt(e))?.body ?? "")))).join("\n");
      expect(read).toContain(`· ${ADDRESS} ·`);
      expect(read).toContain(`Note: ${NOTE}`);
      expect(read).toContain(`You're on shift #1: Sat Dec 5, 10am at ${ADDRESS}.`);
      expect(read).toContain("1. Alice");
    },
    TIMEOUT,
  );
});
