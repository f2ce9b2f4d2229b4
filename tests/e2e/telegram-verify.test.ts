import type { Message } from "grammy/types";
import { afterEach, describe, expect, it } from "vitest";
import { eventually } from "../contract/adapter-contract.js";
import { startTelegramApp } from "../support/telegram-app.js";
import { T0, } from "../support/app.js";

/**
 * Checking an alert on Telegram as members do: the real app and adapter against the fake Bot API,
 * a verified alert broadcast to the group, then the very text forwarded or pasted to the bot
 * privately, as it is and changed.
 */
describe("checking an alert on Telegram, end to end", () => {
  let close = async () => {};
  afterEach(async () => close());

  it("answers a forwarded alert as genuine word for word, and a changed copy as not genuine", async () => {
    const tg = await startTelegramApp("porchlight-tg-verify-");
    const { fake, app } = tg;
    close = tg.close;
    const [lena, ana, ben, zoe] = ["Lena", "Ana", "Ben", "Zoe"].map((first_name) => fake.addUser({ first_name, language_code: "en" }));
    const group = fake.addGroup({ title: "Eastside rapid response", memberIds: [lena!.id, ana!.id, ben!.id] });
    const fromBot = (m: Message) => m.from?.id === fake.bot.id;
    const botTexts = (chat: number) => fake.messages(chat).flatMap((m) => (fromBot(m) && "text" in m && m.text ? [m.text] : []));
    const say = async (chat: number, who: typeof lena, text: string) => {
      const sent = fake.userSends(chat, who!, text);
      await eventually(() => expect(fake.messages(chat).some((m) => fromBot(m) && m.message_id > sent.message_id)).toBe(true));
      await app.delivery.flush(10_000);
    };
    for (const who of [lena, ana, ben, zoe]) fake.pressStart(who!);
    await say(group.chat.id, lena, "/network create Eastside");
    for (const who of [ana, ben]) await say(group.chat.id, who, "/network info");
    for (const who of [ana, ben]) await say(group.chat.id, lena, `/role grant ${who!.id} verifier`);
    await say(group.chat.id, lena, '/alert vans and agents where="1420 Elm St" size=4');
    await say(group.chat.id, ana, "/confirm 1");
    await say(group.chat.id, ben, "/confirm 1");
    const alert = await eventually(() => {
      const found = botTexts(group.chat.id).find((x) => x.startsWith("🚨 VERIFIED ALERT #1"));
      expect(found).toBeDefined();
      return found!;
    });
    expect(alert).toContain("\nHow many: 4\nWhere: Elm St\n");
    expect(alert).not.toContain("1420");

    const forward = (text: string, messageId: number) =>
      fake.injectUpdate({
        update_id: 0,
        message: {
          message_id: messageId,
          date: Math.floor(T0 / 1000),
          chat: { id: zoe!.id, type: "private", first_name: "Zoe" },
          from: zoe,
          text,
          forward_origin: { type: "hidden_user", sender_user_name: "Someone", date: 1 },
        },
      } as unknown as Parameters<typeof fake.injectUpdate>[0]);
    const answerTo = async (messageId: number) =>
      eventually(() => {
        const answer = fake.messages(zoe!.id).find((m) => fromBot(m) && m.message_id > messageId && "text" in m && (m.text ?? "").match(/^(✅|❌|❓)/));
        expect(answer).toBeDefined();
        return (answer as { text: string }).text;
      });
    forward(alert, 90001);
    const genuine = await answerTo(0);
    expect(genuine.split("\n")[0]).toBe("✅ Genuine, word for word: this is alert #1 of Eastside, signed Tue Dec 1, 12pm.");
    expect(genuine).toMatch(/\nNetwork: Eastside · key [0-9A-F ]{39}\n/);
    expect(genuine).toContain("\n🚨 Status: alert #1 is active, valid until Tue Dec 1, 4pm.");
    expect(genuine).not.toContain("1420");

    const seen = fake.messages(zoe!.id).length;
    const last = fake.messages(zoe!.id)[seen - 1]!.message_id;
    await say(zoe!.id, zoe, alert.replace("How many: 4", "How many: 40"));
    const changed = await answerTo(last);
    expect(changed.split("\n")[0]).toMatch(/^❌ NOT genuine: 1\.1\.0-[A-Z0-9]{10} is a real code of alert #1 of Eastside, but the text you sent is not what was signed \(it differs at “40”\)\./);
  }, 90_000);
});
