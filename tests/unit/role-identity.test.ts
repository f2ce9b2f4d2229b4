import { afterEach, describe, expect, it } from "vitest";
import type { Author, NamedPerson } from "../../src/core/port.js";
import { last, startTestApp, type TestApp } from "../support/app.js";

let t: TestApp;
afterEach(async () => t?.close());

const LENA: Author = { id: "lena", displayName: "Lena", isBot: false };

/** Lena creates a network in chat `main`, in `lang`. */
async function network(lang: "en" | "es" = "en"): Promise<TestApp> {
  const app = await startTestApp();
  await app.say("main", "Lena", "/network create Eastside");
  if (lang === "es") await app.say("main", "Lena", "/lang es");
  return app;
}

/** Lena sends `/role ARGS` in `main`, with what the platform vouches for. */
let messageId = 0;
async function roleCommand(args: string, extra: { mentions?: NamedPerson[]; repliedTo?: NamedPerson } = {}): Promise<void> {
  await t.adapter.push({ kind: "command", chat: "memory:main", author: LENA, isDirect: false, name: "role", args, interactionId: `m${++messageId}`, ...extra });
  await t.app.delivery.flush(5000);
}

function rolesOf(userId: string): string[] {
  return (
    t.app.store.db
      .prepare("SELECT r.role FROM roles r JOIN persons p ON p.id = r.person_id WHERE p.user_id = ? ORDER BY r.role")
      .all(userId) as { role: string }[]
  ).map((r) => r.role);
}

/** The confirm button Lena was sent privately, last. */
function confirmButton() {
  const sent = t.adapter.sent.filter((s) => s.to === "dm:lena" && s.msg.buttons?.length).at(-1);
  return sent?.msg.buttons?.[0];
}

describe("roles go to the person the platform names", () => {
  it("grants by mention to a member who never spoke, who then stays a member", async () => {
    t = await network();
    await roleCommand("grant Bea verifier", { mentions: [{ id: "bea", displayName: "Bea" }] });
    expect(last(t.group("main"))).toBe("Done. I've sent you the details privately.");
    expect(last(t.inbox("Lena"))).toBe("Bea is now a verifier.");
    expect(rolesOf("bea")).toEqual(["verifier"]);
    t.app.services.people.purgeStrangers();
    expect(rolesOf("bea")).toEqual(["verifier"]);
    // A mention of the same person again changes nothing and says so.
    await roleCommand("grant Bea verifier", { mentions: [{ id: "bea", displayName: "Bea" }] });
    expect(last(t.group("main"))).toBe("Bea is already a verifier.");
  });

  it("grants and revokes by replying to the member's message", async () => {
    t = await network();
    await roleCommand("grant verifier", { repliedTo: { id: "bea", displayName: "Bea" } });
    expect(last(t.group("main"))).toBe("Done. I've sent you the details privately.");
    expect(last(t.inbox("Lena"))).toBe("Bea is now a verifier.");
    await roleCommand("revoke verifier", { repliedTo: { id: "bea", displayName: "Bea" } });
    expect(last(t.group("main"))).toBe("Done. I've sent you the details privately.");
    expect(last(t.inbox("Lena"))).toBe("Bea is no longer a verifier.");
    expect(rolesOf("bea")).toEqual([]);
  });

  it("refuses a grant that names nobody, and two mentions at once", async () => {
    t = await network();
    await roleCommand("grant verifier");
    expect(last(t.group("main"))).toBe("Say who: mention them, reply to one of their messages with this command, or give their name.");
    await roleCommand("grant Bea Val verifier", { mentions: [{ id: "bea", displayName: "Bea" }, { id: "val", displayName: "Val" }] });
    expect(last(t.group("main"))).toBe("Mention one person at a time.");
    expect(rolesOf("bea")).toEqual([]);
  });

  it("never grants an impostor's taken name without the admin confirming who it is, shown privately", async () => {
    t = await network();
    // Mallory takes the name of the verifier-to-be before Bea ever speaks.
    await t.adapter.push({ kind: "command", chat: "memory:main", author: { id: "mallory", displayName: "Bea", isBot: false }, isDirect: false, name: "network", args: "info" });
    await t.app.delivery.flush(5000);
    await roleCommand("grant Bea verifier");
    expect(rolesOf("mallory")).toEqual([]);
    // The group sees only a neutral line; the identity goes to Lena alone.
    expect(last(t.group("main"))).toBe("I've sent you the details in a private message.");
    expect(t.group("main").join("\n")).not.toContain("mallory");
    const shown = last(t.inbox("Lena"));
    expect(shown).toContain("The one member with it is Bea: test id mallory, first seen Tue Dec 1, 12pm.");
    expect(shown).toContain("mention them or reply to one of their messages instead");
    // Lena sees it is not Bea's account and grants by mention instead: the impostor has nothing.
    await roleCommand("grant Bea verifier", { mentions: [{ id: "bea", displayName: "Bea" }] });
    expect(rolesOf("mallory")).toEqual([]);
    expect(rolesOf("bea")).toEqual(["verifier"]);
  });

  it("grants a bare name once the admin presses Confirm, or sends the confirm line where there are no buttons", async () => {
    t = await network();
    await t.say("main", "Bea", "/network info");
    await roleCommand("grant Bea verifier");
    expect(rolesOf("bea")).toEqual([]);
    const button = confirmButton()!;
    expect(button.label).toBe("Confirm");
    await t.adapter.push({ kind: "action", chat: "memory:@lena", author: LENA, isDirect: true, action: button.action, payload: button.payload });
    await t.app.delivery.flush(5000);
    expect(rolesOf("bea")).toEqual(["verifier"]);
    expect(last(t.inbox("Lena"))).toBe("Bea is now a verifier.");

    await roleCommand("revoke Bea verifier");
    expect(rolesOf("bea")).toEqual(["verifier"]);
    const line = /send (\/role revoke #\d+\.\d+ verifier)/.exec(t.inbox("Lena").join("\n"))![1]!;
    await t.dm("Lena", line);
    expect(rolesOf("bea")).toEqual([]);
    expect(last(t.inbox("Lena"))).toBe("Bea is no longer a verifier.");
  });

  it("refuses a confirmation forged by a member, and one meant for another network", async () => {
    t = await network();
    await t.say("main", "Bea", "/network info");
    await roleCommand("grant Bea verifier");
    const button = confirmButton()!;
    await t.adapter.push({ kind: "action", chat: "memory:main", author: { id: "bea", displayName: "Bea", isBot: false }, isDirect: false, action: button.action, payload: button.payload });
    await t.app.delivery.flush(5000);
    expect(last(t.group("main"))).toBe("Only a network admin can do that. An admin can give the role with /role grant.");
    await t.say("west", "Lena", "/network create Westside");
    await t.say("west", "Lena", `/role grant #999.${button.payload.split(".")[1]}`);
    expect(last(t.group("west"))).toBe("That confirmation belongs to another network. Send it in one of that network's chats.");
    expect(rolesOf("bea")).toEqual([]);
  });

  it("refuses an ambiguous name, telling the admin to mention or reply, in English and Spanish", async () => {
    t = await network();
    await t.say("main", "Bea", "/network info");
    await t.adapter.push({ kind: "command", chat: "memory:main", author: { id: "mallory", displayName: "bea", isBot: false }, isDirect: false, name: "network", args: "info" });
    await t.app.delivery.flush(5000);
    await roleCommand("grant Bea verifier");
    expect(last(t.group("main"))).toBe(
      "2 members are called “Bea”, and anyone can take a name. Mention the person you mean, or reply to one of their messages with the command.",
    );
    await t.say("main", "Lena", "/lang es");
    await roleCommand("grant Bea verifier");
    expect(last(t.group("main"))).toBe(
      "2 miembros se llaman “Bea”, y cualquiera puede ponerse un nombre. Menciona a la persona que quieres decir o responde a uno de sus mensajes con el comando.",
    );
    expect(rolesOf("bea")).toEqual([]);
    expect(rolesOf("mallory")).toEqual([]);
  });

  it("asks for confirmation in Spanish, with the date as people say it", async () => {
    t = await network("es");
    await t.say("main", "Bea", "/network info");
    await roleCommand("grant Bea verifier");
    expect(last(t.group("main"))).toBe("Te mandé los detalles por mensaje privado.");
    const shown = last(t.inbox("Lena"));
    expect(shown).toContain("El único miembro con ese nombre es Bea: id de test bea, que apareció por primera vez el martes 1 de diciembre a las 12:00.");
    expect(shown).toContain("toca Confirmar (o envía /rol dar #");
    expect(confirmButton()!.label).toBe("Confirmar");
    const line = /envía (\/rol dar #\d+\.\d+ verificación)/.exec(shown)![1]!;
    await t.dm("Lena", line);
    expect(rolesOf("bea")).toEqual(["verifier"]);
  });
});
