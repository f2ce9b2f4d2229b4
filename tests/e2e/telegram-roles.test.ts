import type { Message } from "grammy/types";
import { afterEach, describe, expect, it } from "vitest";
import { eventually } from "../contract/adapter-contract.js";
import { startTelegramApp } from "../support/telegram-app.js";

/**
 * Granting roles on Telegram to the person Telegram names: by replying to their message, by a text
 * mention, never to whoever took the name without the admin seeing the account first.
 */
describe("roles on Telegram go to the account Telegram names", () => {
  let close = async () => {};
  afterEach(async () => close());

  async function world() {
    const tg = await startTelegramApp("porchlight-tg-roles-");
    const { fake, app } = tg;
    close = tg.close;
    const [lena, bea, mallory] = ["Lena", "Bea", "Vera"].map((first_name) => fake.addUser({ first_name, language_code: "en" }));
    const group = fake.addGroup({ title: "Eastside rapid response", memberIds: [lena!.id, bea!.id, mallory!.id] });
    fake.pressStart(lena!);
    const fromBot = (m: Message) => m.from?.id === fake.bot.id;
    const botTexts = (chat: number) => fake.messages(chat).flatMap((m) => (fromBot(m) && "text" in m && m.text ? [m.text] : []));
    const say = async (who: typeof lena, text: string, extra: Parameters<typeof fake.userSends>[3] = {}) => {
      const sent = fake.userSends(group.chat.id, who!, text, extra);
      await eventually(() => expect(fake.messages(group.chat.id).some((m) => fromBot(m) && m.message_id > sent.message_id)).toBe(true));
      await app.delivery.flush(10_000);
      return botTexts(group.chat.id).at(-1);
    };
    const rolesOf = (userId: number) =>
      (
        app.store.db.prepare("SELECT r.role FROM roles r JOIN persons p ON p.id = r.person_id WHERE p.user_id = ?").all(String(userId)) as {
          role: string;
        }[]
      ).map((r) => r.role);
    await say(lena, "/network create Eastside");
    /** Wait until the admin got `text` privately (a role change is told to the admin alone). */
    const toldLena = (text: string) => eventually(() => expect(botTexts(lena!.id)).toContain(text));
    return { fake, app, lena: lena!, bea: bea!, mallory: mallory!, group, say, rolesOf, botTexts, toldLena };
  }

  it("grants by replying to a message of a member who never sent a command", async () => {
    const w = await world();
    // Bea only chatted; with privacy mode on, the bot never saw it, but Telegram names her in the reply.
    const hers = w.fake.world.storeMessage(w.fake.world.mustChat(w.group.chat.id), w.bea, { text: "I can verify on weekends" });
    expect(await w.say(w.lena, "/role grant verifier", { replyTo: hers })).toBe("Done. I've sent you the details privately.");
    await w.toldLena("Bea is now a verifier.");
    expect(w.rolesOf(w.bea.id)).toEqual(["verifier"]);
  });

  it("grants by a text mention to a member who never spoke", async () => {
    const w = await world();
    const text = "/role grant Bea verifier";
    expect(await w.say(w.lena, text, { entities: [{ type: "text_mention", offset: 12, length: 3, user: w.bea }] })).toBe("Done. I've sent you the details privately.");
    await w.toldLena("Bea is now a verifier.");
    expect(w.rolesOf(w.bea.id)).toEqual(["verifier"]);
  });

  it("shows the admin privately which account holds a bare name, and grants nothing until confirmed", async () => {
    const w = await world();
    // Mallory set the display name of the planned verifier, Vera, and said something first.
    await w.say(w.mallory, "/network info");
    expect(await w.say(w.lena, "/role grant Vera verifier")).toBe("I've sent you the details in a private message.");
    expect(w.rolesOf(w.mallory.id)).toEqual([]);
    expect(w.botTexts(w.group.chat.id).join("\n")).not.toContain(String(w.mallory.id));
    const dm = await eventually(() => {
      const found = w.fake.messages(w.lena.id).find((m) => w.fake.bot.id === m.from?.id && "text" in m && m.text?.startsWith("Only a name was given"));
      expect(found).toBeDefined();
      return found!;
    });
    expect("text" in dm && dm.text).toContain(`Telegram id ${w.mallory.id}, first seen`);
    const keyboard = (dm as Message & { reply_markup?: { inline_keyboard: { text: string }[][] } }).reply_markup?.inline_keyboard;
    expect(keyboard?.flat().map((b) => b.text)).toEqual(["Confirm"]);
  });
  it("resolves an @username the bot has seen to that account, even when another member took the same name", async () => {
    const w = await world();
    const real = w.fake.addUser({ first_name: "Vera", username: "vera_r", language_code: "en" });
    await w.say(real, "/network info");
    await w.say(w.mallory, "/network info");
    // Two members are called Vera: the name is refused, the username names the real one.
    expect(await w.say(w.lena, "/role grant Vera verifier")).toContain("2 members are called “Vera”");
    const text = "/role grant @vera_r verifier";
    expect(await w.say(w.lena, text, { entities: [{ type: "mention", offset: 12, length: 7 }] })).toBe("Done. I've sent you the details privately.");
    await w.toldLena("Vera is now a verifier.");
    expect(w.rolesOf(real.id)).toEqual(["verifier"]);
    expect(w.rolesOf(w.mallory.id)).toEqual([]);
    // A username the bot never saw names no one.
    const unseen = "/role grant @nobody_here verifier";
    expect(await w.say(w.lena, unseen, { entities: [{ type: "mention", offset: 12, length: 12 }] })).toBe(
      "I don't know anyone called “@nobody_here” in this network. Mention them, or reply to one of their messages with the command, and I'll know who they are.",
    );
  });
});
