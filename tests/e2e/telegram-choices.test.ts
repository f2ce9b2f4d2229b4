import type { Message } from "grammy/types";
import { afterEach, describe, expect, it } from "vitest";
import { eventually } from "../contract/adapter-contract.js";
import { startTelegramApp } from "../support/telegram-app.js";

/**
 * A required choice left out on Telegram (`/role grant` replying to someone, `/lang`) is offered as an
 * inline keyboard, one button per value; pressing one completes the command as if it had been typed.
 */
describe("choices left out are offered as buttons on Telegram", () => {
  let close = async () => {};
  afterEach(async () => close());

  type Keyboard = { inline_keyboard: { text: string; callback_data?: string }[][] };
  async function world() {
    const tg = await startTelegramApp("porchlight-tg-choices-");
    const { fake, app } = tg;
    close = tg.close;
    const [lena, bea] = ["Lena", "Bea"].map((first_name) => fake.addUser({ first_name, language_code: "en" }));
    const group = fake.addGroup({ title: "Eastside rapid response", memberIds: [lena!.id, bea!.id] });
    fake.pressStart(lena!);
    const fromBot = (m: Message) => m.from?.id === fake.bot.id;
    const lastFromBot = (chat: number) => fake.messages(chat).filter(fromBot).at(-1) as (Message & { text?: string; reply_markup?: Keyboard }) | undefined;
    const say = async (who: typeof lena, text: string, extra: Parameters<typeof fake.userSends>[3] = {}) => {
      const sent = fake.userSends(group.chat.id, who!, text, extra);
      await eventually(() => expect(fake.messages(group.chat.id).some((m) => fromBot(m) && m.message_id > sent.message_id)).toBe(true));
      await app.delivery.flush(10_000);
      return lastFromBot(group.chat.id)!;
    };
    const rolesOf = (userId: number) =>
      (app.store.db.prepare("SELECT r.role FROM roles r JOIN persons p ON p.id = r.person_id WHERE p.user_id = ?").all(String(userId)) as { role: string }[]).map(
        (r) => r.role,
      );
    await say(lena, "/network create Eastside");
    return { fake, app, lena: lena!, bea: bea!, group, say, rolesOf, lastFromBot, fromBot };
  }

  it("asks which role when a reply names the member but no role is given, and the pressed role is granted", async () => {
    const w = await world();
    // Bea never sent a command; Telegram names her through the reply.
    const hers = w.fake.world.storeMessage(w.fake.world.mustChat(w.group.chat.id), w.bea, { text: "I can verify on weekends" });
    const asked = await w.say(w.lena, "/role grant", { replyTo: hers });
    expect(asked.text).toContain("You left out the role");
    const buttons = asked.reply_markup!.inline_keyboard.flat();
    expect(buttons.map((b) => b.text)).toEqual(["lead", "verifier", "admin"]);
    for (const b of buttons) expect(Buffer.byteLength(b.callback_data!, "utf8")).toBeLessThanOrEqual(64);
    expect(w.rolesOf(w.bea.id)).toEqual([]);
    w.fake.pressButton(w.group.chat.id, asked.message_id, w.lena, "verifier");
    await eventually(() => expect(w.rolesOf(w.bea.id)).toEqual(["verifier"]));
    // Someone else pressing the same keyboard is refused: granting is for admins.
    w.fake.pressButton(w.group.chat.id, asked.message_id, w.bea, "admin");
    await w.app.delivery.flush(10_000);
    expect(w.rolesOf(w.bea.id)).toEqual(["verifier"]);
  });

  it("asks which role for a text mention without a role", async () => {
    const w = await world();
    const asked = await w.say(w.lena, "/role grant Bea", { entities: [{ type: "text_mention", offset: 12, length: 3, user: w.bea }] });
    expect(asked.reply_markup!.inline_keyboard.flat().map((b) => b.text)).toEqual(["lead", "verifier", "admin"]);
    w.fake.pressButton(w.group.chat.id, asked.message_id, w.lena, "lead");
    await eventually(() => expect(w.rolesOf(w.bea.id)).toEqual(["lead"]));
  });

  it("offers the languages for /lang with none, in Spanish too, and the press switches the language", async () => {
    const w = await world();
    const asked = await w.say(w.lena, "/lang");
    expect(asked.text).toContain("You left out the language");
    // Words people read, each language in its own: not the codes typed.
    expect(asked.reply_markup!.inline_keyboard.flat().map((b) => b.text)).toEqual(["English", "Español"]);
    const press = w.fake.pressButton(w.group.chat.id, asked.message_id, w.lena, "Español");
    await eventually(() => expect(w.fake.callbackQuery(press)?.answer?.text).toContain("español"));
    const again = await w.say(w.lena, "/idioma");
    expect(again.text).toContain("Falta el idioma");
    expect(again.reply_markup!.inline_keyboard.flat().map((b) => b.text)).toEqual(["English", "Español"]);
  });

  it("names the roles in the chat's language: Spanish role words on the buttons of a Spanish chat", async () => {
    const w = await world();
    await w.say(w.lena, "/lang es");
    const hers = w.fake.world.storeMessage(w.fake.world.mustChat(w.group.chat.id), w.bea, { text: "Puedo verificar los fines de semana" });
    const asked = await w.say(w.lena, "/rol dar", { replyTo: hers });
    expect(asked.text).toContain("Falta el rol");
    const buttons = asked.reply_markup!.inline_keyboard.flat();
    expect(buttons.map((b) => b.text)).toEqual(["coordinación", "verificación", "admin"]);
    w.fake.pressButton(w.group.chat.id, asked.message_id, w.lena, "verificación");
    await eventually(() => expect(w.rolesOf(w.bea.id)).toEqual(["verifier"]));
  });

  it("does not turn typed text that looks like the bot's own mark into a button", async () => {
    const w = await world();
    const asked = await w.say(w.lena, `/role grant !${w.bea.id} x`);
    expect(asked.reply_markup).toBeUndefined();
  });
});
