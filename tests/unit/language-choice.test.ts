import { afterEach, describe, expect, it } from "vitest";
import { t as tr } from "../../src/core/i18n/catalog.js";
import { last, startTestApp, type TestApp } from "../support/app.js";

/** The language a member's private chat is answered in, and how they choose it. */
describe("language choice", () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it("answers a new member's /ayuda in a private chat in Spanish, and keeps Spanish for what follows", async () => {
    t = await startTestApp();
    await t.dm("Rosa", "/ayuda");
    expect(last(t.inbox("Rosa"))).toMatch(/^Comandos/);
    // A command whose words are the same in both languages (a button, /start) stays in Spanish.
    await t.dm("Rosa", "/start");
    expect(last(t.inbox("Rosa"))).toBe(tr("es", "core.started"));
  });

  it("answers /help in English and switches with the words a member uses", async () => {
    t = await startTestApp();
    await t.dm("Eve", "/help");
    expect(last(t.inbox("Eve"))).toMatch(/^Commands/);
    await t.dm("Eve", "/ayuda");
    expect(last(t.inbox("Eve"))).toMatch(/^Comandos/);
  });

  it("keeps an explicitly chosen language whatever command words follow", async () => {
    t = await startTestApp();
    await t.dm("Rosa", "/lang english");
    expect(last(t.inbox("Rosa"))).toMatch(/English/);
    await t.dm("Rosa", "/ayuda");
    expect(last(t.inbox("Rosa"))).toMatch(/^Commands/);
  });

  it.each([
    ["/idioma inglés", "en"],
    ["/idioma ingles", "en"],
    ["/idioma Inglés", "en"],
    ["/idioma en", "en"],
    ["/lang english", "en"],
    ["/lang English", "en"],
    ["/idioma español", "es"],
    ["/idioma espanol", "es"],
    ["/idioma es", "es"],
    ["/lang spanish", "es"],
    ["/lang es", "es"],
  ])("%s chooses %s", async (line, chosen) => {
    t = await startTestApp();
    // Start from the other language, so the change shows.
    await t.dm("Rosa", chosen === "en" ? "/idioma es" : "/lang en");
    await t.dm("Rosa", line);
    await t.dm("Rosa", chosen === "en" ? "/ayuda" : "/help");
    expect(last(t.inbox("Rosa"))).toMatch(chosen === "en" ? /^Commands/ : /^Comandos/);
  });

  it("refuses a language it does not know, saying which it knows, changing nothing", async () => {
    t = await startTestApp();
    await t.dm("Rosa", "/idioma es");
    await t.dm("Rosa", "/idioma klingon");
    expect(last(t.inbox("Rosa"))).toBe("El idioma debe ser en o es; escribiste “klingon”.");
    await t.dm("Rosa", "/start");
    await t.dm("Rosa", "/help");
    expect(last(t.inbox("Rosa"))).toMatch(/^Comandos/);
  });

  it("answers a group with no language set in the language of the words typed", async () => {
    t = await startTestApp();
    await t.say("main", "Lupe", "/turnos");
    expect(last(t.group("main"))).toBe(tr("es", "core.notLinked"));
    await t.say("main", "Lupe", "/shifts");
    expect(last(t.group("main"))).toBe(tr("en", "core.notLinked"));
  });

  it("keeps Spanish for a chat whose network was created with Spanish words, until a lead changes it", async () => {
    t = await startTestApp();
    await t.say("main", "Lupe", "/red crear Vecinos del Este");
    expect(t.group("main")[0]).toMatch(/^La red “Vecinos del Este” está lista/);
    // Words of both languages (/roles) and English words no longer choose for the chat: it has a language.
    await t.say("main", "Lupe", "/network info");
    expect(last(t.group("main"))).toMatch(/^Red “Vecinos del Este”/);
    await t.say("main", "Lupe", "/lang en");
    await t.say("main", "Lupe", "/red info");
    expect(last(t.group("main"))).toMatch(/^Network “Vecinos del Este”/);
  });

  it("answers a chat in the language its network was created with, whichever words a member types there", async () => {
    t = await startTestApp();
    await t.say("main", "Lupe", "/network create Eastside");
    await t.say("main", "Rosa", "/turnos");
    expect(last(t.group("main"))).toMatch(/^No upcoming shifts/);
  });

  it("takes Spanish words typed in a group (an older alias too) as the member's language for private messages", async () => {
    t = await startTestApp();
    await t.say("main", "Lupe", "/network create Eastside");
    await t.say("main", "Rosa", "/mis-turnos");
    await t.dm("Rosa", "/start");
    expect(last(t.inbox("Rosa"))).toBe(tr("es", "core.started"));
  });

  it("never lets command words override a language the member chose", async () => {
    t = await startTestApp();
    await t.say("main", "Lupe", "/network create Eastside");
    await t.dm("Rosa", "/lang english");
    await t.say("main", "Rosa", "/turnos");
    await t.dm("Rosa", "/start");
    expect(last(t.inbox("Rosa"))).toBe(tr("en", "core.started"));
    await t.dm("Rosa", "/ayuda");
    expect(last(t.inbox("Rosa"))).toMatch(/^Commands/);
  });
});
