import { afterEach, describe, expect, it } from "vitest";
import type { Button } from "../../src/core/port.js";
import { last, startTestApp, type TestApp } from "../support/app.js";

/**
 * Buttons follow a shift's state: Sign up while places are left, Join waitlist once full, Cancel my
 * place once anyone is on it; redrawn after each press. The presser's own state shows privately.
 */

let t: TestApp;
afterEach(async () => t?.close());

async function network(): Promise<TestApp> {
  const app = await startTestApp();
  await app.say("main", "Lena", "/network create Eastside");
  await app.say("main", "Lena", "/network tz America/Chicago");
  await app.say("main", "Lena", "/role grant Lena lead");
  return app;
}

let pressId = 0;
/** `who` presses `button` on message `messageId` of `chat` (a group, or `@who` for their direct chat). */
async function press(who: string, button: Button, messageId: string, chat = "main"): Promise<void> {
  await t.adapter.push({
    kind: "action",
    chat: `memory:${chat}`,
    author: { id: who.toLowerCase(), displayName: who, isBot: false },
    isDirect: chat.startsWith("@"),
    action: button.action,
    payload: button.payload,
    messageId,
    interactionId: `press${++pressId}`,
  });
  await t.app.delivery.flush();
}

/** The labels of the last message (or edit) sent to `to`. */
function lastLabels(to: string): string[] {
  return (t.adapter.sent.filter((s) => s.to === to).at(-1)?.msg.buttons ?? []).map((b) => b.label);
}

function lastButton(to: string, label: string): Button {
  const found = t.adapter.sent.filter((s) => s.to === to && s.msg.buttons?.some((b) => b.label === label)).at(-1);
  if (!found) throw new Error(`no button ${label} sent to ${to}`);
  return found.msg.buttons!.find((b) => b.label === label)!;
}

describe("shift buttons follow state", () => {
  it("offers sign up, then the waitlist and cancel, redrawn after each press", async () => {
    t = await network();
    await t.say("main", "Lena", "/shift new sat 10am 2h Church 1");
    expect(lastLabels("memory:main")).toEqual(["Sign up #1"]);
    const signUp = lastButton("memory:main", "Sign up #1");

    await press("Ana", signUp, "card");
    expect(last(t.group("main"))).toBe("(edited card) #1 Sat Dec 5, 10am–12pm · place sent privately to those signed up · full");
    expect(lastLabels("memory:main")).toEqual(["Join waitlist #1", "Cancel my place #1"]);
    // Ana's own answer, privately, carries the button to leave.
    expect(lastLabels("dm:ana")).toEqual(["Cancel my place #1"]);

    await press("Ben", lastButton("memory:main", "Join waitlist #1"), "card");
    expect(t.group("main")).toContain("Shift #1 is full: you're on its waitlist. I've sent you the details privately.");
    expect(last(t.group("main"))).toBe("(edited card) #1 Sat Dec 5, 10am–12pm · place sent privately to those signed up · full, 1 waiting");
    expect(lastLabels("dm:ben")).toEqual(["Leave waitlist #1"]);

    // Ana leaves with the button in her private chat: Ben moves up, and she may sign up again.
    await press("Ana", lastButton("dm:ana", "Cancel my place #1"), "dm-1", "@ana");
    expect(t.inbox("Ben").join("\n")).toContain("Good news: a place opened on shift #1");
    expect(lastLabels("memory:@ana")).toEqual(["Join waitlist #1"]);

    await t.say("main", "Ben", "/cancel 1");
    await t.say("main", "Ana", "/shifts");
    expect(last(t.group("main"))).toBe("Upcoming shifts (America/Chicago):\n#1 Sat Dec 5, 10am–12pm · place sent privately to those signed up · 1 of 1 place left");
    expect(lastLabels("memory:main")).toEqual(["Sign up #1"]);
  });

  it("shows the shift buttons in Spanish", async () => {
    t = await network();
    await t.say("main", "Lena", "/lang es");
    await t.say("main", "Lena", "/turno nuevo sábado 10:00 2h Iglesia 1");
    await press("Ana", lastButton("memory:main", "Apuntarme #1"), "card");
    expect(lastLabels("memory:main")).toEqual(["Entrar a la lista de espera #1", "Cancelar mi lugar #1"]);
    expect(lastLabels("dm:ana")).toEqual(["Cancelar mi lugar #1"]);
  });
});

describe("/myshifts", () => {
  it("lists a member's shifts privately, with a button to leave each, redrawn after a press", async () => {
    t = await network();
    await t.say("main", "Lena", "/shift new sat 10am 2h Church 1");
    await t.say("main", "Lena", "/shift new sun 10am 2h Park 5");
    await t.say("main", "Ana", "/myshifts");
    expect(last(t.group("main"))).toBe("I've sent you the details in a private message.");
    expect(last(t.inbox("Ana"))).toBe("You're not on any upcoming shift. /shifts lists them.");
    await t.say("main", "Ben", "/signup 1");
    await t.say("main", "Ana", "/signup 1");
    await t.say("main", "Ana", "/signup 2");
    await t.say("main", "Ana", "/myshifts");
    // The place never reaches the plain group.
    expect(t.group("main").join("\n")).not.toMatch(/Church|Park/);
    expect(last(t.inbox("Ana"))).toBe(
      [
        "Your upcoming shifts (America/Chicago):",
        "#1 Sat Dec 5, 10am–12pm at Church: number 1 on the waitlist",
        "#2 Sun Dec 6, 10am–12pm at Park: you're on it",
      ].join("\n"),
    );
    expect(lastLabels("dm:ana")).toEqual(["Leave waitlist #1", "Cancel my place #2"]);
    await press("Ana", lastButton("dm:ana", "Cancel my place #2"), "mine-1", "@ana");
    const redrawn = t.adapter.sent.filter((s) => s.to === "memory:@ana" && s.msg.text.startsWith("(edited mine-1)")).at(-1)!;
    expect(redrawn.msg.text).toBe("(edited mine-1) Your upcoming shifts (America/Chicago):\n#1 Sat Dec 5, 10am–12pm at Church: number 1 on the waitlist");
    expect(redrawn.msg.buttons!.map((b) => b.label)).toEqual(["Leave waitlist #1"]);
    await t.say("main", "Lena", "/lang es");
    await t.say("main", "Ana", "/misturnos");
    expect(last(t.adapter.textsTo("dm:ana"))).toBe("Tus próximos turnos (America/Chicago):\n#1 sáb 5 dic, 10:00–12:00 en Church: vas en el lugar 1 de la lista de espera");
  });
});

describe("/shifts in pages", () => {
  it("says how many more there are and turns pages by command and by button", async () => {
    t = await network();
    for (let i = 1; i <= 18; i++) await t.say("main", "Lena", `/shift new 2026-12-${String(i + 2).padStart(2, "0")} 10:00 2h Church 3`);
    await t.say("main", "Ana", "/shifts");
    const first = last(t.group("main")).split("\n");
    expect(first[0]).toBe("Upcoming shifts (America/Chicago): (page 1 of 2)");
    expect(first).toHaveLength(1 + 15 + 1);
    expect(first.at(-1)).toBe("…and 3 more: send /shifts 2");
    expect(lastLabels("memory:main").at(-1)).toBe("Next page ›");
    await t.say("main", "Ana", "/shifts 2");
    const second = last(t.group("main")).split("\n");
    expect(second[0]).toBe("Upcoming shifts (America/Chicago): (page 2 of 2)");
    expect(second.slice(1).map((l) => l.split(" ")[0])).toEqual(["#16", "#17", "#18"]);
    expect(lastLabels("memory:main")).toEqual(["Sign up #16", "Sign up #17", "Sign up #18", "‹ Previous page"]);
    // Next on the first page turns it in place.
    await t.say("main", "Ana", "/shifts");
    await press("Ana", lastButton("memory:main", "Next page ›"), "list-1");
    expect(last(t.group("main"))).toMatch(/^\(edited list-1\) Upcoming shifts \(America\/Chicago\): \(page 2 of 2\)\n#16 /);
    // A sign-up on page 2 redraws page 2.
    await press("Ana", lastButton("memory:main", "Sign up #17"), "list-1");
    expect(last(t.group("main"))).toContain("(page 2 of 2)\n#16 ");
    expect(last(t.group("main"))).toContain("#17 Sat Dec 19, 10am–12pm · place sent privately to those signed up · 2 of 3 places left");
    await t.say("main", "Ana", "/shifts 3");
    expect(last(t.group("main"))).toBe("There is no page 3: the upcoming shifts fill 2. Send /shifts to start from the first.");
    await t.say("main", "Lena", "/lang es");
    await t.say("main", "Ana", "/turnos");
    expect(last(t.group("main")).split("\n").at(-1)).toBe("…y 3 más: envía /turnos 2");
  });
});
