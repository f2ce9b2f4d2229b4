import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CommandMenuEntry } from "../../src/core/port.js";
import { type TelegramTestbed, makeTestbed } from "./harness.js";

const MENU: CommandMenuEntry[] = [
  { name: "signup", esName: "apuntarme", description: { en: "Sign up for a shift", es: "Apuntarme a un turno" }, usage: "/signup <shift>" },
  { name: "help", description: { en: "What I can do", es: "Qué puedo hacer" }, usage: "/help" },
  { name: "Bad-Name", description: { en: "refused by Telegram", es: "rechazado" }, usage: "" },
];

describe("telegram command menu", () => {
  let t: TelegramTestbed;
  beforeEach(async () => {
    t = await makeTestbed();
    await t.adapter.start(t.host);
  });
  afterEach(() => t.close());

  it("stores the menu for the default, group and private scopes in English and Spanish", async () => {
    await t.adapter.publishCommands!(MENU);
    for (const scope of ["default", "all_group_chats", "all_private_chats"]) {
      expect(t.fake.commands(scope)).toEqual([
        { command: "signup", description: "Sign up for a shift" },
        { command: "help", description: "What I can do" },
      ]);
      expect(t.fake.commands(scope, "es")).toEqual([
        { command: "apuntarme", description: "Apuntarme a un turno" },
        { command: "help", description: "Qué puedo hacer" },
      ]);
    }
  });

  it("replaces an earlier menu", async () => {
    await t.adapter.publishCommands!(MENU);
    await t.adapter.publishCommands!([MENU[1]!]);
    expect(t.fake.commands("all_group_chats")).toEqual([{ command: "help", description: "What I can do" }]);
  });
});
