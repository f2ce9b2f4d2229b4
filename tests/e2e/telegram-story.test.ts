import type { Message, User } from "grammy/types";
import { afterEach, describe, expect, it } from "vitest";
import { configSchema } from "../../src/config/schema.js";
import { ManualClock } from "../../src/core/clock.js";
import { type App, buildPlatformAdapters, createApp } from "../../src/main.js";
import { openStore } from "../../src/store/open.js";
import { eventually } from "../contract/adapter-contract.js";
import { type FakeChat, FakeTelegram } from "../fakes/telegram/index.js";
import { T0, TEST_KEY, silentLog, tempDir } from "../support/app.js";

/**
 * The core's shift story end to end on Telegram: the real app (store, core, delivery, scheduler)
 * with the real Telegram adapter built by the adapter factory from a configuration, against the
 * fake Bot API. People act through the fake; every assertion reads what the platform holds.
 */

const HOUR = 3_600_000;
/** Saturday 5 Dec 2026, 10:00 in America/Chicago: the shift "sat 10am" posted at T0. */
const SHIFT_START = Date.UTC(2026, 11, 5, 16, 0);
const NOT_ENCRYPTED = "is not end-to-end encrypted";
const STORY_TIMEOUT_MS = 90_000;

/** A Telegram group of three with the running app pointed at the fake. */
interface Story {
  fake: FakeTelegram;
  app: App;
  clock: ManualClock;
  lena: User;
  ana: User;
  ben: User;
  group: FakeChat;
  /** `from` types `text` in a chat; resolves once the bot posted `replies` messages after it. */
  say(chat: number, from: User, text: string, replies?: number): Promise<Message[]>;
  /** Texts the bot posted in a chat, oldest first. */
  botTexts(chat: number): string[];
  close(): Promise<void>;
}

async function startStory(): Promise<Story> {
  const temp = tempDir("porchlight-tg-story-");
  const fake = await FakeTelegram.start();
  const lena = fake.addUser({ first_name: "Lena", last_name: "Ortiz", language_code: "en" });
  const ana = fake.addUser({ first_name: "Ana", last_name: "Reyes", language_code: "en" });
  const ben = fake.addUser({ first_name: "Ben", last_name: "Okafor", language_code: "en" });
  const group = fake.addGroup({ title: "Eastside rapid response", memberIds: [lena.id, ana.id, ben.id] });
  const config = configSchema.parse({
    database: { path: `${temp.dir}/porchlight.db` },
    telegram: { token: fake.token, apiRoot: fake.apiRoot },
  });
  const clock = new ManualClock(T0);
  const store = openStore({ path: config.database.path, key: TEST_KEY });
  const app = createApp({ config, adapters: await buildPlatformAdapters(config, silentLog), log: silentLog, clock, store });
  await app.start();

  const fromBot = (m: Message) => m.from?.id === fake.bot.id;
  const botTexts = (chat: number) => fake.messages(chat).flatMap((m) => (fromBot(m) && "text" in m && m.text ? [m.text] : []));
  return {
    fake,
    app,
    clock,
    lena,
    ana,
    ben,
    group,
    botTexts,
    async say(chat, from, text, replies = 1) {
      const sent = fake.userSends(chat, from, text);
      const answers = await eventually(() => {
        const after = fake.messages(chat).filter((m) => fromBot(m) && m.message_id > sent.message_id);
        expect(after.length).toBeGreaterThanOrEqual(replies);
        return after;
      });
      await app.delivery.flush(10_000);
      return answers;
    },
    async close() {
      await app.stop({ flush: true });
      await fake.close();
      temp.cleanup();
    },
  };
}

/** The text of a message the bot holds, after any edits. */
function textOf(m: Message | undefined): string {
  return m && "text" in m ? (m.text ?? "") : "";
}

/** Button labels on a message as the platform shows it. */
function labels(m: Message): string[] {
  return (m.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text);
}

/** What people typed in a chat (the bot's messages left out). */
function typedBy(fake: FakeTelegram, chat: number): string {
  return fake
    .messages(chat)
    .filter((m) => m.from && !m.from.is_bot)
    .map(textOf)
    .join("\n");
}

/** Name parts of `people` that appear in the bot's messages of `chat` though nobody typed them there. */
function leakedNames(s: Story, chat: number, people: User[]): string[] {
  const typed = typedBy(s.fake, chat).toLowerCase();
  const said = s.botTexts(chat).join("\n");
  const parts = people.flatMap((p) => [p.first_name, p.last_name ?? ""]).filter((n) => n !== "" && !typed.includes(n.toLowerCase()));
  return parts.filter((n) => new RegExp(`\\b${n}\\b`, "i").test(said));
}

/** Network "Eastside" in the group, run by Lena (admin, lead) in America/Chicago, with shift #1 of 1 place. */
async function networkWithShift(s: Story): Promise<Message> {
  const { group, lena } = s;
  s.fake.pressStart(lena);
  await eventually(() => expect(s.botTexts(lena.id)).toContain("Hi! Private messages from me will arrive in this chat."));
  const created = await s.say(group.chat.id, lena, "/network create Eastside", 2);
  expect(created.map(textOf)).toEqual([
    expect.stringMatching(/^Network “Eastside” is ready, and you are its admin\. To add another chat, send \/network invite\.\nAlert key: [0-9A-F ]{39}\. /),
    expect.stringContaining(`this Telegram chat ${NOT_ENCRYPTED}`),
  ]);
  const tz = await s.say(group.chat.id, lena, "/network tz America/Chicago");
  expect(textOf(tz[0])).toMatch(/^Time zone set to America\/Chicago\./);
  const granted = await s.say(group.chat.id, lena, '/role grant "Lena Ortiz" lead');
  // Who holds a role is not for the group: Lena hears privately.
  expect(textOf(granted[0])).toBe("Done. I've sent you the details privately.");
  await eventually(() => expect(s.botTexts(lena.id)).toContain("Lena Ortiz is now a lead."));
  const [posted] = await s.say(group.chat.id, lena, '/shift new sat 10am 2h "Elm St church" 1');
  expect(textOf(posted)).toMatch(/^Shift #1 posted: Sat Dec 5, 10am–12pm \(America\/Chicago\) · place sent privately to those signed up · 1 place\.\n/);
  expect(textOf(posted)).not.toContain("Elm St");
  expect(labels(posted!)).toEqual(["Sign up #1"]);
  return posted!;
}

describe("the shift story on Telegram, end to end", () => {
  let s: Story | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  it(
    "runs a shift from sign-up to reminder, keeping names out of the group",
    async () => {
      s = await startStory();
      const { fake, group, lena, ana, ben } = s;
      const g = group.chat.id;
      const posted = await networkWithShift(s);

      // Linking the group again, or any other command, does not repeat the encryption notice.
      const again = await s.say(g, lena, "/network link abcd1234");
      expect(textOf(again[0])).toMatch(/^This chat already belongs to the network “Eastside”/);

      // Ana signs up with the button: the press is answered without the place, the place comes
      // privately, and the shift message is redrawn.
      fake.pressStart(ana);
      await eventually(() => expect(s!.botTexts(ana.id)).toContain("Hi! Private messages from me will arrive in this chat."));
      const groupMessagesBefore = s.botTexts(g).length;
      const press = fake.pressButton(g, posted.message_id, ana, "Sign up #1");
      await eventually(() => expect(fake.callbackQuery(press)?.answer?.text).toBe("Your place on shift #1 is confirmed. I've sent you the details privately."));
      await eventually(() => expect(s!.botTexts(ana.id).some((t) => t.startsWith("You're on shift #1: Sat Dec 5, 10am at Elm St church."))).toBe(true));
      await eventually(() => expect(textOf(fake.message(g, posted.message_id))).toBe("#1 Sat Dec 5, 10am–12pm · place sent privately to those signed up · full"));
      // Full now: the buttons follow its state.
      expect(labels(fake.message(g, posted.message_id))).toEqual(["Join waitlist #1", "Cancel my place #1"]);
      expect(s.botTexts(g)).toHaveLength(groupMessagesBefore);

      // Ben signs up by command, addressed to the bot by name as Telegram groups do: waitlisted.
      // He never pressed Start, so the bot cannot write to him: the group gets the neutral line and
      // a notice with the Start link, in whichever order they land.
      const waitlisted = (await s.say(g, ben, `/signup@${fake.bot.username} 1`, 2)).map(textOf);
      expect(waitlisted).toContain("Shift #1 is full: you're on its waitlist. I've sent you the details privately.");

      // Ana cancels; Ben is promoted, told privately too.
      const afterCancel = (await s.say(g, ana, "/cancel 1")).map(textOf);
      expect(afterCancel).toContain("Done: you're off shift #1. Thanks for letting us know.");
      const notice = waitlisted.find((t) => t.includes("?start=")) ?? "";
      const link = /https:\/\/t\.me\/porchlight_test_bot\?start=([\w-]+)/.exec(notice);
      expect(link).not.toBeNull();
      for (const secret of ["Ben", "Okafor", "#1", "Elm St", "10:00", "shift"]) expect(notice).not.toContain(secret);
      expect(fake.texts(ben.id)).toEqual([]);

      // Ben opens the private chat through the link: the held promotion arrives there.
      fake.pressStart(ben, link![1]);
      const promoted =
        "Good news: a place opened on shift #1, Sat Dec 5, 10am at Elm St church. You're on it now. If you can't make it, send /cancel 1.";
      // Two messages were held for him (the waitlist details, then the promotion): both arrive.
      await eventually(() => expect(s!.botTexts(ben.id)).toHaveLength(2));
      await s.app.delivery.flush(10_000);
      await eventually(() => expect(s!.botTexts(ben.id)).toContain(promoted));
      await s.app.delivery.flush(10_000);
      expect(s.botTexts(ben.id).filter((t) => t === promoted)).toHaveLength(1);

      // Lena asks for the roster in the group: the names go to her private chat only.
      const rosterReply = await s.say(g, lena, "/roster 1");
      expect(textOf(rosterReply[0])).toBe("I've sent you the details in a private message.");
      const roster = await eventually(() => {
        const found = s!.botTexts(lena.id).find((t) => t.startsWith("Shift #1:"));
        expect(found).toBeDefined();
        return found!;
      });
      expect(roster).toContain("1. Ben Okafor");
      expect(roster).not.toContain("Ana");
      expect(leakedNames(s, g, [lena, ana, ben])).toEqual([]);

      // 24 hours before the start, Ben (and only Ben) gets one reminder, however often the job runs.
      s.clock.set(SHIFT_START - 24 * HOUR);
      s.app.scheduler.runOnce();
      await s.app.delivery.flush(10_000);
      s.app.scheduler.runOnce();
      await s.app.delivery.flush(10_000);
      const reminders = (u: User) => s!.botTexts(u.id).filter((t) => t.startsWith("Reminder:"));
      expect(reminders(ben)).toEqual(["Reminder: your door-knocking shift #1 starts Sat Dec 5, 10am at Elm St church. If you can't make it, send /cancel 1."]);
      expect(reminders(lena)).toEqual([]);
      expect(reminders(ana)).toEqual([]);

      // The invite code goes to Lena privately, never into the group.
      const inviteReply = await s.say(g, lena, "/network invite");
      expect(textOf(inviteReply[0])).toBe("I've sent you the details in a private message.");
      const code = await eventually(() => {
        const m = /\/network link (\S+)/.exec(s!.botTexts(lena.id).find((t) => t.startsWith("Invite code")) ?? "");
        expect(m).not.toBeNull();
        return m![1]!;
      });
      expect(typedBy(fake, g) + s.botTexts(g).join("\n")).not.toContain(code);

      // A second group joins the network with the code and gets its own notice, once.
      const west = fake.addGroup({ title: "Westside rapid response", memberIds: [lena.id, ana.id] });
      const linked = await s.say(west.chat.id, lena, `/network link ${code}`, 2);
      expect(linked.map(textOf)).toEqual([
        expect.stringMatching(/^This chat is now part of the network “Eastside”\.\nAlert key: [0-9A-F ]{39}\. /),
        expect.stringContaining(`this Telegram chat ${NOT_ENCRYPTED}`),
      ]);
      const info = await s.say(west.chat.id, lena, "/network info");
      expect(textOf(info[0])).toContain("Chats: Telegram: 2 (0 end-to-end encrypted)");

      expect(s.botTexts(g).filter((t) => t.includes(NOT_ENCRYPTED))).toHaveLength(1);
      expect(s.botTexts(west.chat.id).filter((t) => t.includes(NOT_ENCRYPTED))).toHaveLength(1);
      expect(leakedNames(s, g, [lena, ana, ben])).toEqual([]);
      expect(leakedNames(s, west.chat.id, [lena, ana, ben])).toEqual([]);
    },
    STORY_TIMEOUT_MS,
  );

  it(
    "keeps the network and its shifts when the group is upgraded to a supergroup",
    async () => {
      s = await startStory();
      const { fake, group, lena, ana } = s;
      await networkWithShift(s);

      const supergroup = fake.migrateGroup(group.chat.id, lena);
      const sg = supergroup.chat.id;
      await eventually(() => expect(s!.app.services.networks.chat(`telegram:${sg}`)?.networkId).toBeDefined());

      const [list] = await s.say(sg, ana, "/shifts");
      expect(textOf(list)).toBe("Upcoming shifts (America/Chicago):\n#1 Sat Dec 5, 10am–12pm · place sent privately to those signed up · 1 of 1 place left");
      expect(labels(list!)).toEqual(["Sign up #1"]);

      const info = await s.say(sg, lena, "/network info");
      expect(textOf(info[0])).toMatch(/^Network “Eastside” \(id 1\)\nTime zone: America\/Chicago/);
      expect(textOf(info[0])).toContain("Chats: Telegram: 1 (0 end-to-end encrypted)");
      // In a plain group one's roles are not shown: they would tell everyone who the admins are.
      expect(textOf(info[0])).not.toContain("Your roles");

      // The button in the new supergroup works and redraws the list there.
      const press = fake.pressButton(sg, list!.message_id, ana, "Sign up #1");
      await eventually(() => expect(fake.callbackQuery(press)?.answer).toBeDefined());
      await eventually(() =>
        expect(textOf(fake.message(sg, list!.message_id))).toBe(
          "Upcoming shifts (America/Chicago):\n#1 Sat Dec 5, 10am–12pm · place sent privately to those signed up · full",
        ),
      );
      // The chat's record moved with it: no second encryption notice in the supergroup.
      expect(s.botTexts(sg).filter((t) => t.includes(NOT_ENCRYPTED))).toEqual([]);
    },
    STORY_TIMEOUT_MS,
  );

  // Regression: reminders were queued without a fallback chat, so a member who never pressed Start
  // had theirs held in silence, with nobody told to open the private chat.
  it(
    "points a member who never pressed Start to the Start link when a reminder is due",
    async () => {
      s = await startStory();
      const { fake, group, ana } = s;
      const posted = await networkWithShift(s);
      const press = fake.pressButton(group.chat.id, posted.message_id, ana, "Sign up #1");
      await eventually(() => expect(fake.callbackQuery(press)?.answer?.text).toMatch(/^Your place on shift #1 is confirmed/));

      s.clock.set(SHIFT_START - 24 * HOUR);
      s.app.scheduler.runOnce();
      await s.app.delivery.flush(10_000);
      const notice = s.botTexts(group.chat.id).find((t) => t.includes("?start=")) ?? "";
      const code = /\?start=([\w-]+)/.exec(notice)?.[1];
      expect(code).toBeDefined();

      fake.pressStart(ana, code);
      await eventually(() => expect(s!.botTexts(ana.id).filter((t) => t.startsWith("Reminder:"))).toHaveLength(1));
    },
    STORY_TIMEOUT_MS,
  );

  // Regression: a grant by user id posted the member's full name in a group that is not encrypted.
  it(
    "does not post a member's name in the group when a role is granted by user id",
    async () => {
      s = await startStory();
      const { group, lena, ana } = s;
      await networkWithShift(s);
      await s.say(group.chat.id, ana, "/shifts");
      await s.say(group.chat.id, lena, `/role grant ${ana.id} lead`);
      expect(leakedNames(s, group.chat.id, [ana])).toEqual([]);
    },
    STORY_TIMEOUT_MS,
  );
});
