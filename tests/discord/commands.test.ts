import { afterEach, describe, expect, it } from "vitest";
import { buildCommands, parseUsage } from "../../adapters/discord/commands.js";
import type { CommandEvent, CommandMenuEntry } from "../../src/core/port.js";
import { createDiscordAdapter } from "../../adapters/discord/index.js";
import { eventually, memoryState, silentLogger } from "../contract/adapter-contract.js";
import { type DiscordWorld, discordWorld } from "./harness.js";

const menu: CommandMenuEntry[] = [
  { name: "help", description: { en: "What I can do", es: "Lo que puedo hacer" }, esName: "ayuda", usage: "/help" },
  { name: "signup", description: { en: "Sign up for a shift", es: "Apuntarse a un turno" }, esName: "apuntarme", usage: "/signup <shift> [note...]" },
  { name: "alert", description: { en: "Send a verified alert", es: "Enviar una alerta verificada" }, usage: "/alert on|off <text>" },
  {
    name: "shift",
    description: { en: "Shifts", es: "Turnos" },
    esName: "turno",
    usage: "",
    subcommands: [{ name: "list", description: { en: "List shifts", es: "Ver turnos" }, usage: "/shift list" }],
  },
];

describe("building slash commands", () => {
  it("localizes names and descriptions for es-ES", () => {
    const { commands } = buildCommands(menu, false);
    const signup = commands.find((c) => c.name === "signup")!;
    expect(signup.name_localizations).toEqual({ "es-ES": "apuntarme", "es-419": "apuntarme" });
    expect(signup.description_localizations).toEqual({ "es-ES": "Apuntarse a un turno", "es-419": "Apuntarse a un turno" });
    const shift = commands.find((c) => c.name === "shift")!;
    expect(shift.options?.[0]).toMatchObject({ type: 1, name: "list", description_localizations: { "es-ES": "Ver turnos" } });
  });

  it("uses real options for simple usage and one free-text option otherwise", () => {
    const { commands, declared } = buildCommands(menu, false);
    expect(commands.find((c) => c.name === "help")!.options).toBeUndefined();
    expect(commands.find((c) => c.name === "signup")!.options).toEqual([
      { type: 3, name: "shift", description: "shift", required: true },
      { type: 3, name: "note", description: "note…", required: false },
    ]);
    expect(commands.find((c) => c.name === "alert")!.options).toMatchObject([{ type: 3, name: "args", required: false }]);
    expect(declared.get("signup")).toEqual([{ name: "shift", verbatim: false }, { name: "note", verbatim: true }]);
  });

  it("refuses usage that is not simple", () => {
    expect(parseUsage("/x [a] <b>", ["x"])).toBeNull();
    expect(parseUsage("/x <a...> <b>", ["x"])).toBeNull();
    expect(parseUsage("/x a|b", ["x"])).toBeNull();
    expect(parseUsage("/x <a> [b]", ["x"])).toEqual([{ name: "a", required: true, rest: false }, { name: "b", required: false, rest: false }]);
  });
});

describe("registering slash commands", () => {
  let w: DiscordWorld;
  afterEach(async () => {
    await w.close();
  });

  it("registers per guild, and only PUTs when something changed", async () => {
    w = await discordWorld();
    await w.adapter.publishCommands!(menu);
    const registered = w.fake.state.guildCommands.get(w.guild.id)!;
    expect(registered.map((c) => c.name).sort()).toEqual(["alert", "help", "shift", "signup"]);
    const version = registered[0]!.version;
    await w.adapter.publishCommands!(menu);
    expect(w.fake.rest.commandPuts).toBe(1);
    expect(w.fake.state.guildCommands.get(w.guild.id)![0]!.version).toBe(version);
    await w.adapter.publishCommands!([{ ...menu[0]!, description: { en: "Help", es: "Ayuda" } }]);
    expect(w.fake.rest.commandPuts).toBe(2);
    expect(w.fake.state.guildCommands.get(w.guild.id)!.map((c) => c.description_localizations)).toEqual([{ "es-ES": "Ayuda", "es-419": "Ayuda" }]);
    expect(w.fake.state.globalCommands).toEqual([]);
  });

  it("registers globally, usable in DMs, when no guilds are configured", async () => {
    w = await discordWorld({ guilds: () => [] });
    await w.adapter.publishCommands!(menu);
    expect(w.fake.state.globalCommands.map((c) => c.name).sort()).toEqual(["alert", "help", "shift", "signup"]);
    expect(w.fake.state.globalCommands[0]!.contexts).toEqual([0, 1]);
    await w.adapter.publishCommands!(menu);
    expect(w.fake.rest.commandPuts).toBe(1);
  });

  it("after a restart, option order is read back from the registered commands", async () => {
    w = await discordWorld();
    await w.adapter.publishCommands!(menu);
    await w.adapter.stop();
    // A fresh adapter against the same platform, which has never published in this process.
    const fresh = createDiscordAdapter(
      { token: w.fake.token, applicationId: w.fake.applicationId, guilds: [w.guild.id], apiBase: w.fake.apiBase },
      { log: silentLogger },
    );
    const seen: CommandEvent[] = [];
    await fresh.start({ dispatch: async (e) => void (e.kind === "command" && seen.push(e)), log: silentLogger, state: memoryState() });
    w.slash("signup", [{ type: 3, name: "note", value: "bring water" }, { type: 3, name: "shift", value: "sat 9" }]);
    await eventually(() => expect(seen.map((e) => e.args)).toEqual(['"sat 9" bring water']));
    await fresh.stop();
  });
});
