import { afterEach, describe, expect, it } from "vitest";
import type { ActionEvent, ChatEvent, CommandEvent } from "../../src/core/port.js";
import { eventually } from "../contract/adapter-contract.js";
import { type DiscordWorld, discordWorld } from "./harness.js";

const menu = [
  {
    name: "shift",
    esName: "turno",
    description: { en: "Door-knocking shifts", es: "Turnos de puerta en puerta" },
    usage: "",
    subcommands: [
      { name: "add", description: { en: "Add a shift", es: "Añadir un turno" }, usage: "/shift add <date> <time> [note...]" },
    ],
  },
];

const commands = (events: ChatEvent[]) => events.filter((e): e is CommandEvent => e.kind === "command");

let w: DiscordWorld;
afterEach(async () => {
  await w.close();
});

describe("slash commands reach the core", () => {
  it("as a command with args in declared order, mapped roles and the locale", async () => {
    w = await discordWorld();
    await w.adapter.publishCommands!(menu);
    await w.start();
    w.slash("shift", [{ type: 1, name: "add", options: [
      { type: 3, name: "time", value: "9 am" },
      { type: 3, name: "date", value: "may-1" },
    ] }], "es-ES");
    const [event] = await eventually(() => {
      const found = commands(w.events);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(event).toMatchObject({ name: "shift", args: 'add may-1 "9 am"', chat: w.chat, isDirect: false });
    expect(event!.author).toMatchObject({ id: w.alice.id, locale: "es-ES", roles: ["coordinator"], isBot: false });
  });

  it("from a DM as a direct command in the DM chat", async () => {
    w = await discordWorld();
    await w.start();
    const dm = w.fake.state.dmChannel(w.alice.id);
    w.fake.slashCommand(w.alice, dm, { name: "help" });
    const event = await eventually(() => {
      expect(commands(w.events)).toHaveLength(1);
      return commands(w.events)[0]!;
    });
    expect(event).toMatchObject({ isDirect: true, chat: `discord:${dm.id}` });
    expect(event.author.roles).toBeUndefined();
  });
});

describe("answering interactions", () => {
  it("an ephemeral reply is seen by the person who asked and by nobody else", async () => {
    w = await discordWorld();
    w.onEvent = async (e) => {
      if (e.kind === "command") await w.adapter.send(e.chat, { text: "only you", ephemeral: true, replyTo: e.interactionId }, "k1");
    };
    await w.start();
    const interaction = w.slash("help");
    await eventually(() => expect(w.fake.textsSeenBy(w.channel.id, w.alice.id)).toContain("only you"));
    expect(w.fake.publicTexts(w.channel.id)).not.toContain("only you");
    expect(interaction.callbacks).toEqual([4]);
  });

  it("defers when the core is slow, then the reply fills the placeholder in time", async () => {
    w = await discordWorld({ fake: { ackWindowMs: 700 }, tuning: { deferAfterMs: 150 } });
    w.onEvent = async (e) => {
      if (e.kind !== "command") return;
      await new Promise((r) => setTimeout(r, 1000)); // longer than the platform's ack window
      await w.adapter.send(e.chat, { text: "slow but here", ephemeral: true, replyTo: e.interactionId }, "k2");
    };
    await w.start();
    const interaction = w.slash("help");
    await eventually(() => expect(w.fake.textsSeenBy(w.channel.id, w.alice.id)).toContain("slow but here"));
    expect(interaction.callbacks).toEqual([5]);
    expect(interaction.expiredUnanswered).toBe(false);
    // One message: the placeholder became the reply.
    expect(w.fake.textsSeenBy(w.channel.id, w.alice.id)).toEqual(["slow but here"]);
  });

  it("a slow public reply becomes a public follow-up and the private placeholder goes away", async () => {
    w = await discordWorld({ fake: { ackWindowMs: 700 }, tuning: { deferAfterMs: 150 } });
    w.onEvent = async (e) => {
      if (e.kind !== "command") return;
      await new Promise((r) => setTimeout(r, 400));
      await w.adapter.send(e.chat, { text: "shift posted", replyTo: e.interactionId }, "k3");
      await w.adapter.send(e.chat, { text: "and a second note", replyTo: e.interactionId }, "k4");
    };
    await w.start();
    const interaction = w.slash("shift");
    await eventually(() => expect(w.fake.publicTexts(w.channel.id)).toEqual(["shift posted", "and a second note"]));
    expect(w.fake.textsSeenBy(w.channel.id, w.alice.id)).toEqual(["shift posted", "and a second note"]);
    expect(interaction.followUpIds).toHaveLength(2);
  });

  it("a retried interaction reply with the same key is not shown twice", async () => {
    w = await discordWorld();
    w.onEvent = async (e) => {
      if (e.kind !== "command") return;
      const first = await w.adapter.send(e.chat, { text: "once", replyTo: e.interactionId }, "same");
      const again = await w.adapter.send(e.chat, { text: "once", replyTo: e.interactionId }, "same");
      expect(again.messageId).toBe(first.messageId);
    };
    await w.start();
    w.slash("help");
    await eventually(() => expect(w.fake.publicTexts(w.channel.id)).toEqual(["once"]));
    await new Promise((r) => setTimeout(r, 100));
    expect(w.fake.publicTexts(w.channel.id)).toEqual(["once"]);
  });

  it("a core that never answers still leaves Discord acknowledged", async () => {
    w = await discordWorld();
    await w.start();
    const interaction = w.slash("help");
    await eventually(() => expect(interaction.callbacks).toEqual([5]));
    expect(interaction.expiredUnanswered).toBe(false);
  });
});

describe("buttons", () => {
  it("a press of the bot's own button reaches the core as an action, and can update its message", async () => {
    w = await discordWorld();
    w.onEvent = async (e) => {
      if (e.kind === "action" && e.messageId) await w.adapter.edit!(e.chat, e.messageId, { text: "Signed up: 1" });
    };
    await w.start();
    const sent = await w.adapter.send(w.chat, { text: "Shift Sat 9am", buttons: [{ label: "Sign up", action: "shift.signup", payload: "7" }] }, "post");
    const message = w.fake.state.messageById(sent.messageId)!;
    const customId = (message.components[0] as { components: { custom_id: string }[] }).components[0]!.custom_id;
    const press = w.fake.pressButton(w.alice, w.channel, sent.messageId, customId);
    const action = await eventually(() => {
      const found = w.events.find((e): e is ActionEvent => e.kind === "action");
      expect(found).toBeDefined();
      return found!;
    });
    expect(action).toMatchObject({ action: "shift.signup", payload: "7", messageId: sent.messageId, author: { id: w.alice.id } });
    await eventually(() => expect(w.fake.publicTexts(w.channel.id)).toEqual(["Signed up: 1"]));
    expect(press.callbacks).toEqual([7]);
  });

  it("a forged button id gets a short private refusal and is not dispatched", async () => {
    w = await discordWorld();
    await w.start();
    const sent = await w.adapter.send(w.chat, { text: "Shift" }, "post2");
    const press = w.fake.pressButton(w.alice, w.channel, sent.messageId, "shift.signup|7|AAAAAAAAAA", "es-ES");
    await eventually(() => expect(w.fake.textsSeenBy(w.channel.id, w.alice.id)).toContain("Este botón ya no es válido."));
    expect(press.callbackFlags).toBe(64);
    expect(w.events).toHaveLength(0);
  });
});

describe("guild allow-list", () => {
  it("refuses interactions from a server the bot is not configured for, privately, without dispatching", async () => {
    w = await discordWorld({ guilds: () => ["111111111111111111"] });
    await w.start();
    const interaction = w.slash("help");
    await eventually(() => expect(w.fake.textsSeenBy(w.channel.id, w.alice.id)).toEqual(["Porchlight is not set up for this server."]));
    expect(w.fake.publicTexts(w.channel.id)).toEqual([]);
    expect(interaction.callbackFlags).toBe(64);
    expect(w.events).toHaveLength(0);
  });
});
