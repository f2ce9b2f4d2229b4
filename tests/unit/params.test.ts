import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UndeclaredParameter, validateArgs } from "../../src/core/commands/arguments.js";
import { number, param } from "../../src/core/commands/params.js";
import { buildRegistry } from "../../src/main.js";
import { ShiftStore } from "../../src/shifts/store.js";
import { last, startTestApp, T0, type TestApp } from "../support/app.js";

/**
 * Every refused parameter gets its own answer, in the chat's language, naming the parameter, what
 * was written and what is allowed; nothing is stored. Run through the real pipeline (MemoryAdapter).
 */

const LONG_PLACE = `"${"x".repeat(300)}"`;

/** [what is typed, English answer, what is typed in a Spanish chat, Spanish answer]. */
const TABLE: [string, string, string, string][] = [
  [
    "/shift new sat 10am 2h Elm -3",
    "The capacity must be a whole number from 1 to 500; you wrote “-3”.",
    "/turno nuevo sábado 10:00 2h Elm -3",
    "El cupo debe ser un número entero del 1 al 500; escribiste “-3”.",
  ],
  [
    "/shift new sat 10am 2h Elm 0",
    "The capacity must be a whole number from 1 to 500; you wrote “0”.",
    "/turno nuevo sábado 10:00 2h Elm 0",
    "El cupo debe ser un número entero del 1 al 500; escribiste “0”.",
  ],
  [
    "/shift new sat 10am 2h Elm 2.5",
    "The capacity must be a whole number from 1 to 500; you wrote “2.5”.",
    "/turno nuevo sábado 10:00 2h Elm 2,5",
    "El cupo debe ser un número entero del 1 al 500; escribiste “2,5”.",
  ],
  [
    "/shift new sat 10am 2h Elm 100000",
    "The capacity must be a whole number from 1 to 500; you wrote “100000”.",
    "/turno nuevo sábado 10:00 2h Elm 100000",
    "El cupo debe ser un número entero del 1 al 500; escribiste “100000”.",
  ],
  [
    `/shift new sat 10am 2h ${LONG_PLACE} 3`,
    "The place can be at most 200 characters long; yours has 300.",
    `/turno nuevo sábado 10:00 2h ${LONG_PLACE} 3`,
    "El lugar puede tener como máximo 200 caracteres; tiene 300.",
  ],
  [
    "/shift new sat 10am -2h Elm 3",
    "“-2h” is not a duration between 15 minutes and 24 hours. Use e.g. 2h, 90m or 1h30.",
    "/turno nuevo sábado 10:00 -2h Elm 3",
    "“-2h” no es una duración entre 15 minutos y 24 horas. Usa p. ej. 2h, 90m o 1h30.",
  ],
  [
    "/signup one",
    "The shift number must be a whole number from 1 to 1000000; you wrote “one”.",
    "/apuntarme uno",
    "El número de turno debe ser un número entero del 1 al 1000000; escribiste “uno”.",
  ],
  [
    "/signup",
    "You left out the shift number.\nUsage: /signup ID",
    "/apuntarme",
    "Falta el número de turno.\nUso: /apuntarme ID",
  ],
  [
    "/shift repeat 1 weekly 13",
    "The number of weeks must be a whole number from 1 to 12; you wrote “13”.",
    "/turno repetir 1 semanal 13",
    "El número de semanas debe ser un número entero del 1 al 12; escribiste “13”.",
  ],
  [
    "/shift repeat 1 daily 2",
    "The repetition must be weekly; you wrote “daily”.",
    "/turno repetir 1 diario 2",
    "La repetición debe ser semanal; escribiste “diario”.",
  ],
  [
    "/lang fr",
    "The language must be en or es; you wrote “fr”.",
    "/idioma fr",
    "El idioma debe ser en o es; escribiste “fr”.",
  ],
  [
    `/help ${"x".repeat(61)}`,
    "The command can be at most 60 characters long; yours has 61.",
    `/ayuda ${"x".repeat(61)}`,
    "El comando puede tener como máximo 60 caracteres; tiene 61.",
  ],
  [
    "/network tz",
    "You left out the time zone.\nUsage: /network tz ZONE",
    "/red zona",
    "Falta la zona horaria.\nUso: /red zona ZONA",
  ],
];

describe("a message per refused parameter", () => {
  let t: TestApp;
  beforeAll(async () => {
    // Lena sends more commands a minute than the default limit lets one person.
    t = await startTestApp({ config: { limits: { commandsPerMinute: 1000 } } });
    for (const chat of ["main", "otro"]) {
      await t.say(chat, "Lena", chat === "main" ? "/network create Eastside" : "/network create Barrio");
      await t.say(chat, "Lena", "/network tz America/Chicago");
      await t.say(chat, "Lena", "/role grant Lena lead");
    }
    await t.say("otro", "Lena", "/idioma es");
    // A shift to repeat in each network.
    await t.say("main", "Lena", "/shift new sat 10am 2h Elm 3");
    await t.say("otro", "Lena", "/turno nuevo sábado 10:00 2h Elm 3");
  });
  afterAll(async () => t?.close());

  it.each(TABLE)("answers %j by naming the parameter, in English and Spanish", async (en, enAnswer, es, esAnswer) => {
    const shifts = new ShiftStore(t.app.store.db);
    const before = [shifts.upcoming(1, T0, 50).length, shifts.upcoming(2, T0, 50).length];
    await t.say("main", "Lena", en);
    expect(last(t.group("main"))).toBe(enAnswer);
    await t.say("otro", "Lena", es);
    expect(last(t.group("otro"))).toBe(esAnswer);
    // Nothing was stored.
    expect([shifts.upcoming(1, T0, 50).length, shifts.upcoming(2, T0, 50).length]).toEqual(before);
  });

  it("still answers a line it cannot read at all with the usage line", async () => {
    await t.say("main", "Lena", "/shift new sat 10am Church three");
    expect(last(t.group("main"))).toBe("Usage: /shift new WHEN DURATION PLACE CAPACITY [NOTE…]");
  });
});

describe("the typed declaration in the port's command menu", () => {
  const menu = buildRegistry().menu();
  const sub = (group: string, name: string) => menu.find((e) => e.name === group)!.subcommands!.find((s) => s.name === name)!;

  it("gives each parameter its name, kind, bounds, labels in both languages, and whether it is optional", () => {
    expect(sub("shift", "new").params).toEqual([
      { name: "when", kind: "when", label: { en: "WHEN", es: "CUÁNDO" }, optional: false, rest: false, named: false, max: 80 },
      { name: "duration", kind: "duration", label: { en: "DURATION", es: "DURACIÓN" }, optional: false, rest: false, named: false, min: 15, max: 1440 },
      { name: "place", kind: "text", label: { en: "PLACE", es: "LUGAR" }, optional: false, rest: false, named: false, min: 1, max: 200 },
      { name: "capacity", kind: "number", label: { en: "CAPACITY", es: "CUPO" }, optional: false, rest: false, named: false, min: 1, max: 500 },
      { name: "note", kind: "text", label: { en: "NOTE", es: "NOTA" }, optional: true, rest: true, named: false, min: 1, max: 500 },
      { name: "area", kind: "text", label: { en: "area=LABEL", es: "área=ETIQUETA" }, optional: true, rest: false, named: true, min: 1, max: 80 },
      {
        name: "role",
        kind: "choice",
        label: { en: "role=ROLE", es: "rol=ROL" },
        optional: true,
        rest: false,
        named: true,
        choices: [
          { value: "verifier", label: { en: "verifier", es: "verificación" } },
          { value: "lead", label: { en: "lead", es: "coordinación" } },
          { value: "admin", label: { en: "admin", es: "admin" } },
        ],
      },
    ]);
    expect(sub("shift", "new").esName).toBe("nuevo");
  });

  it("lists a choice's values with their words in English and Spanish", () => {
    const lang = menu.find((e) => e.name === "lang")!;
    expect(lang.params).toEqual([
      {
        name: "language",
        kind: "choice",
        label: { en: "en|es", es: "en|es" },
        optional: false,
        rest: false,
        named: false,
        choices: [
          { value: "en", label: { en: "English", es: "English" } },
          { value: "es", label: { en: "Español", es: "Español" } },
        ],
      },
    ]);
    expect(sub("network", "leads").params![0]!.choices).toEqual([
      { value: "visible", label: { en: "visible", es: "visible" } },
      { value: "hidden", label: { en: "hidden", es: "oculta" } },
    ]);
  });

  it("marks a member as a member, for platforms with a person picker", () => {
    expect(sub("role", "grant").params!.map((p) => [p.name, p.kind, p.optional])).toEqual([
      ["member", "member", true],
      ["role", "choice", false],
    ]);
    expect(menu.find((e) => e.name === "signup")!.params).toEqual([
      { name: "shift", kind: "number", label: { en: "ID", es: "ID" }, optional: false, rest: false, named: false, min: 1, max: 1_000_000 },
    ]);
  });
});

describe("validateArgs", () => {
  const env = { lang: "en" as const, now: T0, tz: "UTC" };
  const params = [param("shift", number({ min: 1, max: 9 }), { label: "param.id" })];

  it("reads declared values into typed arguments", () => {
    expect(validateArgs(params, { shift: "3" }, env, "/signup ID")).toEqual({ ok: true, args: { shift: 3 } });
  });

  it("refuses a binder's value for a parameter nobody declared, as a programming error", () => {
    expect(() => validateArgs(params, { shift: "3", shfit: "4" }, env, "/signup ID")).toThrow(UndeclaredParameter);
  });
});
