import type { Message, User } from "grammy/types";
import { afterEach, describe, expect, it } from "vitest";
import { eventually } from "../contract/adapter-contract.js";
import { startTelegramApp } from "../support/telegram-app.js";

/**
 * The same command typed again by the same person in a group is answered again: each message is
 * its own update (its own update_id, hence its own seen event and reply key), so nothing about the
 * first may swallow it. A long story that seems to lose such an answer has usually run into the
 * group's send pacing instead (Telegram: 20 messages a minute per group, counted on the wall
 * clock): the 21st message in a minute waits for a slot, well past `eventually`'s 5 seconds.
 */
describe("a command typed again in a Telegram group", () => {
  let close = async () => {};
  afterEach(async () => close());

  it("answers the same member's /network info each time, and another member's in between", async () => {
    const tg = await startTelegramApp("porchlight-tg-repeat-");
    const { fake, app } = tg;
    close = tg.close;
    const [lena, ana, ben] = ["Lena", "Ana", "Ben"].map((first_name) => fake.addUser({ first_name, language_code: "en" })) as [User, User, User];
    const main = fake.addGroup({ title: "Eastside rapid response", memberIds: [lena.id, ana.id, ben.id] }).chat.id;
    const fromBot = (m: Message) => m.from?.id === fake.bot.id;
    const botPostsSince = (sent: Message) => fake.messages(main).filter((m) => fromBot(m) && m.message_id > sent.message_id);
    const say = async (who: User, text: string) => {
      const sent = fake.userSends(main, who, text);
      await eventually(() => expect(botPostsSince(sent).length).toBeGreaterThan(0));
      await app.delivery.flush(10_000);
      return sent;
    };
    for (const who of [lena, ana, ben]) fake.pressStart(who);
    await say(lena, "/network create Eastside");

    const sent = [await say(ana, "/network info"), await say(ana, "/network info"), await say(ben, "/network info"), await say(ana, "/network info")];
    // Four commands, four distinct messages from the bot in the group, each the network's info.
    const answers = sent.map((s) => botPostsSince(s)[0]!);
    expect(new Set(answers.map((m) => m.message_id)).size).toBe(4);
    const text = (m: Message) => ("text" in m ? (m.text ?? "") : "");
    for (const answer of answers) expect(text(answer)).toMatch(/^Network “Eastside” \(id 1\)\n/);
    // Each answer is a post of its own: no earlier one was edited into another text.
    expect(botPostsSince(sent[0]!).filter((m) => text(m).startsWith("Network “Eastside”"))).toHaveLength(4);
  }, 60_000);
});
