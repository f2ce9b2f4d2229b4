import { afterEach, describe, expect, it } from "vitest";
import type { Author, NamedPerson } from "../../src/core/port.js";
import { last, type TestApp } from "../support/app.js";
import { canvassNetwork, canvassStore } from "./support.js";

/** `/assign` takes the member the platform names, like roles do; a bare name only asks the lead to confirm. */

let t: TestApp;
afterEach(async () => t?.close());

const LENA: Author = { id: "lena", displayName: "Lena", isBot: false };
let n = 0;

async function assign(args: string, extra: { mentions?: NamedPerson[]; repliedTo?: NamedPerson } = {}): Promise<void> {
  await t.adapter.push({ kind: "command", chat: "memory:main", author: LENA, isDirect: false, name: "assign", args, interactionId: `a${++n}`, ...extra });
  await t.app.delivery.flush(5000);
}

function holder(code: string): string | null {
  const personId = canvassStore(t).block(1, code)!.claim?.personId;
  return personId === undefined || personId === null ? null : (t.app.services.people.byId(personId)?.userId ?? null);
}

describe("/assign by platform identity", () => {
  it("assigns by mention, by reply and by user id, also to someone who never spoke", async () => {
    t = await canvassNetwork();
    await assign("1 B1 Cleo", { mentions: [{ id: "cleo", displayName: "Cleo" }] });
    expect(holder("B1")).toBe("cleo");
    expect(last(t.group("main"))).toBe("Block B1 of canvass #1 is assigned. The person who has it got the details privately, and so did you.");
    expect(last(t.inbox("Cleo"))).toContain("Block B1 of canvass #1 “Elm raid” is yours until");
    // Cleo is a member now: the stranger purge keeps her.
    t.app.services.people.purgeStrangers();
    expect(holder("B1")).toBe("cleo");
    await assign("1 B2", { repliedTo: { id: "dora", displayName: "Dora" } });
    expect(holder("B2")).toBe("dora");
    await assign("1 B3 ben");
    expect(holder("B3")).toBe("ben");
    expect(last(t.inbox("Lena"))).toBe("Block B3 of canvass #1 is assigned to Ben; I've sent them the details privately.");
  });

  it("never assigns a bare name without the lead confirming who it is, privately", async () => {
    t = await canvassNetwork();
    // Mallory takes Ben's name.
    await t.adapter.push({ kind: "command", chat: "memory:main", author: { id: "mallory", displayName: "Ben", isBot: false }, isDirect: false, name: "shifts", args: "" });
    await t.app.delivery.flush(5000);
    await assign("1 B1 Ben");
    expect(holder("B1")).toBeNull();
    expect(last(t.group("main"))).toBe(
      "2 members are called “Ben”, and anyone can take a name. Mention the person you mean, or reply to one of their messages with the command.",
    );
    await assign("1 B1 Ana");
    expect(holder("B1")).toBeNull();
    expect(last(t.group("main"))).toBe("I've sent you the details in a private message.");
    const asked = t.adapter.sent.filter((s) => s.to === "dm:lena" && s.msg.buttons?.length).at(-1)!;
    expect(asked.msg.text).toContain("The one member with it is Ana: test id ana, first seen Tue Dec 1, 6am.");
    expect(asked.msg.text).toContain("to give them block B1 of canvass #1");
    const button = asked.msg.buttons![0]!;
    expect(button.label).toBe("Confirm");
    await t.adapter.push({ kind: "action", chat: "memory:@lena", author: LENA, isDirect: true, action: button.action, payload: button.payload });
    await t.app.delivery.flush(5000);
    expect(holder("B1")).toBe("ana");
    expect(last(t.inbox("Lena"))).toBe("Block B1 of canvass #1 is assigned to Ana; I've sent them the details privately.");
  });

  it("asks in Spanish with the confirm line in Spanish words", async () => {
    t = await canvassNetwork();
    await t.say("main", "Lena", "/lang es");
    await assign("1 B2 Ana");
    const shown = t.adapter.sent.filter((s) => s.to === "dm:lena" && s.msg.buttons?.length).at(-1)!.msg;
    expect(shown.text).toContain("El único miembro con ese nombre es Ana: id de test ana, que apareció por primera vez el martes 1 de diciembre a las 6:00.");
    expect(shown.buttons![0]!.label).toBe("Confirmar");
    const line = /envía (\/asignar 1 B2 #\d+\.\d+)/.exec(shown.text)![1]!;
    await t.dm("Lena", line);
    expect(holder("B2")).toBe("ana");
  });
});
