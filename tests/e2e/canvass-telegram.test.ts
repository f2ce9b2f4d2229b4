import type { Message, User } from "grammy/types";
import { afterEach, describe, expect, it } from "vitest";
import { eventually } from "../contract/adapter-contract.js";
import { startTelegramApp } from "../support/telegram-app.js";

/**
 * The canvass story on Telegram: the real app with the real Telegram adapter against the fake Bot
 * API. Telegram groups are not end-to-end encrypted, so the group must only ever see block ids and
 * counts; labels, the scene and contacts reach people in their private chats.
 */

const HASH = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";
const STORY_TIMEOUT_MS = 90_000;

function textOf(m: Message | undefined): string {
  if (!m) return "";
  if ("text" in m && m.text) return m.text;
  return "caption" in m ? (m.caption ?? "") : "";
}

describe("the canvass story on Telegram, end to end", () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it(
    "opens a canvass, claims and reports with buttons, records footage and shows a picture, keeping details private",
    async () => {
      const tg = await startTelegramApp("porchlight-tg-canvass-");
      const { fake, app } = tg;
      close = tg.close;
      const lena = fake.addUser({ first_name: "Lena", last_name: "Ortiz", language_code: "en" });
      const ana = fake.addUser({ first_name: "Ana", last_name: "Reyes", language_code: "en" });
      const group = fake.addGroup({ title: "Eastside rapid response", memberIds: [lena.id, ana.id] });
      const g = group.chat.id;
      const fromBot = (m: Message) => m.from?.id === fake.bot.id;
      const botMessages = (chat: number) => fake.messages(chat).filter(fromBot);
      const say = async (chat: number, from: User, text: string, replies = 1): Promise<Message[]> => {
        const sent = fake.userSends(chat, from, text);
        const answers = await eventually(() => {
          const after = botMessages(chat).filter((m) => m.message_id > sent.message_id);
          expect(after.length).toBeGreaterThanOrEqual(replies);
          return after;
        });
        await app.delivery.flush(10_000);
        return answers;
      };
      const press = async (message: Message, from: User, label: string, expected: RegExp) => {
        fake.pressButton(g, message.message_id, from, label);
        await eventually(() => expect(textOf(fake.message(g, message.message_id))).toMatch(expected));
      };

      fake.pressStart(lena);
      fake.pressStart(ana);
      await say(g, lena, "/network create Eastside", 2);
      await say(g, lena, "/network tz America/Chicago");
      const [opened] = await say(g, lena, '/canvass new "Elm raid" "Elm & 5th" deadline=72h');
      expect(textOf(opened)).toMatch(/^Canvass #1 “Elm raid” is open\.\nFootage deadline: Fri Dec 4, 6am \(3d left\)\./);
      await say(g, lena, '/canvass blocks 1 B1 "Maple Rd 100-200" B2 "Cedar Ln 1-99"');

      // Ana claims B1: the group sees the block id; the streets and scene reach her privately.
      const [claimed] = await say(g, ana, "/claim 1 B1");
      expect(textOf(claimed)).toMatch(/^Block B1 of canvass #1 is yours until Tue Dec 1, 12pm\./);
      await eventually(() => expect(botMessages(ana.id).map(textOf).join("\n")).toContain("Streets: Maple Rd 100-200\nScene: Elm & 5th"));

      // She reports with the buttons: each press redraws the same message with the next question.
      await press(claimed!, ana, "Report B1", /how many doors did you knock on\?/);
      await press(claimed!, ana, "10", /how many doors were answered\?/);
      await press(claimed!, ana, "3", /how many cameras/);
      await press(claimed!, ana, "2", /footage secured\?/);
      await press(claimed!, ana, "1", /^Thank you! Block B1 of canvass #1 reported: 10 doors, 3 answered, 2 cameras, 1 footage secured\.$/);

      // Footage is recorded from her private chat, with the owner's contact.
      const [recorded] = await say(ana.id, ana, `/footage 1 B1 ${HASH} "Ring doorbell" contact="Mrs Lopez"`);
      expect(textOf(recorded)).toMatch(/^Footage F1 recorded for block B1 of canvass #1: file 2c26b46b…6266e7ae/);

      // Status in the group: a picture with the counts as its caption and a claim button for B2.
      await say(g, lena, "/canvass status 1");
      const [photo] = fake.photos(g);
      expect(photo!.png.subarray(1, 4).toString("ascii")).toBe("PNG");
      expect(photo!.caption).toContain("Canvass #1 “Elm raid”: 2 blocks (open 1, claimed 0, reported 1, done 0).");
      expect(photo!.caption).toContain("open: B2\nreported: B1");
      expect(photo!.message.reply_markup?.inline_keyboard.flat().map((b) => b.text)).toEqual(["Claim B2"]);

      // The custody record goes to Lena privately; closing posts the summary in the group.
      const [pointer] = await say(g, lena, "/custody 1");
      expect(textOf(pointer)).toBe("I've sent you the details in a private message.");
      await eventually(() => expect(botMessages(lena.id).map(textOf).join("\n")).toContain(`sha256 ${HASH} · received by Ana Reyes`));
      const [summary] = await say(g, lena, "/canvass close 1");
      expect(textOf(summary)).toMatch(/^Canvass #1 “Elm raid” is closed\. 2 blocks/);

      const groupSaw = botMessages(g).map(textOf).join("\n");
      for (const secret of ["Maple Rd", "Cedar Ln", "Elm & 5th", "Mrs Lopez", "Ana", "Reyes", "Ring doorbell"]) {
        expect(groupSaw).not.toContain(secret);
      }
    },
    STORY_TIMEOUT_MS,
  );
});
