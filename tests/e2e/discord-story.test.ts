/**
 * The shift story end to end on Discord: the real app (createApp) with the real Discord adapter
 * (built by buildPlatformAdapters from a validated configuration) talking through discord.js to the
 * fake Discord, on an encrypted database in a temp folder. People act as they would on Discord:
 * slash commands with options, button presses. Every assertion reads what the fake platform holds.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ChatRef } from "../../src/core/port.js";
import { ManualClock } from "../../src/core/clock.js";
import { type App, buildPlatformAdapters, createApp } from "../../src/main.js";
import { openStore } from "../../src/store/open.js";
import { eventually } from "../contract/adapter-contract.js";
import type { SlashOption } from "../fakes/discord/payloads.js";
import { FakeDiscord } from "../fakes/discord/server.js";
import { EPHEMERAL, type FakeChannel, type FakeGuild, type FakeMessage, type FakeUser } from "../fakes/discord/state.js";
import { silentLog, T0, TEST_KEY, tempDir, testConfig } from "../support/app.js";

/** Sat 5 Dec 2026, 10:00 in America/Chicago: when the story's shift starts. */
const SHIFT_START = Date.UTC(2026, 11, 5, 16, 0);
const DAY = 24 * 60 * 60 * 1000;
const NOT_ENCRYPTED = "this Discord chat is not end-to-end encrypted";

/** Three servers: Eastside and Westside are configured; "Elsewhere" is not. */
interface World {
  fake: FakeDiscord;
  app: App;
  clock: ManualClock;
  eastside: FakeGuild;
  elsewhere: FakeGuild;
  /** Eastside's group channel, where the story happens. */
  general: FakeChannel;
  /** Westside's group channel, linked later with an invite code. */
  westGeneral: FakeChannel;
  /** A channel of the server the bot is in but is not configured for. */
  elsewhereGeneral: FakeChannel;
  lena: FakeUser;
  ana: FakeUser;
  ben: FakeUser;
  /** Holds Eastside's "coordinator" role, which roleMap maps to `lead`. */
  cruz: FakeUser;
  cleanup(): Promise<void>;
}

function person(fake: FakeDiscord, name: string): FakeUser {
  const user = fake.state.addUser(name.toLowerCase());
  user.global_name = name;
  return user;
}

async function startWorld(): Promise<World> {
  const fake = await FakeDiscord.start();
  const { state } = fake;
  const eastside = state.addGuild("Eastside Rapid Response", ["coordinator"]);
  const westside = state.addGuild("Westside Rapid Response");
  const elsewhere = state.addGuild("Elsewhere");
  const general = state.addTextChannel(eastside.id, "general");
  const westGeneral = state.addTextChannel(westside.id, "general");
  const elsewhereGeneral = state.addTextChannel(elsewhere.id, "general");
  const [lena, ana, ben, cruz] = ["Lena", "Ana", "Ben", "Cruz"].map((n) => person(fake, n)) as [FakeUser, FakeUser, FakeUser, FakeUser];
  const coordinator = state.role(eastside.id, "coordinator").id;
  for (const u of [lena, ana, ben]) state.addMember(eastside.id, u.id);
  state.addMember(eastside.id, cruz.id, [coordinator]);
  state.addMember(westside.id, lena.id);
  state.addMember(elsewhere.id, ana.id);

  const temp = tempDir("porchlight-discord-story-");
  const config = testConfig(temp.dir, {
    defaults: { language: "en", timezone: "UTC" },
    discord: {
      token: fake.token,
      applicationId: fake.applicationId,
      guilds: [eastside.id, westside.id],
      apiBase: fake.apiBase,
      roleMap: { [coordinator]: "lead" },
    },
  });
  const clock = new ManualClock(T0);
  const store = openStore({ path: config.database.path, key: TEST_KEY });
  const app = createApp({ config, adapters: await buildPlatformAdapters(config, silentLog), log: silentLog, clock, store });
  try {
    await app.start();
  } catch (err) {
    await app.stop().catch(() => {});
    await fake.close();
    temp.cleanup();
    throw err;
  }
  return {
    fake,
    app,
    clock,
    eastside,
    elsewhere,
    general,
    westGeneral,
    elsewhereGeneral,
    lena,
    ana,
    ben,
    cruz,
    async cleanup() {
      await app.stop({ flush: true });
      await fake.close();
      temp.cleanup();
    },
  };
}

/** Words of a typed line, as a person would fill the fields: `"Elm St church"` is one. */
function wordsOf(line: string): string[] {
  return [...line.matchAll(/(\S+=)?"([^"]*)"|\S+/g)].map((m) => (m[2] !== undefined ? `${m[1] ?? ""}${m[2]}` : m[0]));
}

/**
 * `user` types `line` (e.g. `/shift new "sat 10am" 2h "Elm St church" 1`) in `channel`, sent the way
 * Discord sends it: an interaction naming the registered command and sub-command, each value in the
 * typed option the bot registered (a `<@id>` fills a user picker; `name=value` a named option; the
 * last option marked "…" takes the rest of the line). The command must be registered for the server.
 */
function slash(w: World, user: FakeUser, channel: FakeChannel, line: string) {
  const [name = "", ...words] = wordsOf(line.replace(/^\//, ""));
  const registered = (channel.guildId ? w.fake.state.guildCommands.get(channel.guildId) : w.fake.state.globalCommands) ?? [];
  const command = registered.find((c) => c.name === name);
  if (!command) throw new Error(`/${name} is not registered for this server`);
  type Opt = { type: number; name: string; description: string; options?: Opt[] };
  const sub = ((command.options ?? []) as Opt[]).find((o) => o.type === 1 && o.name === words[0]);
  if (sub) words.shift();
  const declared = sub ? (sub.options ?? []) : ((command.options ?? []) as Opt[]);
  const named = declared.filter((o) => o.description.startsWith(`${o.name}=`));
  const positional = declared.filter((o) => !named.includes(o));
  const options: SlashOption[] = [];
  const value = (o: Opt, word: string): SlashOption => {
    if (o.type === 6) {
      const id = /^<@!?(\d+)>$/.exec(word)?.[1];
      if (!id) throw new Error(`/${name}: ${o.name} is a user picker; write <@id>`);
      return { type: 6, name: o.name, value: id };
    }
    if (o.type === 4 && !/^-?\d+$/.test(word)) throw new Error(`/${name}: ${o.name} takes a whole number, not ${word}`);
    return { type: o.type, name: o.name, value: o.type === 4 ? Number(word) : word };
  };
  const left: string[] = [];
  for (const word of words) {
    const option = named.find((o) => word.startsWith(`${o.name}=`));
    if (option) options.push(value(option, word.slice(option.name.length + 1)));
    else left.push(word);
  }
  for (const [i, o] of positional.entries()) {
    if (left.length === 0) break;
    const rest = o.description.endsWith("…") || i === positional.length - 1;
    options.push(value(o, rest ? left.splice(0).join(" ") : left.shift()!));
  }
  if (left.length > 0) throw new Error(`/${name} takes no more than ${positional.length} values`);
  return w.fake.slashCommand(user, channel, { name, options: sub ? [{ type: 1, name: sub.name, options }] : options });
}

/** The bot's messages in a channel that start with `prefix`, as stored by the platform. */
function messagesStarting(w: World, channel: FakeChannel, prefix: string): FakeMessage[] {
  return (w.fake.state.messages.get(channel.id) ?? []).filter((m) => !m.deleted && m.content.startsWith(prefix));
}

function customIdOf(message: FakeMessage): string {
  const row = message.components[0] as { components: { custom_id: string }[] } | undefined;
  const id = row?.components[0]?.custom_id;
  if (!id) throw new Error("message has no button");
  return id;
}

const count = (texts: string[], part: string) => texts.filter((t) => t.includes(part)).length;
const ref = (channel: FakeChannel): ChatRef => `discord:${channel.id}`;

/** Wait until `user` sees a text containing `part` in `channel` (public or meant for them). */
function seen(w: World, channel: FakeChannel, user: FakeUser, part: string): Promise<string> {
  return eventually(() => {
    const found = w.fake.textsSeenBy(channel.id, user.id).find((t) => t.includes(part));
    expect(found, `${user.global_name} sees “${part}”`).toBeDefined();
    return found!;
  });
}

describe("the shift story on Discord", () => {
  let w: World;
  beforeEach(async () => {
    w = await startWorld();
  });
  afterEach(async () => {
    await w.cleanup();
  });

  it("runs from network creation to a second linked server, keeping names out of the channel", async () => {
    const { fake, general, lena, ana, ben } = w;

    // Lena creates the network; she is its admin; the channel is told once it is not encrypted.
    const create = slash(w, lena, general, "/network create Eastside");
    await seen(w, general, lena, "Network “Eastside” is ready, and you are its admin.");
    await seen(w, general, lena, NOT_ENCRYPTED);
    // Both answers are the interaction's own: its response, then a follow-up.
    expect(fake.state.messageById(create.originalMessageId ?? "")?.content).toMatch(/^Network “Eastside” is ready/);
    expect(create.followUpIds.map((id) => fake.state.messageById(id)?.content)).toEqual([expect.stringContaining(NOT_ENCRYPTED)]);
    slash(w, lena, general, "/network tz America/Chicago");
    await seen(w, general, lena, "Time zone set to America/Chicago.");
    slash(w, lena, general, `/role grant <@${lena.id}> lead`);
    await seen(w, general, lena, "Lena is now a lead.");

    // A shift of one place, with a sign-up button on the message.
    slash(w, lena, general, '/shift new "sat 10am" 2h "Elm St church" 1');
    await seen(w, general, lena, "Shift #1 posted: Sat Dec 5, 10am–12pm (America/Chicago) · place sent privately to those signed up · 1 place");
    const [card] = messagesStarting(w, general, "Shift #1 posted");
    expect(card!.flags & EPHEMERAL).toBe(0);

    // Ana presses the button: she is on it, and the message is redrawn as full: the buttons follow
    // its state (join the waitlist, or cancel one's place).
    fake.pressButton(ana, general, card!.id, customIdOf(card!));
    await seen(w, general, ana, "You're on shift #1: Sat Dec 5, 10am at Elm St church.");
    await eventually(() => {
      const redrawn = fake.state.messageById(card!.id)!;
      expect(redrawn.content).toBe("#1 Sat Dec 5, 10am–12pm · place sent privately to those signed up · full");
      const labels = (redrawn.components ?? []).flatMap((row) => (row as { components: { label: string }[] }).components.map((b) => b.label));
      expect(labels).toEqual(["Join waitlist #1", "Cancel my place #1"]);
    });

    // Ben signs up by command and waits; Ana cancels; Ben is promoted and told privately.
    slash(w, ben, general, "/signup 1");
    await seen(w, general, ben, "is full. You're number 1 on the waitlist");
    slash(w, ana, general, "/cancel 1");
    await seen(w, general, ana, "You're off shift #1 (Sat Dec 5, 10am at Elm St church).");
    expect(fake.publicTexts(general.id).join("\n")).not.toContain("Elm St");
    await eventually(() =>
      expect(fake.dmTexts(ben.id)).toEqual([
        "Good news: a place opened on shift #1, Sat Dec 5, 10am at Elm St church. You're on it now. If you can't make it, send /cancel 1.",
      ]),
    );
    expect(fake.publicTexts(general.id).join("\n")).not.toContain("Good news");

    // The roster names people: only Lena sees it (ephemeral), nobody else in the channel.
    const rosterCommand = slash(w, lena, general, "/roster 1");
    const roster = await seen(w, general, lena, "Shift #1: Sat Dec 5");
    expect(roster).toContain("1. Ben");
    expect(rosterCommand.callbackFlags).toBe(EPHEMERAL);
    expect(fake.publicTexts(general.id)).not.toContain(roster);
    expect(fake.textsSeenBy(general.id, ana.id)).not.toContain(roster);
    expect(fake.textsSeenBy(general.id, ben.id)).not.toContain(roster);

    // 24 hours before the start Ben, the only one on the shift, gets exactly one reminder.
    w.clock.set(SHIFT_START - DAY);
    w.app.scheduler.runOnce();
    await w.app.delivery.flush(10_000);
    await eventually(() => expect(count(fake.dmTexts(ben.id), "Reminder: your door-knocking shift #1")).toBe(1));
    w.app.scheduler.runOnce();
    await w.app.delivery.flush(10_000);
    expect(count(fake.dmTexts(ben.id), "Reminder:")).toBe(1);
    expect(fake.dmTexts(ana.id)).toEqual([]);
    expect(fake.dmTexts(lena.id)).toEqual([]);

    // The invite code comes privately; a second server links with it.
    slash(w, lena, general, "/network invite");
    const invite = await seen(w, general, lena, "Invite code for “Eastside”:");
    const code = /: (\S+)\n/.exec(invite)?.[1];
    expect(code).toBeDefined();
    expect(fake.publicTexts(general.id).join("\n")).not.toContain(code!);
    slash(w, lena, w.westGeneral, `/network link ${code}`);
    await seen(w, w.westGeneral, lena, "This chat is now part of the network “Eastside”.");
    await seen(w, w.westGeneral, lena, NOT_ENCRYPTED);
    const { networks } = w.app.services;
    expect(networks.chat(ref(w.westGeneral))?.networkId).toBe(networks.chat(ref(general))?.networkId);

    // Linking the first channel again is refused, and does not repeat the notice.
    slash(w, lena, general, `/network link ${code}`);
    await seen(w, general, lena, "This chat already belongs to the network “Eastside”.");
    await w.app.delivery.flush(10_000);
    expect(count(fake.publicTexts(general.id), NOT_ENCRYPTED)).toBe(1);
    expect(count(fake.publicTexts(w.westGeneral.id), NOT_ENCRYPTED)).toBe(1);

    // Nothing in the channel names Ana or Ben, nor carries anyone's user id; every message the
    // bot put there is an answer to an interaction (nothing was posted outside them).
    const channelText = fake.publicTexts(general.id).join("\n");
    expect(channelText).not.toMatch(/\b(ana|ben)\b/i);
    for (const u of [lena, ana, ben]) expect(channelText).not.toContain(u.id);
    expect(fake.state.visibleMessages(general.id).filter((m) => m.webhook_id !== fake.applicationId)).toEqual([]);
  });

  it("lets a member whose Discord role maps to lead post a shift without /role grant", async () => {
    const { general, lena, ana, cruz } = w;
    slash(w, lena, general, "/network create Eastside");
    await seen(w, general, lena, "Network “Eastside” is ready");

    slash(w, ana, general, '/shift new "sat 10am" 2h Church 3');
    await seen(w, general, ana, "Only a network lead can do that.");

    slash(w, cruz, general, '/shift new "sat 10am" 2h Church 3');
    // #1: Ana's refused attempt created nothing.
    await seen(w, general, cruz, "Shift #1 posted: Sat Dec 5, 10am–12pm (UTC) · place sent privately to those signed up · 3 places.");
  });

  it("refuses interactions from a server not in `guilds` and changes nothing", async () => {
    const { fake, general, lena, ana, elsewhereGeneral } = w;
    slash(w, lena, general, "/network create Eastside");
    await seen(w, general, lena, "Network “Eastside” is ready");
    slash(w, lena, general, '/shift new "sat 10am" 2h Church 3');
    await seen(w, general, lena, "Shift #1 posted");
    const [card] = messagesStarting(w, general, "Shift #1 posted");

    // Commands left registered there by an earlier configuration still reach the bot.
    fake.state.guildCommands.set(w.elsewhere.id, [...(fake.state.guildCommands.get(w.eastside.id) ?? [])]);
    const command = slash(w, ana, elsewhereGeneral, "/network create Rogue");
    await seen(w, elsewhereGeneral, ana, "Porchlight is not set up for this server.");
    expect(command.callbackFlags).toBe(EPHEMERAL);

    // A genuine button, pressed from the other server, is refused as well.
    const press = fake.pressButton(ana, elsewhereGeneral, card!.id, customIdOf(card!));
    await eventually(() => expect(count(fake.textsSeenBy(elsewhereGeneral.id, ana.id), "not set up for this server")).toBe(2));
    expect(press.callbackFlags).toBe(EPHEMERAL);

    expect(fake.publicTexts(elsewhereGeneral.id)).toEqual([]);
    expect(w.app.services.networks.chat(ref(elsewhereGeneral))?.networkId ?? null).toBeNull();
    slash(w, lena, general, "/shifts");
    await seen(w, general, lena, "#1 Sat Dec 5, 10am–12pm · place sent privately to those signed up · 3 of 3 places left");
    expect(fake.state.messageById(card!.id)!.content).toMatch(/^Shift #1 posted/);
  });

  // Regression, privacy (core: src/shifts/commands.ts, `signup`, `cancel` and `checkin` answer with
  // ctx.reply): on Discord a public interaction response carries the person who pressed or typed
  // (the message's interaction_metadata.user, which clients show as "Ana used …"), so everyone in a
  // channel that is not end-to-end encrypted can see who signed up for which shift, though nobody
  // typed it there. Discord can answer ephemerally (then not even the invocation shows); suggested
  // fix: a ctx.replyToAuthor() that is ephemeral where caps.ephemeral and an interaction exists.
  it("keeps who signed up for a shift out of the channel (the confirmation is ephemeral)", async () => {
    const { fake, general, lena, ana } = w;
    slash(w, lena, general, "/network create Eastside");
    await seen(w, general, lena, "Network “Eastside” is ready");
    slash(w, lena, general, '/shift new "sat 10am" 2h Church 3');
    await seen(w, general, lena, "Shift #1 posted");
    const [card] = messagesStarting(w, general, "Shift #1 posted");
    fake.pressButton(ana, general, card!.id, customIdOf(card!));
    await seen(w, general, ana, "You're on shift #1");
    const publicAnswersToAna = fake.state.visibleMessages(general.id).filter((m) => m.interaction_user_id === ana.id);
    expect(publicAnswersToAna.map((m) => m.content)).toEqual([]);
  });
  it("grants a role by user picker to a member who never used the bot, in English and Spanish", async () => {
    const { fake, general, lena, ana, ben } = w;
    slash(w, lena, general, "/network create Eastside");
    await seen(w, general, lena, "Network “Eastside” is ready");
    const rolesOf = (userId: string) =>
      (w.app.store.db.prepare("SELECT r.role FROM roles r JOIN persons p ON p.id = r.person_id WHERE p.user_id = ?").all(userId) as { role: string }[]).map(
        (r) => r.role,
      );
    // Ben never used the bot: Lena picks him in the member field (a USER option carrying his id).
    const role = fake.state.guildCommands.get(w.eastside.id)!.find((c) => c.name === "role")!;
    const grant = (role.options as { name: string; options: { name: string; type: number }[] }[]).find((o) => o.name === "grant")!;
    expect(grant.options.map((o) => [o.name, o.type])).toEqual([["member", 6], ["role", 3]]);
    fake.slashCommand(lena, general, {
      name: "role",
      options: [{ type: 1, name: "grant", options: [{ type: 6, name: "member", value: ben.id }, { type: 3, name: "role", value: "verifier" }] }],
    });
    await seen(w, general, lena, "Ben is now a verifier.");
    expect(rolesOf(ben.id)).toEqual(["verifier"]);

    // The same in Spanish: Lena switches her language; Ana, who has never spoken either, becomes a lead.
    fake.slashCommand(lena, general, { name: "lang", locale: "es-ES", options: [{ type: 3, name: "language", value: "es" }] });
    await seen(w, general, lena, "español");
    fake.slashCommand(lena, general, {
      name: "role",
      locale: "es-ES",
      options: [{ type: 1, name: "grant", options: [{ type: 6, name: "member", value: ana.id }, { type: 3, name: "role", value: "coordinacion" }] }],
    });
    await seen(w, general, lena, "Ana ahora tiene el rol de");
    expect(rolesOf(ana.id)).toEqual(["lead"]);
    // No "Only a name was given" step: the picker names the account, so there is nothing to confirm.
    expect((fake.state.messages.get(general.id) ?? []).some((m) => m.content.startsWith("Only a name was given"))).toBe(false);
  });
  it("autocompletes shift numbers from the chat's own network, showing what each is but no exact place", async () => {
    const { fake, general, lena } = w;
    slash(w, lena, general, "/network create Eastside");
    await seen(w, general, lena, "Network “Eastside” is ready");
    slash(w, lena, general, '/shift new "sat 10am" 2h "12 Elm St, back door" 3 area="Eastside church"');
    await seen(w, general, lena, "Shift #1 posted");
    slash(w, lena, general, '/shift new "sun 9am" 2h "40 Oak Ave" 3');
    await seen(w, general, lena, "Shift #2 posted");
    slash(w, lena, w.westGeneral, "/network create Westside");
    await seen(w, w.westGeneral, lena, "Network “Westside” is ready");
    slash(w, lena, w.westGeneral, '/shift new "mon 6pm" 1h "Westside hall" 2');
    await seen(w, w.westGeneral, lena, "Shift #1 posted");

    const signup = fake.state.guildCommands.get(w.eastside.id)!.find((c) => c.name === "signup")!;
    expect(signup.options).toMatchObject([{ name: "shift", type: 4, autocomplete: true }]);
    const typing = (channel: FakeChannel, typed: string, locale?: string) =>
      fake.autocomplete(lena, channel, { name: "signup", options: [{ type: 4, name: "shift", value: typed, focused: true }], ...(locale ? { locale } : {}) });
    const east = typing(general, "");
    await eventually(() => expect(east.callbacks).toEqual([8]));
    expect(east.choices).toEqual([
      { name: "#1 Sat Dec 5, 10am · Eastside church", value: 1 },
      { name: "#2 Sun Dec 6, 9am · place sent privately to those signed up", value: 2 },
    ]);
    expect(JSON.stringify(east.choices)).not.toMatch(/Elm|Oak|Westside/);
    const two = typing(general, "2", "es-ES");
    await eventually(() => expect(two.choices).toHaveLength(1));
    expect(two.choices![0]!.value).toBe(2);
    expect(two.choices![0]!.name).toMatch(/^#2 dom/);
    const west = typing(w.westGeneral, "");
    await eventually(() => expect(west.choices).toEqual([{ name: expect.stringMatching(/^#1 Mon Dec 7, 6pm · /), value: 1 }]));
    expect(JSON.stringify(west.choices)).not.toMatch(/Westside hall|Eastside/);
  });

  it("autocompletes canvass, block and report ids for those who may use them, without places in the channel", async () => {
    const { fake, general, lena, ana, ben } = w;
    slash(w, lena, general, "/network create Eastside");
    await seen(w, general, lena, "Network “Eastside” is ready");
    slash(w, lena, general, '/canvass new "Fire on 5th" "500 5th St" deadline=72h');
    await seen(w, general, lena, "#1");
    slash(w, lena, general, "/canvass blocks 1 B1 “100-200 Main St” B2");
    await seen(w, general, lena, "Canvass #1: added");
    slash(w, lena, general, `/role grant <@${ana.id}> verifier`);
    slash(w, ben, general, '/alert report "two vans, agents at the door" where="123 Oak St"');
    await seen(w, general, ben, "Report #1 received");
    await eventually(() => expect(w.app.store.db.prepare("SELECT count(*) AS n FROM roles WHERE role = 'verifier'").get()).toEqual({ n: 1 }));
    const typing = (user: FakeUser, channel: FakeChannel, name: string, options: SlashOption[], locale?: string) =>
      fake.autocomplete(user, channel, { name, options, ...(locale ? { locale } : {}) });

    const claim = fake.state.guildCommands.get(w.eastside.id)!.find((c) => c.name === "claim")!;
    expect(claim.options).toMatchObject([
      { name: "canvass", type: 4, autocomplete: true },
      { name: "block", type: 3, autocomplete: true },
    ]);
    const canvass = typing(ben, general, "claim", [{ type: 4, name: "canvass", value: "", focused: true }]);
    await eventually(() => expect(canvass.choices).toEqual([{ name: expect.stringMatching(/^#1 “Fire on 5th” · 2 blocks open of 2 · deadline /), value: 1 }]));
    // The block list of the canvass already filled in: ids and states, never the streets, in the channel.
    const blocks = typing(ben, general, "claim", [
      { type: 4, name: "canvass", value: 1 },
      { type: 3, name: "block", value: "", focused: true },
    ]);
    await eventually(() => expect(blocks.choices).toEqual([
      { name: "B1 · open", value: "B1" },
      { name: "B2 · open", value: "B2" },
    ]));
    const spanish = typing(ben, general, "claim", [{ type: 4, name: "canvass", value: 1 }, { type: 3, name: "block", value: "b2", focused: true }], "es-ES");
    await eventually(() => expect(spanish.choices).toEqual([{ name: "B2 · libre", value: "B2" }]));

    // Reports: a verifier sees the pending one by state, votes and time; never its text or place here.
    const pending = typing(ana, general, "confirm", [{ type: 4, name: "alert", value: "", focused: true }]);
    await eventually(() => expect(pending.choices).toEqual([{ name: expect.stringMatching(/^#1 · waiting for verifiers \(0 of 2\) · /), value: 1 }]));
    const enRevision = typing(ana, general, "confirm", [{ type: 4, name: "alert", value: "1", focused: true }], "es-419");
    await eventually(() => expect(enRevision.choices).toEqual([{ name: expect.stringMatching(/^#1 · en revisión \(0 de 2\) · /), value: 1 }]));
    // A member who is no verifier (an infiltrator typing in the box) is offered nothing.
    const infiltrator = typing(ben, general, "confirm", [{ type: 4, name: "alert", value: "", focused: true }]);
    await eventually(() => expect(infiltrator.callbacks).toEqual([8]));
    expect(infiltrator.choices).toEqual([]);
    const all = JSON.stringify([canvass.choices, blocks.choices, spanish.choices, pending.choices, enRevision.choices]);
    expect(all).not.toMatch(/Main St|5th St|Oak|vans|agents|Ben/);

    // Another network's chat sees none of Eastside's ids.
    slash(w, lena, w.westGeneral, "/network create Westside");
    await seen(w, w.westGeneral, lena, "Network “Westside” is ready");
    const west = typing(lena, w.westGeneral, "claim", [{ type: 4, name: "canvass", value: "", focused: true }]);
    await eventually(() => expect(west.callbacks).toEqual([8]));
    expect(west.choices).toEqual([]);
  });
});
