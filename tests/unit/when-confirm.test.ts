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

async function press(t: TestApp, button: { action: string; payload: string }): Promise<void> {
  await t.adapter.push({ kind: "action", chat: "memory:main", author: { id: "lena", displayName: "Lena", isBot: false }, isDirect: false, ...button });
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
    expect(buttons.map((b) => b.label)).toEqual(["Yes, Sat Dec 12, 10am", "No, Sat Dec 5, 10am"]);
    await press(t, buttons[1]!);
    expect(shifts()).toHaveLength(1);
    expect(shifts()[0]).toMatchObject({ startsAt: Date.UTC(2026, 11, 5, 16, 0), place: "Church", capacity: 3, note: "bring water" });
  });

  it("asks in Spanish about “el próximo sábado” and posts the confirmed date", async () => {
    t = await network();
    await t.say("main", "Lena", "/idioma es");
    await t.say("main", "Lena", "/turno nuevo el próximo sábado a las 10 2h Parroquia 4");
    expect(last(t.group("main"))).toMatch(/^“el próximo sábado a las 10” puede ser el sáb 12 dic, 10:00 o el sáb 5 dic, 10:00\./);
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
});
