import type { Message } from "grammy/types";
import { afterEach, describe, expect, it } from "vitest";
import { CanvassStore } from "../../src/canvass/store.js";
import { eventually } from "../contract/adapter-contract.js";
import { startTelegramApp } from "../support/telegram-app.js";

/** `/assign` on Telegram gives the block to the account Telegram names: a reply, a text mention, an @username. */
describe("canvass blocks on Telegram go to the account Telegram names", () => {
  let close = async () => {};
  afterEach(async () => close());

  it("assigns by reply, by text mention and by @username, to members who never sent a command", async () => {
    const tg = await startTelegramApp("porchlight-tg-assign-");
    const { fake, app } = tg;
    close = tg.close;
    const [lena, bea, cleo] = ["Lena", "Bea", "Cleo"].map((first_name) => fake.addUser({ first_name, language_code: "en" }));
    const dora = fake.addUser({ first_name: "Dora", username: "dora_d", language_code: "en" });
    const group = fake.addGroup({ title: "Eastside", memberIds: [lena!.id, bea!.id, cleo!.id, dora.id] });
    fake.pressStart(lena!);
    const fromBot = (m: Message) => m.from?.id === fake.bot.id;
    const say = async (text: string, extra: Parameters<typeof fake.userSends>[3] = {}, who = lena!) => {
      const sent = fake.userSends(group.chat.id, who, text, extra);
      await eventually(() => expect(fake.messages(group.chat.id).some((m) => fromBot(m) && m.message_id > sent.message_id)).toBe(true));
      await app.delivery.flush(10_000);
    };
    const holder = (code: string) => {
      const personId = new CanvassStore(app.store.db).block(1, code)?.claim?.personId;
      return personId === undefined || personId === null ? null : app.services.people.byId(personId)?.userId;
    };
    await say("/network create Eastside");
    await say("/role grant Lena lead");
    await say('/canvass new "Elm raid" "Elm & 5th"');
    await say("/canvass blocks 1 3");
    // Dora spoke once, so the bot knows her @username; Bea and Cleo never did.
    await say("/shifts", {}, dora);
    const hers = fake.world.storeMessage(fake.world.mustChat(group.chat.id), bea!, { text: "I can take a block" });
    await say("/assign 1 B1", { replyTo: hers });
    expect(holder("B1")).toBe(String(bea!.id));
    await say("/assign 1 B2 Cleo", { entities: [{ type: "text_mention", offset: 13, length: 4, user: cleo! }] });
    expect(holder("B2")).toBe(String(cleo!.id));
    await say("/assign 1 B3 @dora_d", { entities: [{ type: "mention", offset: 13, length: 7 }] });
    expect(holder("B3")).toBe(String(dora.id));
    const groupTexts = fake.messages(group.chat.id).flatMap((m) => (fromBot(m) && "text" in m && m.text ? [m.text] : []));
    expect(groupTexts).toContain("Block B1 of canvass #1 is assigned. The person who has it got the details privately, and so did you.");
    expect(groupTexts.join("\n")).not.toMatch(/Bea|Cleo|Dora/);
  });
});
