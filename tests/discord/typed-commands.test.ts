import { afterEach, describe, expect, it } from "vitest";
import { buildRegistry } from "../../src/main.js";
import type { CommandEvent } from "../../src/core/port.js";
import { eventually, memoryState, silentLogger } from "../contract/adapter-contract.js";
import { type DiscordWorld, discordWorld } from "./harness.js";

type Opt = {
  type: number;
  name: string;
  description: string;
  required?: boolean;
  name_localizations?: Record<string, string>;
  description_localizations?: Record<string, string>;
  min_value?: number;
  max_value?: number;
  max_length?: number;
  choices?: { name: string; value: string; name_localizations?: Record<string, string> }[];
  options?: Opt[];
};

describe("the core's typed commands registered on Discord", () => {
  let w: DiscordWorld;
  afterEach(async () => {
    await w.close();
  });

  async function registered(): Promise<Opt[]> {
    w = await discordWorld();
    await w.adapter.publishCommands!(buildRegistry().menu());
    expect(w.fake.rest.commandProblems).toEqual([]);
    return w.fake.state.guildCommands.get(w.guild.id)! as unknown as Opt[];
  }
  const sub = (list: Opt[], command: string, name: string) => list.find((c) => c.name === command)!.options!.find((o) => o.name === name)!;

  it("has sub-commands with typed options, bounds, choices and Spanish names, all within Discord's rules", async () => {
    const list = await registered();
    const shiftNew = sub(list, "shift", "new");
    expect(shiftNew).toMatchObject({ type: 1, name_localizations: { "es-ES": "nuevo", "es-419": "nuevo" } });
    expect(shiftNew.options!.map((o) => [o.name, o.type, o.required])).toEqual([
      ["when", 3, true],
      ["duration", 3, true],
      ["place", 3, true],
      ["capacity", 4, true],
      ["note", 3, false],
      ["area", 3, false],
      ["role", 3, false],
    ]);
    // A duty shift's role is picked from the roles a duty shift can be for.
    expect(shiftNew.options!.find((o) => o.name === "role")).toMatchObject({
      choices: [
        { name: "verifier", value: "verifier" },
        { name: "lead", value: "lead" },
        { name: "admin", value: "admin" },
      ],
    });
    const capacity = shiftNew.options!.find((o) => o.name === "capacity")!;
    expect(capacity).toMatchObject({ min_value: 1, max_value: 500, name_localizations: { "es-ES": "cupo" }, description_localizations: { "es-ES": "CUPO" } });
    expect(shiftNew.options!.find((o) => o.name === "place")).toMatchObject({ max_length: 200, name_localizations: { "es-ES": "lugar" } });
    // The member of a role grant is a user picker; Discord cannot leave it out and give the role after it.
    expect(sub(list, "role", "grant").options!.map((o) => [o.name, o.type, o.required])).toEqual([
      ["member", 6, true],
      ["role", 3, true],
    ]);
    // The role is a fixed list, localized: Discord shows it as a pick list, never free text.
    for (const command of ["grant", "revoke"]) {
      const role = sub(list, "role", command).options!.find((o) => o.name === "role")!;
      expect(role).toMatchObject({ type: 3, required: true, name_localizations: { "es-ES": "rol", "es-419": "rol" } });
      expect(role.choices).toEqual([
        { name: "lead", value: "lead", name_localizations: { "es-ES": "coordinación", "es-419": "coordinación" } },
        { name: "verifier", value: "verifier", name_localizations: { "es-ES": "verificación", "es-419": "verificación" } },
        { name: "admin", value: "admin", name_localizations: { "es-ES": "admin", "es-419": "admin" } },
      ]);
    }
    // Yes/no is a pick list too.
    const firsthand = sub(list, "alert", "report").options!.find((o) => o.name === "firsthand")!;
    expect(firsthand).toMatchObject({ type: 3, required: false, name_localizations: { "es-ES": "testigo" } });
    expect(firsthand.choices).toEqual([
      { name: "yes", value: "yes", name_localizations: { "es-ES": "sí", "es-419": "sí" } },
      { name: "no", value: "no", name_localizations: { "es-ES": "no", "es-419": "no" } },
    ]);
    const lang = list.find((c) => c.name === "lang")!;
    expect(lang.name_localizations).toEqual({ "es-ES": "idioma", "es-419": "idioma" });
    expect(lang.options![0]!.choices!.map((c) => c.value)).toEqual(["en", "es"]);
    // The menu names each language in its own language, in either client language.
    expect(lang.options![0]!.choices!.map((c) => [c.name, c.name_localizations?.["es-ES"] ?? c.name])).toEqual([
      ["English", "English"],
      ["Español", "Español"],
    ]);
    const leads = sub(list, "network", "leads").options![0]!;
    expect(leads.choices).toEqual([
      { name: "visible", value: "visible", name_localizations: { "es-ES": "visible", "es-419": "visible" } },
      { name: "hidden", value: "hidden", name_localizations: { "es-ES": "oculta", "es-419": "oculta" } },
    ]);
    expect(list.find((c) => c.name === "signup")!.options).toMatchObject([{ type: 4, name: "shift", min_value: 1, required: true }]);
  });

  it("reads a picked user back as a mention of that Discord id, and values in the core's order", async () => {
    await registered();
    const seen: CommandEvent[] = [];
    await w.adapter.start({ dispatch: async (e) => void (e.kind === "command" && seen.push(e)), log: silentLogger, state: memoryState() });
    const bea = w.fake.state.addUser("bea");
    w.fake.state.addMember(w.guild.id, bea.id, []);
    w.slash("role", [{ type: 1, name: "grant", options: [{ type: 3, name: "role", value: "verifier" }, { type: 6, name: "member", value: bea.id }] }]);
    w.slash("shift", [
      {
        type: 1,
        name: "new",
        options: [
          { type: 3, name: "area", value: "North side" },
          { type: 3, name: "when", value: "sat 10am" },
          { type: 3, name: "duration", value: "2h" },
          { type: 3, name: "place", value: "Elm St church" },
          { type: 4, name: "capacity", value: 3 },
          { type: 3, name: "note", value: "bring water" },
        ],
      },
    ]);
    await eventually(() => expect(seen).toHaveLength(2));
    expect(seen[0]).toMatchObject({ name: "role", args: `grant <@${bea.id}> verifier`, mentions: [{ id: bea.id, displayName: "bea" }] });
    expect(seen[1]!.args).toBe('new "sat 10am" 2h "Elm St church" 3 bring water area="North side"');
  });
});
