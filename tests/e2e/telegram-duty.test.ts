import type { Message, User } from "grammy/types";
import { afterEach, describe, expect, it } from "vitest";
import { configSchema } from "../../src/config/schema.js";
import { ManualClock } from "../../src/core/clock.js";
import { type App, buildPlatformAdapters, createApp } from "../../src/main.js";
import { openStore } from "../../src/store/open.js";
import { eventually } from "../contract/adapter-contract.js";
import { FakeTelegram } from "../fakes/telegram/index.js";
import { silentLog, T0, TEST_KEY, tempDir } from "../support/app.js";

/**
 * The on-call rota on Telegram, end to end: the real app and adapter against the fake Bot API, on
 * a manual clock. Vera holds tonight's verifier duty shift; Ana reports at 3 a.m. in the members'
 * group; only Vera is paged, privately, with buttons; nobody answers; three minutes later the
 * report goes to Vic and the verifiers' group (a plain Telegram group: street only, no names) and
 * Lena, the lead, hears of the gap; Vic presses "I'm going", then confirms from the scene. Every
 * assertion reads what the platform holds, per chat and per person.
 */

/** Wed 2 Dec 2026, 03:00 in Los Angeles. */
const THREE_AM = Date.UTC(2026, 11, 2, 11, 0);
const MIN = 60_000;

describe("the on-call rota on Telegram", () => {
  let close = async () => {};
  afterEach(async () => close());

  it("pages the verifier on duty by private message, escalates, dispatches and confirms on the scene", async () => {
    const temp = tempDir("porchlight-tg-duty-");
    const fake = await FakeTelegram.start();
    const config = configSchema.parse({ database: { path: `${temp.dir}/porchlight.db` }, telegram: { token: fake.token, apiRoot: fake.apiRoot } });
    const clock = new ManualClock(T0);
    const app: App = createApp({
      config,
      adapters: await buildPlatformAdapters(config, silentLog),
      log: silentLog,
      clock,
      store: openStore({ path: config.database.path, key: TEST_KEY }),
    });
    await app.start();
    close = async () => {
      await app.stop({ flush: true });
      await fake.close();
      temp.cleanup();
    };
    const [lena, vera, vic, ana, cruz, dora] = ["Lena", "Vera", "Vic", "Ana", "Cruz", "Dora"].map((first_name) =>
      fake.addUser({ first_name, language_code: "en" }),
    ) as [User, User, User, User, User, User];
    const everyone = [lena.id, vera.id, vic.id, ana.id, cruz.id, dora.id];
    const main = fake.addGroup({ title: "Eastside members", memberIds: everyone }).chat.id;
    const north = fake.addGroup({ title: "Eastside north", memberIds: everyone }).chat.id;
    const south = fake.addGroup({ title: "Eastside south", memberIds: everyone }).chat.id;
    const verif = fake.addGroup({ title: "Eastside verifiers", memberIds: [lena.id, vera.id, vic.id] }).chat.id;
    const fromBot = (m: Message) => m.from?.id === fake.bot.id;
    const bot = (chat: number) => fake.messages(chat).filter(fromBot);
    const texts = (chat: number) => bot(chat).flatMap((m) => ("text" in m && m.text ? [m.text] : []));
    const settle = async () => {
      await app.delivery.flush(10_000);
    };
    const say = async (chat: number, who: User, text: string) => {
      const sent = fake.userSends(chat, who, text);
      await eventually(() => expect(bot(chat).some((m) => m.message_id > sent.message_id)).toBe(true));
      await settle();
    };
    const tick = async () => {
      app.scheduler.runOnce();
      await settle();
    };
    for (const who of [lena, vera, vic, ana, cruz, dora]) fake.pressStart(who);
    await eventually(() => expect(texts(ana.id)).toHaveLength(1));

    await say(main, lena, "/network create Eastside");
    await say(main, lena, "/network tz America/Los_Angeles");
    for (const who of [vera, vic, ana, cruz, dora]) await say(main, who, "/network info");
    await say(main, lena, `/role grant ${lena.id} lead`);
    for (const who of [vera, vic]) await say(main, lena, `/role grant ${who.id} verifier`);
    await say(main, lena, "/network invite");
    const code = /\/network link (\S+)/.exec(texts(lena.id).join("\n"))?.[1];
    await say(verif, lena, `/network link ${code}`);
    await say(verif, lena, "/network verifiers");
    // Two zones, a group for each, and a subscriber for each.
    await say(main, lena, "/zone add North");
    await say(main, lena, "/zone add South");
    for (const [group, zone] of [[north, "North"], [south, "South"]] as const) {
      await say(main, lena, "/network invite");
      const invite = /\/network link (\S+)/.exec(texts(lena.id).at(-1) ?? "")?.[1];
      await say(group, lena, `/network link ${invite}`);
      await say(group, lena, `/zone link ${zone}`);
    }
    await say(cruz.id, cruz, "/alerts on North");
    await say(dora.id, dora, "/alerts on South");
    await say(main, lena, '/shift new 2026-12-01 22:00 12h "Hotline phone" 1 role=verifier');
    expect(texts(main).at(-1)).toMatch(/^Shift #1 posted: verifier duty · Tue Dec 1, 10pm–10am next day/);
    await say(main, ana, "/signup 1");
    expect(texts(main).at(-1)).toBe("Shift #1 is a duty shift for verifiers: only they can sign up. If you should have the role, ask an admin.");
    await say(main, vera, "/signup 1");
    await eventually(() => expect(texts(vera.id).some((m) => m.startsWith("You're on shift #1: Tue Dec 1, 10pm at Hotline phone."))).toBe(true));

    // 3 a.m.: Ana reports in the members' group.
    clock.set(THREE_AM);
    await tick();
    const before = { north: texts(north).length, main: texts(main).length, verif: texts(verif).length, vera: texts(vera.id).length, vic: texts(vic.id).length, lena: texts(lena.id).length, ana: texts(ana.id).length };
    await say(north, ana, '/alert 2 vans, agents knocking where="1420 Elm St, apt 3" size=4');
    expect(texts(north).slice(before.north)[0]).toBe(
      "Report #1 received. 1 verifier on duty is checking it now; nothing goes out to the network until 2 verifiers confirm it. You will hear back privately, whatever they decide.",
    );
    const question = await eventually(() => {
      const found = bot(north).find((m) => "text" in m && (m.text ?? "").startsWith("Which zone is report #1 in?"));
      expect(found).toBeDefined();
      return found!;
    });
    fake.pressButton(north, question.message_id, ana, "North");
    await eventually(() => expect(texts(north)).toContain("Report #1 is in zone North. If it's confirmed, the alert goes to that zone's chats and to the chats for the whole network."));
    await settle();
    await eventually(() => expect(texts(ana.id).slice(before.ana)).toEqual([expect.stringMatching(/^If you safely can, add uniform or agency, vehicles or plate, and when:/)]));
    const page = await eventually(() => {
      const found = bot(vera.id).find((m) => "text" in m && m.text?.startsWith("🔎 REPORT #1"));
      expect(found).toBeDefined();
      return found!;
    });
    expect("text" in page && page.text).toContain("Where: 1420 Elm St, apt 3");
    expect((page.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text)).toEqual(["Confirm #1", "Reject #1", "Unsure #1", "I'm going #1"]);
    // Nobody else has it yet.
    expect(texts(verif)).toHaveLength(before.verif);
    expect(texts(vic.id)).toHaveLength(before.vic);

    // Nobody answers: after three minutes it goes to everyone who verifies, and the lead hears once.
    clock.advance(2 * MIN);
    await tick();
    expect(texts(verif)).toHaveLength(before.verif);
    clock.advance(MIN);
    await tick();
    await eventually(() => expect(texts(verif).slice(before.verif).some((m) => m.startsWith("🔎 REPORT #1"))).toBe(true));
    const groupCard = texts(verif).slice(before.verif).find((m) => m.startsWith("🔎 REPORT #1"))!;
    // A plain Telegram group: the street, never the house.
    expect(groupCard).toContain("Where: Elm St");
    expect(groupCard).not.toContain("1420");
    const vicCard = await eventually(() => {
      const found = bot(vic.id).find((m) => "text" in m && m.text?.startsWith("🔎 REPORT #1"));
      expect(found).toBeDefined();
      return found!;
    });
    expect("text" in vicCard && vicCard.text).toContain("Where: 1420 Elm St, apt 3");
    await eventually(() => expect(texts(lena.id).filter((m) => m.startsWith("⚠️ Duty rota gap: report #1"))).toHaveLength(1));
    expect(texts(main).slice(before.main)).toEqual([]);

    // Vic presses "I'm going" in his private chat: the group reads "a verifier", Vera reads "Vic".
    fake.pressButton(vic.id, vicCard.message_id, vic, "I'm going #1");
    await eventually(() => expect(texts(verif)).toContain("🚶 Report #1 is taken: a verifier is going to see."));
    await eventually(() => expect(texts(vera.id)).toContain("🚶 Report #1 is taken: Vic is going to see."));
    await settle();
    await say(vic.id, vic, "/confirm 1");
    fake.pressButton(vera.id, page.message_id, vera, "Confirm #1");
    const alert = await eventually(() => {
      const found = texts(main).find((m) => m.startsWith("🚨 VERIFIED ALERT #1"));
      expect(found).toBeDefined();
      return found!;
    });
    expect(alert).toContain("\nWhere: Elm St\n");
    expect(alert).toContain("\nChecked on the scene by a verifier.\n");
    expect(alert).not.toContain("1420");
    await eventually(() => expect(texts(ana.id)).toContain("Your report #1 was confirmed by verifiers and has gone out to the network as alert #1. You are not named in it. Thank you."));
    // Zone North: its group, the network-wide groups and its subscriber; South's group and subscriber nothing.
    const isAlert = (m: string) => m.startsWith("🚨 VERIFIED ALERT #1");
    await eventually(() => expect(texts(cruz.id).filter(isAlert)).toEqual([alert]));
    expect(texts(north).filter(isAlert)).toEqual([alert]);
    expect(texts(verif).filter(isAlert)).toHaveLength(1);
    expect(texts(south).filter(isAlert)).toEqual([]);
    expect(texts(dora.id).some((m) => m.includes("#1"))).toBe(false);
    // Need-to-know, per chat and per person.
    for (const who of [cruz, dora]) {
      const said = texts(who.id).join("\n");
      expect(said).not.toMatch(/\bAna\b|\bVera\b|\bVic\b/);
      expect(said).not.toContain("1420");
    }
    for (const chat of [main, verif, north, south]) {
      const said = texts(chat).join("\n");
      expect(said).not.toMatch(/\bAna\b/);
      expect(said).not.toMatch(/\bVera\b|\bVic\b/);
    }
    for (const who of [vera, vic, lena]) expect(texts(who.id).join("\n")).not.toMatch(/\bAna\b/);
    expect(texts(lena.id).join("\n")).not.toContain("1420");

    // The lead, privately, reads each zone's groups by their titles; a member, even privately, counts.
    // (Not asked again in the members' group: by now the bot has posted 20 messages there within a
    // wall-clock minute, so Telegram's per-group pacing holds a 21st for up to a minute, past
    // `say`'s wait. It is not lost; tests/e2e/telegram-repeat.test.ts answers repeats in a group.)
    await say(lena.id, lena, "/network info");
    expect(texts(lena.id).at(-1)).toContain("\n  North: Eastside north\n  South: Eastside south\n  whole network (every zone): Eastside members, Eastside verifiers\n");
    await say(cruz.id, cruz, "/network info");
    expect(texts(cruz.id).at(-1)).toContain("\n  North: 1 chat\n  South: 1 chat\n  whole network (every zone): 2 chats\n");
    expect(texts(cruz.id).at(-1)).not.toContain("Eastside north");
  }, 90_000);
});
