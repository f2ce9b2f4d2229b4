import { afterEach, describe, expect, it } from "vitest";
import { compactionDue, lastCompaction } from "../../src/store/compact.js";
import { last, startTestApp, T0, type TestApp } from "../support/app.js";

/** Eastside, run by Lena; Ana on two shifts (one full, with Cruz waiting behind her) and a lead. */
async function story(): Promise<TestApp> {
  const t = await startTestApp();
  await t.say("main", "Lena", "/network create Eastside");
  await t.say("main", "Lena", "/role grant Lena lead");
  await t.say("main", "Lena", '/shift new sat 10am 2h "Elm St church" 1');
  await t.say("main", "Lena", '/shift new sun 10am 2h "Oak Ave school" 3');
  await t.say("main", "Ana", "/signup 1");
  await t.say("main", "Cruz", "/signup 1");
  await t.say("main", "Ana", "/signup 2");
  await t.say("main", "Lena", "/role grant ana lead");
  return t;
}

function count(t: TestApp, sql: string, ...params: unknown[]): number {
  return (t.app.store.db.prepare(sql).get(...params) as { n: number }).n;
}

const anaRow = "SELECT count(*) AS n FROM persons WHERE user_id = 'ana'";

/** The code in the confirmation message. */
function codeIn(text: string): string {
  const m = /\/(?:forgetme|olvidame) ([A-Z0-9]{6})/.exec(text);
  if (!m) throw new Error(`no code in: ${text}`);
  return m[1]!;
}

describe("/privacy", () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it("tells a member privately what is kept about them, for how long, and which chats are encrypted", async () => {
    t = await story();
    t.adapter.encrypted.add("secure");
    await t.say("main", "Lena", "/network invite");
    const code = /[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(last(t.inbox("Lena")))![0];
    await t.say("secure", "Lena", `/network link ${code}`);
    await t.say("main", "Ana", "/privacy");
    expect(last(t.group("main"))).toBe("I've sent you the details in a private message.");
    const report = last(t.inbox("Ana"));
    expect(report).toContain("What I keep about you (your test account):");
    expect(report).toContain("• 2 shift sign-ups (with waitlist places and check-ins): deleted 30 days after the shift ends.");
    expect(report).toContain("• 1 role given to you: until an admin takes it away or you use /forgetme.");
    expect(report).toContain("• 1 network you belong to, and when you last used me there: until you use /forgetme.");
    expect(report).toContain("Chats of “Eastside”: test: 2 (1 end-to-end encrypted).");
    expect(report).toContain("This chat is not end-to-end encrypted: test can read it.");
    expect(t.group("main").join("\n")).not.toContain("sign-ups");
  });

  it("answers in the member's language, shown directly in an encrypted chat", async () => {
    t = await story();
    await t.dm("Ana", "/idioma es");
    await t.dm("Ana", "/privacidad");
    const report = last(t.inbox("Ana"));
    expect(report).toContain("• 2 inscripciones en turnos (con lugares en la lista de espera y llegadas): se borran 30 días después de que termine el turno.");
    expect(report).toContain("Nuestro chat privado no tiene cifrado de extremo a extremo");
    expect(report).toContain("mándame /olvidame");
  });
});

describe("/forgetme", () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it("refuses in a group chat and changes nothing", async () => {
    t = await story();
    await t.say("main", "Ana", "/forgetme");
    expect(last(t.group("main"))).toBe("For your safety, send /forgetme to me in a private chat, not here.");
    expect(count(t, "SELECT count(*) AS n FROM privacy_confirmations")).toBe(0);
  });

  it("tells someone it does not know that there is nothing to forget, and keeps no trace of them", async () => {
    t = await story();
    await t.dm("Zed", "/forgetme");
    expect(t.inbox("Zed")).toEqual([
      "I have nothing stored about you: you are in no network and have no sign-ups, roles or reports. There is nothing to forget.",
    ]);
    expect(count(t, "SELECT count(*) AS n FROM persons WHERE user_id = 'zed'")).toBe(0);
  });

  it("asks for a code, refuses a wrong one, then removes everything and says what went", async () => {
    t = await story();
    await t.dm("Ana", "/forgetme");
    const ask = last(t.inbox("Ana"));
    expect(ask).toContain("This deletes, in every network:");
    expect(ask).toContain("• 2 shift sign-ups (with waitlist places and check-ins)");
    expect(ask).toContain("• 1 role given to you");
    const code = codeIn(ask);

    await t.dm("Ana", "/forgetme WRONG1");
    expect(last(t.inbox("Ana"))).toBe("That confirmation code is wrong or has expired, so nothing was deleted. Send /forgetme for a new one.");
    expect(count(t, anaRow)).toBe(1);
    expect(count(t, "SELECT count(*) AS n FROM signups")).toBe(3);

    await t.dm("Ana", `/forgetme ${code.toLowerCase()}`);
    const done = last(t.inbox("Ana"));
    expect(done).toContain("Done. I deleted or anonymised:");
    expect(done).toContain("• 2 shift sign-ups");
    expect(done).toContain("• 1 role given to you");
    expect(done).toContain("• 1 network you belong to");

    // Nothing points to Ana any more; Cruz, who waited behind her, has her place and was told.
    expect(count(t, anaRow)).toBe(0);
    expect(count(t, "SELECT count(*) AS n FROM signups")).toBe(1);
    expect(count(t, "SELECT count(*) AS n FROM signups WHERE status = 'confirmed'")).toBe(1);
    expect(count(t, "SELECT count(*) AS n FROM roles WHERE role = 'lead'")).toBe(1);
    expect(last(t.inbox("Cruz"))).toContain("Good news: a place opened on shift #1");
    // The role grant stays in the audit, without her id; the forget-me is recorded without a name.
    // The grant stays on record, pointing at nobody.
    expect(count(t, "SELECT count(*) AS n FROM audit WHERE action = 'role.grant' AND subject = 'lead' AND subject_person_id IS NULL")).toBe(1);
    expect(count(t, "SELECT count(*) AS n FROM audit WHERE action = 'privacy.forget' AND actor_id IS NULL")).toBe(1);
    // Compacted before the answer: nothing of hers waits in free pages or the log (see erasure.test.ts).
    expect(compactionDue(t.app.store.db)).toBe(false);
    expect(lastCompaction(t.app.store.db)).toBe(T0);

    // A code works once.
    await t.dm("Ana", `/forgetme ${code}`);
    expect(last(t.inbox("Ana"))).toBe(
      "I have nothing stored about you: you are in no network and have no sign-ups, roles or reports. There is nothing to forget.",
    );
  });

  it("confirms with the button, and refuses a code that has expired", async () => {
    t = await story();
    await t.dm("Ana", "/forgetme");
    const old = codeIn(last(t.inbox("Ana")));
    t.clock.advance(11 * 60_000);
    await t.dm("Ana", `/forgetme ${old}`);
    expect(last(t.inbox("Ana"))).toContain("wrong or has expired");
    expect(count(t, anaRow)).toBe(1);

    await t.dm("Ana", "/forgetme");
    const sent = t.adapter.sent.filter((s) => s.to === "memory:@ana").at(-1)!;
    const button = sent.msg.buttons![0]!;
    expect(button.label).toBe("Yes, forget me");
    await t.adapter.push({
      kind: "action",
      chat: "memory:@ana",
      author: { id: "ana", displayName: "Ana", isBot: false },
      isDirect: true,
      action: button.action,
      payload: button.payload,
    });
    await t.app.delivery.flush(5000);
    expect(last(t.inbox("Ana"))).toContain("Done. I deleted or anonymised:");
    expect(count(t, anaRow)).toBe(0);
  });

  it("removes messages held for the person", async () => {
    t = await story();
    t.adapter.unreachable.add("ana");
    await t.say("main", "Lena", "/shift cancel 2");
    expect(count(t, "SELECT count(*) AS n FROM outbox WHERE target = 'ana' AND status = 'held'")).toBe(1);
    t.adapter.unreachable.delete("ana");
    await t.dm("Ana", "/forgetme");
    await t.dm("Ana", `/forgetme ${codeIn(last(t.inbox("Ana")))}`);
    expect(count(t, "SELECT count(*) AS n FROM outbox WHERE target = 'ana'")).toBe(0);
  });
});

describe("/forgetme by the network's only admin", () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it("is refused, deleting nothing, until the admin role is handed over", async () => {
    t = await story();
    await t.dm("Lena", "/forgetme");
    expect(last(t.inbox("Lena"))).toBe(
      "You are the only admin of Eastside. Give the admin role to someone else first (/role grant MEMBER admin), then send /forgetme again. Nothing was deleted.",
    );
    expect(count(t, "SELECT count(*) AS n FROM persons WHERE user_id = 'lena'")).toBe(1);
    await t.say("main", "Lena", "/role grant ana admin");
    await t.dm("Lena", "/forgetme");
    expect(last(t.inbox("Lena"))).toContain("This deletes, in every network:");
  });
});
