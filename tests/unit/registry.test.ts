import { describe, expect, it } from "vitest";
import { bindPositional } from "../../src/core/commands/arguments.js";
import { type Token, tokenize } from "../../src/core/commands/grammar.js";
import { type AnyParam, type ParamOptions, param, text } from "../../src/core/commands/params.js";
import { type AnyCommand, defineCommand, Registry, type Resolution } from "../../src/core/commands/registry.js";
import { buildRegistry } from "../../src/main.js";

const registry = buildRegistry();

/** Resolve a typed command (`signup 3`) and describe the outcome compactly. */
function resolveLine(line: string): { id?: string; group?: string[]; rest?: string[]; kind: Resolution["kind"] } {
  const [name = "", ...rest] = line.split(" ");
  const r = registry.resolve(name, tokenize(rest.join(" ")));
  if (r.kind === "command") return { kind: r.kind, id: r.spec.id, rest: r.tokens.map((t) => t.text) };
  if (r.kind === "group") return { kind: r.kind, group: r.specs.map((s) => s.id) };
  return { kind: r.kind };
}

/** A minimal command for building small registries. */
function fake(id: string, words: string[], more: Partial<AnyCommand> = {}): AnyCommand {
  return defineCommand({ id, words, summary: "cmd.help", params: [], access: "anyone", run() {}, ...more });
}

describe("Registry.resolve", () => {
  it.each([
    ["signup 3", "signup", ["3"]],
    ["apuntarme 3", "signup", ["3"]],
    ["cancel 3", "cancel", ["3"]],
    ["baja 3", "cancel", ["3"]],
    ["shift new sat 10am", "shift.new", ["sat", "10am"]],
    ["turno nuevo sábado 10:00", "shift.new", ["sábado", "10:00"]],
    ["network create Eastside", "network.create", ["Eastside"]],
    ["red crear Barrio Este", "network.create", ["Barrio", "Este"]],
    ["help", "help", []],
    ["ayuda turno", "help", ["turno"]],
    ["roles", "roles", []],
    ["shifts", "shifts", []],
    ["turnos", "shifts", []],
  ])("finds %j by its English or Spanish words", (line, id, rest) => {
    expect(resolveLine(line)).toEqual({ kind: "command", id, rest });
  });

  it.each([
    ["sign-up 3", "signup"],
    ["apuntame 3", "signup"],
    ["apuntar 3", "signup"],
    ["darme-de-baja 3", "cancel"],
    ["check-in 3", "checkin"],
    ["llegada 3", "checkin"],
    ["language es", "lang"],
    ["lengua es", "lang"],
    ["empezar", "start"],
  ])("finds %j by an alias", (line, id) => {
    expect(resolveLine(line).id).toBe(id);
  });

  it.each([
    ["APÚNTAME 3", "signup"],
    ["apúntame 3", "signup"],
    ["Llegué 3", "checkin"],
    ["llegue 3", "checkin"],
    ["TURNO NUEVO sábado 10:00", "shift.new"],
    ["Red Crear x", "network.create"],
  ])("folds case and accents in %j", (line, id) => {
    expect(resolveLine(line).id).toBe(id);
  });

  it("answers a group word alone with its sub-commands, in either language", () => {
    const shiftGroup = ["shift.new", "shift.cancel", "shift.repeat", "shift.pick"];
    expect(resolveLine("shift")).toEqual({ kind: "group", group: shiftGroup });
    expect(resolveLine("turno")).toEqual({ kind: "group", group: shiftGroup });
    expect(resolveLine("shift bogus")).toEqual({ kind: "group", group: shiftGroup });
    expect(resolveLine("network").group).toContain("network.create");
    expect(resolveLine("rol").group).toEqual(["role.grant", "role.revoke"]);
  });

  it("does not take a quoted first argument as a sub-command word", () => {
    const r = registry.resolve("shift", [{ text: "new", quoted: true }]);
    expect(r.kind).toBe("group");
  });

  it("mixes languages between the group word and the sub-command word only where both are listed", () => {
    // "shift nuevo" is neither the English nor the Spanish path.
    expect(resolveLine("shift nuevo").kind).toBe("group");
  });

  it.each(["bogus", "", "signupp", "shift-new", "ayúdame"])("does not know %j", (name) => {
    expect(registry.resolve(name, []).kind).toBe("unknown");
  });
});

describe("Registry.usage", () => {
  const byId = (id: string) => registry.byId(id)!;

  it("writes usage lines in English and Spanish with optional and rest markers", () => {
    expect(registry.usage(byId("shift.new"), "en")).toBe("/shift new WHEN DURATION PLACE CAPACITY [NOTE…]");
    expect(registry.usage(byId("signup"), "en")).toBe("/signup ID");
    expect(registry.usage(byId("help"), "en")).toBe("/help [COMMAND…]");
  });

  it("uses the Spanish words and labels in Spanish", () => {
    const es = registry.usage(byId("shift.new"), "es");
    expect(es.startsWith("/turno nuevo ")).toBe(true);
    expect(es).not.toContain("WHEN");
    expect(registry.usage(byId("signup"), "es").startsWith("/apuntarme ")).toBe(true);
  });

  it("falls back to the English words for a command without Spanish words", () => {
    expect(registry.usage(byId("start"), "es").startsWith("/start")).toBe(true);
  });

  it("has a usage line in both languages for every command", () => {
    for (const spec of registry.all) {
      for (const lang of ["en", "es"] as const) {
        const line = registry.usage(spec, lang);
        expect(line).toMatch(/^\/\S/);
        expect(line).not.toMatch(/\{\w+\}|undefined/);
      }
    }
  });
});

describe("Registry.add", () => {
  it("throws when two commands claim the same words, even spelled differently", () => {
    expect(() => new Registry().add(fake("a", ["go"]), fake("b", ["go"]))).toThrow(/"go".*a.*b/);
    expect(() => new Registry().add(fake("a", ["apúntame"]), fake("b", ["x"], { aliases: [["APUNTAME"]] }))).toThrow(/apuntame/);
    expect(() => new Registry().add(fake("a", ["x", "y"]), fake("b", ["z"], { esWords: ["x", "y"] }))).toThrow(/"x y"/);
  });

  it("lets one command list the same folded words twice (llegue / llegué)", () => {
    expect(() => new Registry().add(fake("a", ["llegue"], { aliases: [["llegué"]] }))).not.toThrow();
  });

  it("builds the real registry without clashes and with unique ids", () => {
    const ids = registry.all.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("finds commands by id", () => {
    expect(registry.byId("shift.new")?.words).toEqual(["shift", "new"]);
    expect(registry.byId("nope")).toBeUndefined();
  });
});

describe("Registry.menu", () => {
  const menu = registry.menu();

  it("has one entry per top-level word, with both descriptions", () => {
    const names = menu.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    for (const entry of menu) {
      expect(entry.name).toMatch(/^[a-z][a-z0-9_-]*$/);
      expect(entry.description.en.length).toBeGreaterThan(0);
      expect(entry.description.es.length).toBeGreaterThan(0);
      expect(entry.usage.startsWith(`/${entry.name}`)).toBe(true);
    }
  });

  it("nests sub-commands under their group word", () => {
    const shift = menu.find((e) => e.name === "shift")!;
    expect(shift.esName).toBe("turno");
    expect(shift.subcommands?.map((s) => s.name)).toEqual(["new", "cancel", "repeat", "pick"]);
    for (const sub of shift.subcommands!) expect(sub.usage.startsWith(`/shift ${sub.name}`)).toBe(true);
  });

  it("gives single-word commands no sub-commands and their Spanish name", () => {
    const signup = menu.find((e) => e.name === "signup")!;
    expect(signup.subcommands).toBeUndefined();
    expect(signup.esName).toBe("apuntarme");
    expect(signup.usage).toBe("/signup ID");
  });

  it("covers every command of the registry", () => {
    const listed = menu.flatMap((e) => (e.subcommands ? e.subcommands.map((s) => `${e.name} ${s.name}`) : [e.name]));
    const words = registry.all.map((s) => s.words.join(" "));
    expect(listed.sort()).toEqual(words.sort());
  });
});

describe("bindPositional", () => {
  const tokens = (line: string): Token[] => tokenize(line);
  const p = (name: string, more: ParamOptions = {}): AnyParam => param(name, text({ max: 100 }), more as ParamOptions & { optional?: false });

  it("binds tokens to the declared names, in order", () => {
    expect(bindPositional([p("shift"), p("role")], tokens("3 lead"))).toEqual({ shift: "3", role: "lead" });
  });

  it("leaves missing optional parameters out", () => {
    expect(bindPositional([p("shift"), p("code", { optional: true })], tokens("3"))).toEqual({ shift: "3" });
    expect(bindPositional([p("shift")], [])).toEqual({});
  });

  it("gives a rest parameter everything left, joined by single spaces", () => {
    const params = [p("shift"), p("note", { rest: true })];
    expect(bindPositional(params, tokens('3 bring   "warm coats" please'))).toEqual({ shift: "3", note: "bring warm coats please" });
    expect(bindPositional(params, tokens("3"))).toEqual({ shift: "3" });
  });

  it("refuses more tokens than parameters", () => {
    expect(bindPositional([p("shift")], tokens("3 4"))).toBeNull();
    expect(bindPositional([], tokens("x"))).toBeNull();
  });

  it("accepts no tokens for no parameters", () => {
    expect(bindPositional([], [])).toEqual({});
  });
});
