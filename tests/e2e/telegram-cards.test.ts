import type { Message } from "grammy/types";
import { afterEach, describe, expect, it } from "vitest";
import { eventually } from "../contract/adapter-contract.js";
import { startTelegramApp } from "../support/telegram-app.js";

/**
 * A shift's card in the group follows its roster wherever the roster changes: a cancel from
 * `/myshifts` in a private chat, or `/cancel` typed there, redraws the card's counts and buttons as
 * a press on the card itself does.
 */
describe("a shift card follows changes made privately", () => {
  let close = async () => {};
  afterEach(async () => close());

  const textOf = (m: Message | undefined) => (m && "text" in m ? (m.text ?? "") : "");
  const labels = (m: Message | undefined) => (m?.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text);

  async function world() {
    const tg = await startTelegramApp("porchlight-tg-cards-");
    const { fake, app } = tg;
    close = tg.close;
    const [lena, ana] = ["Lena", "Ana"].map((first_name) => fake.addUser({ first_name, language_code: "en" }));
    const group = fake.addGroup({ title: "Eastside rapid response", memberIds: [lena!.id, ana!.id] });
    const fromBot = (m: Message) => m.from?.id === fake.bot.id;
    const say = async (chat: number, who: typeof lena, text: string) => {
      const sent = fake.userSends(chat, who!, text);
      await eventually(() => expect(fake.messages(chat).some((m) => fromBot(m) && m.message_id > sent.message_id)).toBe(true));
      await app.delivery.flush(10_000);
      return fake.messages(chat).filter((m) => fromBot(m) && m.message_id > sent.message_id);
    };
    fake.pressStart(lena!);
    fake.pressStart(ana!);
    await say(group.chat.id, lena, "/network create Eastside");
    await say(group.chat.id, lena, "/role grant Lena lead");
    // Ana has been in the group's network before she writes privately.
    await say(group.chat.id, ana, "/network info");
    const [card] = await say(group.chat.id, lena, '/shift new sat 10am 2h "Elm St church" 1');
    expect(labels(card)).toEqual(["Sign up #1"]);
    return { fake, app, lena: lena!, ana: ana!, group, say, card: card!, fromBot };
  }

  it("redraws the group's card after a sign-up and a cancel made in a private chat", async () => {
    const w = await world();
    const g = w.group.chat.id;
    const card = () => w.fake.message(g, w.card.message_id);
    // Ana signs up privately: the group's card shows the shift full, with its buttons for that.
    await w.say(w.ana.id, w.ana, "/signup 1");
    await eventually(async () => {
      await w.app.delivery.flush(1000);
      expect(textOf(card())).toBe("#1 Sat Dec 5, 10am–12pm · place sent privately to those signed up · full");
    });
    expect(labels(card())).toEqual(["Join waitlist #1", "Cancel my place #1"]);
    // She cancels from /myshifts in the private chat: the card has the place again.
    const [mine] = await w.say(w.ana.id, w.ana, "/myshifts");
    expect(labels(mine)).toEqual(["Cancel my place #1"]);
    w.fake.pressButton(w.ana.id, mine!.message_id, w.ana, "Cancel my place #1");
    await eventually(async () => {
      await w.app.delivery.flush(1000);
      expect(textOf(card())).toMatch(/^#1 Sat Dec 5, 10am–12pm · place sent privately to those signed up · 1 of 1 place left$/);
    });
    expect(labels(card())).toEqual(["Sign up #1"]);
    // The group was told nothing new, and its card never names Ana or the place.
    expect(textOf(card())).not.toMatch(/Ana|Elm/);
  });
});
