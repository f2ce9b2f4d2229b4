import type { Message, User } from "grammy/types";
import { afterEach, describe, expect, it } from "vitest";
import { eventually } from "../contract/adapter-contract.js";
import { startTelegramApp } from "../support/telegram-app.js";

/**
 * Zones on Telegram, end to end against the fake Bot API: a network with a chat per zone and a
 * network-wide group, members subscribed privately, a report whose zone is picked with a button,
 * and the alert only where it belongs; then the private copy checked with /verify.
 */
describe("zones and alerts by private message on Telegram", () => {
  let close = async () => {};
  afterEach(async () => close());

  it("aims a confirmed alert at its zone's group, the network-wide group and the zone's subscribers, and /verify checks the private copy", async () => {
    const tg = await startTelegramApp("porchlight-tg-zones-");
    const { fake, app } = tg;
    close = tg.close;
    const [lena, ana, ben, cruz, dora] = ["Lena", "Ana", "Ben", "Cruz", "Dora"].map((first_name) =>
      fake.addUser({ first_name, language_code: first_name === "Dora" ? "es" : "en" }),
    ) as User[];
    const everyone = [lena, ana, ben, cruz, dora].map((u) => u!.id);
    const main = fake.addGroup({ title: "Eastside rapid response", memberIds: everyone }).chat.id;
    const north = fake.addGroup({ title: "Eastside north", memberIds: everyone }).chat.id;
    const south = fake.addGroup({ title: "Eastside south", memberIds: everyone }).chat.id;
    const fromBot = (m: Message) => m.from?.id === fake.bot.id;
    const botTexts = (chat: number) => fake.messages(chat).flatMap((m) => (fromBot(m) && "text" in m && m.text ? [m.text] : []));
    const say = async (chat: number, who: User, text: string) => {
      const sent = fake.userSends(chat, who, text);
      await eventually(() => expect(fake.messages(chat).some((m) => fromBot(m) && m.message_id > sent.message_id)).toBe(true));
      await app.delivery.flush(10_000);
    };
    const lastText = (chat: number) => botTexts(chat).at(-1) ?? "";
    for (const who of [lena, ana, ben, cruz, dora]) fake.pressStart(who!);

    await say(main, lena!, "/network create Eastside");
    for (const group of [north, south]) {
      await say(main, lena!, "/network invite");
      const code = /\/network link (\S+)/.exec(lastText(lena!.id))![1]!;
      await say(group, lena!, `/network link ${code}`);
    }
    await say(main, lena!, "/zone add North");
    await say(main, lena!, "/zone add South");
    await say(north, lena!, "/zone link North");
    await say(south, lena!, "/zona enlazar south");
    expect(lastText(south)).toBe("This chat now gets the alerts of zone South, and those for the whole network. Alerts of other zones don't come here.");
    for (const who of [ana, ben, cruz, dora]) await say(main, who!, "/network info");
    for (const who of [ana, ben]) await say(main, lena!, `/role grant ${who!.id} verifier`);
    await say(cruz!.id, cruz!, "/alerts on North");
    expect(lastText(cruz!.id)).toBe(
      "Done: verified alerts of zone North of Eastside, and those for the whole network, will come to you here, privately on Telegram. To stop: /alerts off",
    );
    await say(dora!.id, dora!, "/avisos activar Norte");
    expect(lastText(dora!.id)).toBe("Eastside no tiene ninguna zona que se llame “Norte”. Sus zonas: North, South. No se cambió nada.");
    await say(dora!.id, dora!, "/avisos activar South");

    // The report: its zone is asked with a button, which the reporter presses.
    await say(north, cruz!, '/alert vans and agents where="1420 Elm St"');
    const question = await eventually(() => {
      const found = fake.messages(north).find((m) => fromBot(m) && "text" in m && (m.text ?? "").startsWith("Which zone is report #1 in?"));
      expect(found).toBeDefined();
      return found!;
    });
    fake.pressButton(north, question.message_id, cruz!, "North");
    await eventually(() => expect(botTexts(north)).toContain("Report #1 is in zone North. If it's confirmed, the alert goes to that zone's chats and to the chats for the whole network."));
    await app.delivery.flush(10_000);
    await say(ana!.id, ana!, "/confirm 1");
    await say(ben!.id, ben!, "/confirm 1");
    const isAlert = (x: string) => x.startsWith("🚨 VERIFIED ALERT #1") || x.startsWith("🚨 ALERTA VERIFICADA #1");
    const copy = await eventually(() => {
      const found = botTexts(cruz!.id).find(isAlert);
      expect(found).toBeDefined();
      return found!;
    });
    expect(botTexts(main).filter(isAlert)).toHaveLength(1);
    expect(botTexts(north).filter(isAlert)).toEqual([copy]);
    expect(botTexts(south).filter(isAlert)).toEqual([]);
    expect(botTexts(dora!.id).filter(isAlert)).toEqual([]);
    // Telegram private chats are not end-to-end encrypted: the street only, like the groups.
    expect(copy).toContain("\nWhere: Elm St\n");
    expect(copy).not.toContain("1420");

    await say(cruz!.id, cruz!, `/verify ${copy}`);
    expect(lastText(cruz!.id)).toMatch(/^✅ Genuine, word for word: this is alert #1 of Eastside/);
    // Nothing in any group names who gets alerts privately, or for which zone.
    for (const group of [main, north, south]) {
      expect(botTexts(group).some((x) => x.includes("Cruz") || x.includes("Dora") || /subscri/i.test(x))).toBe(false);
    }
  });
});
