import { afterEach, describe, expect, it } from "vitest";
import { ShiftStore } from "../../src/shifts/store.js";
import { last, startTestApp, type TestApp } from "../support/app.js";

/** A network "Eastside" in chat `main`, run by Lena (admin and lead), in America/Chicago; now is Tue 1 Dec 2026. */
async function network(): Promise<TestApp> {
  const t = await startTestApp();
  await t.say("main", "Lena", "/network create Eastside");
  await t.say("main", "Lena", "/network tz America/Chicago");
  await t.say("main", "Lena", "/role grant Lena lead");
  return t;
}

/** The buttons of the last message the group received. */
function lastButtons(t: TestApp) {
  return t.adapter.sent.filter((s) => s.to === "memory:main").at(-1)?.msg.buttons ?? [];
}

async function press(t: TestApp, button: { action: string; payload: string }, who = "Lena"): Promise<void> {
  await t.adapter.push({ kind: "action", chat: "memory:main", author: { id: who.toLowerCase(), displayName: who, isBot: false }, isDirect: false, ...button });
  await t.app.delivery.flush();
}

describe("a start time that may mean two dates", () => {
  let t: TestApp;
  afterEach(async () => t?.close());
  const shifts = () => new ShiftStore(t.app.store.db).upcoming(1, 0, 10);

  it("asks which Saturday “next sat” is, posts nothing, and posts the one picked by button", async () => {
    t = await network();
    await t.say("main", "Lena", "/shift new next sat 10am 2h Church 3 bring water");
    expect(last(t.group("main"))).toMatch(/^“next sat 10am” could mean Sat Dec 12, 10am or Sat Dec 5, 10am\. Which one\?/);
    expect(shifts()).toHaveLength(0);
    const buttons = lastButtons(t);
    expect(buttons.map((b) => b.label)).toEqual(["Sat Dec 12, 10am", "Sat Dec 5, 10am"]);
    await press(t, buttons[1]!);
    expect(shifts()).toHaveLength(1);
    expect(shifts()[0]).toMatchObject({ startsAt: Date.UTC(2026, 11, 5, 16, 0), place: "Church", capacity: 3, note: "bring water" });
  });

  it("asks in Spanish about “el próximo sábado” and posts the confirmed date", async () => {
    t = await network();
    await t.say("main", "Lena", "/idioma es");
    await t.say("main", "Lena", "/turno nuevo el próximo sábado a las 10 2h Parroquia 4");
    expect(last(t.group("main"))).toMatch(/^“el próximo sábado a las 10” puede ser el sábado 12 de diciembre a las 10:00 o el sábado 5 de diciembre a las 10:00\./);
    expect(shifts()).toHaveLength(0);
    await press(t, lastButtons(t)[0]!);
    expect(shifts()[0]).toMatchObject({ startsAt: Date.UTC(2026, 11, 12, 16, 0), place: "Parroquia", capacity: 4 });
  });

  it("asks whether 5/12 in an English chat is 12 May or 5 December", async () => {
    t = await network();
    await t.say("main", "Lena", "/shift new 5/12 10:00 2h Church 3");
    expect(last(t.group("main"))).toMatch(/could mean Wed May 12, 2027, 10am or Sat Dec 5, 10am\./);
    expect(shifts()).toHaveLength(0);
    await press(t, lastButtons(t)[1]!);
    expect(shifts()[0]).toMatchObject({ startsAt: Date.UTC(2026, 11, 5, 16, 0) });
  });

  it("reads 5/12 from a Spanish chat as 5 December without asking", async () => {
    t = await network();
    await t.say("main", "Lena", "/idioma es");
    await t.say("main", "Lena", "/turno nuevo 5/12 10:00 2h Parroquia 4");
    expect(shifts()[0]).toMatchObject({ startsAt: Date.UTC(2026, 11, 5, 16, 0) });
  });

  it("reads the hour in “mañana 18h 2h” and the length after it", async () => {
    t = await network();
    await t.say("main", "Lena", "/idioma es");
    await t.say("main", "Lena", "/turno nuevo mañana 18h 2h Parroquia 4");
    expect(shifts()[0]).toMatchObject({ startsAt: Date.UTC(2026, 11, 3, 0, 0), durationMin: 120 });
  });

  it("asks whether “mañana a las 6 y media” is morning or evening, with buttons that carry only the question", async () => {
    t = await network();
    await t.say("main", "Lena", "/idioma es");
    await t.say("main", "Lena", '/turno nuevo mañana a las 6 y media 2h "2209 Hollowell St, the long way round" 4 traigan agua y gorras zona="Iglesia del Este"');
    expect(last(t.group("main"))).toMatch(/^“mañana a las 6 y media” puede ser el miércoles 2 de diciembre a las 6:30 o el miércoles 2 de diciembre a las 18:30\./);
    expect(shifts()).toHaveLength(0);
    const buttons = lastButtons(t);
    expect(buttons.map((b) => b.label)).toEqual(["mié 2 dic, 06:30", "mié 2 dic, 18:30"]);
    // However long the place and note, the data fits Telegram's 64 bytes with room for its signature.
    for (const b of buttons) expect(Buffer.byteLength(`${b.action}|${b.payload}`)).toBeLessThan(40);
    await press(t, buttons[1]!);
    expect(shifts()[0]).toMatchObject({ startsAt: Date.UTC(2026, 11, 3, 0, 30), place: "2209 Hollowell St, the long way round", publicPlace: "Iglesia del Este", note: "traigan agua y gorras" });
    // A question is answered once: pressing again posts nothing more.
    await press(t, buttons[0]!);
    expect(last(t.group("main"))).toMatch(/^Esa pregunta ya se respondió/);
    expect(shifts()).toHaveLength(1);
  });

  it("asks about “tomorrow at 6:30” in English too, and reads “6:30am” and “18:30” without asking", async () => {
    t = await network();
    await t.say("main", "Lena", "/shift new tomorrow at 6:30 2h Church 3");
    expect(last(t.group("main"))).toMatch(/^“tomorrow at 6:30” could mean Wed Dec 2, 6:30am or Wed Dec 2, 6:30pm\./);
    await t.say("main", "Lena", "/shift new tomorrow 6:30am 2h Church 3");
    await t.say("main", "Lena", "/shift new tomorrow 18:30 2h Church 3");
    expect(shifts().map((s) => s.startsAt)).toEqual([Date.UTC(2026, 11, 2, 12, 30), Date.UTC(2026, 11, 3, 0, 30)]);
  });

  it("lets nobody but the lead who asked answer the question", async () => {
    t = await network();
    await t.say("main", "Lena", "/role grant Lena admin");
    await t.say("main", "Ana", "/shifts");
    await t.say("main", "Lena", "/shift new tomorrow at 6:30 2h Church 3");
    const buttons = lastButtons(t);
    await press(t, buttons[0]!, "Ana");
    expect(shifts()).toHaveLength(0);
    await press(t, buttons[0]!);
    expect(shifts()).toHaveLength(1);
  });

  it("asks about an incident “ayer a las 5:30” and opens nothing until the time is exact", async () => {
    t = await network();
    await t.say("main", "Lena", "/idioma es");
    await t.say("main", "Lena", '/busqueda nueva "Redada" "Calle 4" ayer a las 5:30');
    expect(last(t.group("main"))).toBe(
      "“ayer a las 5:30” puede ser el lunes 30 de noviembre a las 5:30 o el lunes 30 de noviembre a las 17:30. ¿Cuál fue? Manda el comando otra vez con la hora exacta: 2026-11-30 05:30 o 2026-11-30 17:30. Todavía no abrí nada.",
    );
    await t.say("main", "Lena", '/busqueda nueva "Redada" "Calle 4" 2026-11-30 05:30');
    expect(last(t.group("main"))).toMatch(/^Búsqueda de videos #1 “Redada” abierta\./);
  });
});
