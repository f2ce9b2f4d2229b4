import { afterEach, describe, expect, it } from "vitest";
import { ShiftStore } from "../../src/shifts/store.js";
import { last, startTestApp, T0, type TestApp } from "../support/app.js";

const HOUR = 3_600_000;

/** A network "Eastside" in chat `main`, run by Lena (admin and lead), in America/Chicago. */
async function network(config?: Record<string, unknown>): Promise<TestApp> {
  const t = await startTestApp({ config });
  await t.say("main", "Lena", "/network create Eastside");
  await t.say("main", "Lena", "/network tz America/Chicago");
  await t.say("main", "Lena", "/role grant Lena lead");
  return t;
}

describe("door-knocking shifts", () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it("posts a shift, echoing the understood time in the network's zone", async () => {
    t = await network();
    await t.say("main", "Lena", '/shift new sat 10am 2h "Elm St church" 3 bring water');
    // T0 is Tue 1 Dec 2026; the next Saturday is 5 Dec; 10:00 in Chicago is 16:00 UTC.
    // The chat is not encrypted: neither the place nor the note is echoed, and the lead is told so.
    expect(last(t.group("main"))).toBe(
      "Shift #1 posted: Sat Dec 5, 10am–12pm (America/Chicago) · place sent privately to those signed up · 3 places.\n" +
        "This chat is not end-to-end encrypted, so the place is not shown here; it goes privately to those who sign up. Add area=\"…\" to show an area instead.",
    );
    const shift = new ShiftStore(t.app.store.db).byNum(1, 1)!;
    expect(shift.startsAt).toBe(Date.UTC(2026, 11, 5, 16, 0));
    expect(shift.note).toBe("bring water");
  });

  it("reads Spanish dates in a Spanish chat", async () => {
    t = await network();
    await t.say("main", "Lena", "/idioma es");
    await t.say("main", "Lena", "/turno nuevo sábado 10:00 90m Parroquia 4 área=\"Iglesia del Eastside\"");
    expect(last(t.group("main"))).toBe(
      "Turno #1 publicado: sáb 5 dic, 10:00–11:30 (America/Chicago) · Iglesia del Eastside · 4 lugares.\n" +
        "Este chat no tiene cifrado de extremo a extremo, así que aquí se ve como “Iglesia del Eastside”; el lugar exacto y la nota se mandan por privado a quienes se apunten.",
    );
    expect(new ShiftStore(t.app.store.db).byNum(1, 1)).toMatchObject({ place: "Parroquia", publicPlace: "Iglesia del Eastside" });
    await t.say("main", "Ana", "/turnos");
    expect(last(t.group("main"))).toContain("#1 sáb 5 dic, 10:00–11:30 · Iglesia del Eastside · quedan 4 lugares de 4");
    await t.say("main", "Lena", "/turno nuevo domingo 10:00 1h Parroquia 2");
    // The old word for the label, before "zona" named alert zones too, still reads as the label.
    await t.say("main", "Lena", "/turno nuevo lunes 10:00 1h Parroquia 2 zona=\"Salón parroquial\"");
    expect(new ShiftStore(t.app.store.db).byNum(1, 3)).toMatchObject({ place: "Parroquia", publicPlace: "Salón parroquial" });
    for (const who of ["Ana", "Ben"]) await t.say("main", who, "/apuntarme 1");
    await t.say("main", "Cruz", "/apuntarme 2");
    await t.say("main", "Cruz", "/turnos");
    expect(last(t.group("main"))).toContain("#2 dom 6 dic, 10:00–11:00 · el lugar se manda por privado a quienes se apunten · queda 1 lugar de 2");
    expect(last(t.inbox("Ana"))).toMatch(/^Tu lugar en el turno #1 está confirmado: sáb 5 dic, 10:00 en Parroquia\./);
  });

  it("refuses a member who is not a lead, naming the role, and changes nothing", async () => {
    t = await network();
    await t.say("main", "Ana", "/shift new sat 10am 2h Church 3");
    expect(last(t.group("main"))).toBe("Only a network lead can do that. An admin can give the role with /role grant.");
    expect(new ShiftStore(t.app.store.db).upcoming(1, T0, 10)).toHaveLength(0);
  });

  it("answers a malformed command with its usage line in the chat's language", async () => {
    t = await network();
    await t.say("main", "Lena", "/shift new sat 10am Church three");
    expect(last(t.group("main"))).toBe("Usage: /shift new WHEN DURATION PLACE CAPACITY [NOTE…]");
    await t.say("main", "Lena", "/idioma es");
    // A line that has its shape but a refused value names the parameter instead (tests/unit/params.test.ts).
    await t.say("main", "Ana", "/apuntarme uno");
    expect(last(t.group("main"))).toBe("El número de turno debe ser un número entero del 1 al 1000000; escribiste “uno”.");
  });

  it("fills places, waitlists in order, and promotes the first waiting member on a cancel", async () => {
    t = await network();
    await t.say("main", "Lena", '/shift new sat 10am 2h "Elm St church" 2');
    await t.say("main", "Ana", "/signup 1");
    await t.say("main", "Ben", "/apuntarme 1");
    await t.say("main", "Cruz", "/signup 1");
    expect(last(t.group("main"))).toBe("Shift #1 is full: you're on its waitlist. I've sent you the details privately.");
    expect(t.inbox("Cruz")).toEqual([
      "Shift #1 (Sat Dec 5, 10am at Elm St church) is full. You're number 1 on the waitlist; I'll message you if a place opens.",
    ]);
    await t.say("main", "Dee", "/signup 1");
    expect(last(t.inbox("Dee"))).toContain("number 2 on the waitlist");
    await t.say("main", "Ben", "/cancel 1");
    expect(last(t.group("main"))).toBe("Done: you're off shift #1. Thanks for letting us know.");
    expect(last(t.inbox("Ben"))).toBe("You're off shift #1 (Sat Dec 5, 10am at Elm St church). Thanks for letting us know.");
    expect(t.inbox("Cruz").slice(1)).toEqual([
      "Good news: a place opened on shift #1, Sat Dec 5, 10am at Elm St church. You're on it now. If you can't make it, send /cancel 1.",
    ]);
    expect(t.inbox("Dee")).toHaveLength(1);
    await t.say("main", "Lena", "/shifts");
    expect(last(t.group("main"))).toContain("#1 Sat Dec 5, 10am–12pm · place sent privately to those signed up · full, 1 waiting");
    expect(t.group("main").join("\n")).not.toContain("Elm St");
    await t.dm("Lena", "/shifts");
    expect(last(t.inbox("Lena"))).toContain("#1 Sat Dec 5, 10am–12pm · Elm St church · full, 1 waiting");
  });

  it("sends the roster privately, never to the group", async () => {
    t = await network();
    await t.say("main", "Lena", "/shift new sat 10am 2h Church 2");
    await t.say("main", "Ana", "/signup 1");
    await t.say("main", "Ben", "/signup 1");
    await t.say("main", "Cruz", "/signup 1");
    await t.say("main", "Lena", "/roster 1");
    expect(last(t.group("main"))).toBe("I've sent you the details in a private message.");
    expect(t.group("main").join("\n")).not.toContain("Ana");
    expect(last(t.inbox("Lena"))).toBe(
      ["Shift #1: Sat Dec 5, 10am–12pm at Church", "On the shift (2 of 2):", "1. Ana", "2. Ben", "Waitlist:", "1. Cruz"].join("\n"),
    );
  });

  it("shows the roster in the chat itself when the chat is end-to-end encrypted", async () => {
    t = await network();
    t.adapter.encrypted.add("main");
    await t.say("main", "Lena", "/shift new sat 10am 2h Church 2");
    await t.say("main", "Ana", "/signup 1");
    await t.say("main", "Lena", "/roster 1");
    expect(last(t.group("main"))).toContain("1. Ana");
    expect(t.inbox("Lena").filter((m) => m.includes("Ana"))).toEqual([]);
  });

  it("cancels a shift and tells everyone on it privately", async () => {
    t = await network();
    await t.say("main", "Lena", "/shift new sat 10am 2h Church 1");
    await t.say("main", "Ana", "/signup 1");
    await t.say("main", "Ben", "/signup 1");
    await t.say("main", "Lena", "/shift cancel 1");
    expect(last(t.group("main"))).toBe("Shift #1 is cancelled. I'm telling the 2 people who were on it.");
    for (const who of ["Ana", "Ben"]) {
      expect(last(t.inbox(who))).toBe("Shift #1 (Sat Dec 5, 10am at Church) has been cancelled by a lead. You don't need to go.");
    }
    await t.say("main", "Cruz", "/signup 1");
    expect(last(t.group("main"))).toBe("Shift #1 was cancelled.");
    await t.say("main", "Lena", "/shift new sun 10am 2h Church 1");
    expect(last(t.group("main"))).toContain("· 1 place.");
    await t.say("main", "Ana", "/signup 2");
    await t.say("main", "Lena", "/shift cancel 2");
    expect(last(t.group("main"))).toBe("Shift #2 is cancelled. I'm telling the person who was on it.");
  });

  it("repeats a shift weekly at the same local time across the end of daylight saving", async () => {
    t = await startTestApp({ now: Date.UTC(2026, 9, 20, 12) });
    await t.say("main", "Lena", "/network create Eastside");
    await t.say("main", "Lena", "/network tz America/Chicago");
    await t.say("main", "Lena", "/shift new 2026-10-24 10:00 2h Church 3");
    await t.say("main", "Lena", "/shift repeat 1 weekly 2");
    expect(last(t.group("main"))).toBe("Shift #1 repeated weekly: #2 Sat Oct 31, 10am, #3 Sat Nov 7, 10am.");
    const store = new ShiftStore(t.app.store.db);
    // 10:00 CDT is 15:00 UTC; after 1 November, 10:00 CST is 16:00 UTC.
    expect(store.byNum(1, 2)!.startsAt).toBe(Date.UTC(2026, 9, 31, 15));
    expect(store.byNum(1, 3)!.startsAt).toBe(Date.UTC(2026, 10, 7, 16));
  });

  it("checks members in during the shift and counts no-shows for the lead", async () => {
    t = await network();
    await t.say("main", "Lena", "/shift new sat 10am 2h Church 3");
    await t.say("main", "Ana", "/signup 1");
    await t.say("main", "Ben", "/signup 1");
    await t.say("main", "Ana", "/checkin 1");
    expect(last(t.group("main"))).toBe("Check-in for shift #1 opens an hour before it starts (Sat Dec 5, 10am).");
    t.clock.set(Date.UTC(2026, 11, 5, 16, 5));
    await t.say("main", "Ana", "/checkin 1");
    expect(last(t.group("main"))).toBe("Checked in to shift #1. Thank you for showing up!");
    t.clock.set(Date.UTC(2026, 11, 5, 19));
    await t.say("main", "Lena", "/roster 1");
    const roster = last(t.inbox("Lena"));
    expect(roster).toContain("1. Ana — checked in Sat Dec 5, 10:05am");
    expect(roster).toContain("2. Ben (missed 1 before)");
    expect(roster).toContain("Did not check in: 1");
  });

  it("serializes 1,000 concurrent sign-ups: exactly 10 confirmed, 990 waitlisted in arrival order", async () => {
    // A thousand people in one chat within the same instant is beyond the chat's abuse limit.
    t = await network({ limits: { commandsPerChatPerMinute: 2000 } });
    await t.say("main", "Lena", "/shift new sat 10am 2h Church 10");
    const arrivals = Array.from({ length: 1000 }, (_, i) => `m${String(i).padStart(4, "0")}`);
    await Promise.all(
      arrivals.map((id) =>
        t.adapter.push({
          kind: "command",
          chat: "memory:main",
          author: { id, displayName: id, isBot: false },
          isDirect: false,
          name: "signup",
          args: "1",
        }),
      ),
    );
    const rows = t.app.store.db
      .prepare("SELECT p.user_id, s.status FROM signups s JOIN persons p ON p.id = s.person_id ORDER BY s.id")
      .all() as { user_id: string; status: string }[];
    expect(rows).toHaveLength(1000);
    expect(rows.filter((r) => r.status === "confirmed").map((r) => r.user_id)).toEqual(arrivals.slice(0, 10));
    expect(rows.filter((r) => r.status === "waitlisted").map((r) => r.user_id)).toEqual(arrivals.slice(10));
  });
});

describe("shift reminders", () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it("reminds each confirmed person 24 h and 1 h before, exactly once, across a restart", async () => {
    t = await network();
    await t.say("main", "Lena", "/shift new sat 10am 2h Church 2");
    await t.say("main", "Ana", "/signup 1");
    await t.say("main", "Ben", "/signup 1");
    await t.say("main", "Cruz", "/signup 1"); // waitlisted: no reminder
    const start = Date.UTC(2026, 11, 5, 16);
    t.clock.set(start - 24 * HOUR + 60_000);
    t.app.scheduler.runOnce();
    t.app.scheduler.runOnce();
    await t.app.delivery.flush();
    const reminder = "Reminder: your door-knocking shift #1 starts Sat Dec 5, 10am at Church. If you can't make it, send /cancel 1.";
    const reminders = (who: string) => t.inbox(who).filter((m) => m.startsWith("Reminder"));
    expect(reminders("Ana")).toEqual([reminder]);
    expect(reminders("Ben")).toEqual([reminder]);
    expect(reminders("Cruz")).toEqual([]);

    // Restart on the same database: nothing is sent again, and the 1 h reminder still comes.
    const { dir, clock, adapter } = t;
    await t.stop();
    t = await startTestApp({ dir, clock, adapter });
    t.app.scheduler.runOnce();
    await t.app.delivery.flush();
    expect(reminders("Ana")).toHaveLength(1);
    clock.set(start - HOUR + 60_000);
    t.app.scheduler.runOnce();
    await t.app.delivery.flush();
    expect(reminders("Ana")).toEqual([reminder, reminder]);
    expect(reminders("Ben")).toHaveLength(2);
  });

  it("does not send a 24 h reminder to someone who signed up within the last day", async () => {
    t = await network();
    await t.say("main", "Lena", "/shift new sat 10am 2h Church 2");
    const start = Date.UTC(2026, 11, 5, 16);
    t.clock.set(start - 3 * HOUR);
    await t.say("main", "Ana", "/signup 1");
    t.app.scheduler.runOnce();
    await t.app.delivery.flush();
    const reminders = () => t.inbox("Ana").filter((m) => m.startsWith("Reminder"));
    expect(reminders()).toEqual([]);
    t.clock.set(start - 30 * 60_000);
    t.app.scheduler.runOnce();
    await t.app.delivery.flush();
    expect(reminders()).toHaveLength(1);
  });
});

describe("shift buttons", () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it("signs up by button and redraws the message it came from with the places left", async () => {
    t = await network();
    await t.say("main", "Lena", "/shift new sat 10am 2h Church 2");
    const posted = t.adapter.sent.find((s) => s.to === "memory:main" && s.msg.buttons?.length)!;
    const button = posted.msg.buttons![0]!;
    expect(button).toEqual({ label: "Sign up #1", action: "signup", payload: "1" });
    await t.adapter.push({
      kind: "action",
      chat: "memory:main",
      author: { id: "ana", displayName: "Ana", isBot: false },
      isDirect: false,
      action: button.action,
      payload: button.payload,
      messageId: "m-origin",
    });
    await t.app.delivery.flush();
    expect(t.group("main")).toContain("Your place on shift #1 is confirmed. I've sent you the details privately.");
    expect(t.inbox("Ana")).toEqual(["You're on shift #1: Sat Dec 5, 10am at Church. I'll remind you 24 hours and 1 hour before."]);
    expect(last(t.group("main"))).toBe("(edited m-origin) #1 Sat Dec 5, 10am–12pm · place sent privately to those signed up · 1 of 2 places left");
  });

  it("refuses a forged button that names a command buttons may not run, and changes nothing", async () => {
    t = await network();
    await t.adapter.push({
      kind: "action",
      chat: "memory:main",
      author: { id: "mallory", displayName: "Mallory", isBot: false },
      isDirect: false,
      action: "network.unlink",
      payload: "",
    });
    expect(last(t.group("main"))).toBe("That button is no longer valid.");
    expect(t.app.store.db.prepare("SELECT count(*) AS n FROM persons WHERE user_id = 'mallory'").get()).toEqual({ n: 0 });
  });
});

describe("sign-up confirmations", () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it("promise only the reminders that will still come", async () => {
    t = await network();
    await t.say("main", "Lena", "/shift new sat 10am 2h Church 5");
    const start = Date.UTC(2026, 11, 5, 16);
    t.clock.set(start - 5 * HOUR);
    await t.say("main", "Ana", "/signup 1");
    expect(last(t.inbox("Ana"))).toBe("You're on shift #1: Sat Dec 5, 10am at Church. I'll remind you 1 hour before.");
    t.clock.set(start - 30 * 60_000);
    await t.say("main", "Ben", "/signup 1");
    expect(last(t.inbox("Ben"))).toBe("You're on shift #1: Sat Dec 5, 10am at Church.");
  });
});

describe("where a shift's place is shown", () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it("shows the exact place and the note in a private chat or an encrypted room, and tells the lead how groups see it", async () => {
    t = await network();
    t.adapter.encrypted.add("safe");
    await t.say("main", "Lena", "/network invite");
    const code = /\/network link (\S+)/.exec(last(t.inbox("Lena")))![1];
    await t.say("safe", "Ana", `/network link ${code}`);
    await t.dm("Lena", '/shift new sat 10am 2h "2209 Hollowell St" 4 ask for Dolores area="Eastside church"');
    expect(last(t.inbox("Lena"))).toBe(
      "Shift #1 posted: Sat Dec 5, 10am–12pm (America/Chicago) · 2209 Hollowell St · 4 places.\nNote: ask for Dolores\n" +
        "In chats that are not end-to-end encrypted it shows as “Eastside church”; the exact place and the note go only to those who sign up.",
    );
    await t.say("safe", "Ana", "/shifts");
    expect(last(t.group("safe"))).toContain("· 2209 Hollowell St ·");
    await t.say("main", "Ben", "/shifts");
    expect(last(t.group("main"))).toContain("#1 Sat Dec 5, 10am–12pm · Eastside church · 4 of 4 places left");
    await t.say("safe", "Ana", "/signup 1");
    expect(last(t.group("safe"))).toBe(
      "You're on shift #1: Sat Dec 5, 10am at 2209 Hollowell St. I'll remind you 24 hours and 1 hour before.\nNote: ask for Dolores",
    );
    await t.say("main", "Ben", "/signup 1");
    expect(last(t.group("main"))).toBe("Your place on shift #1 is confirmed. I've sent you the details privately.");
    expect(last(t.inbox("Ben"))).toContain("2209 Hollowell St");
    expect(t.group("main").join("\n")).not.toMatch(/Hollowell|Dolores|Ben/);
    // The roster, privately, carries the note for the lead.
    await t.dm("Lena", "/roster 1");
    expect(last(t.inbox("Lena"))).toContain("Note: ask for Dolores");
  });

  it("repeats keep the public label", async () => {
    t = await network();
    await t.say("main", "Lena", '/shift new sat 10am 2h "2209 Hollowell St" 4 area="Eastside church"');
    await t.say("main", "Lena", "/shift repeat 1 weekly 1");
    expect(new ShiftStore(t.app.store.db).byNum(1, 2)).toMatchObject({ place: "2209 Hollowell St", publicPlace: "Eastside church" });
  });
});
