import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { MemoryAdapter, type MemorySent } from "../../adapters/memory/index.js";
import { type ChatRef, parseCommandLine } from "../../src/core/port.js";
import { startTestApp, type TestApp } from "../support/app.js";

/**
 * The need-to-know rule, walked through every command on the memory adapter: the same story runs
 * in a plain group, an end-to-end encrypted room and a channel with ephemeral replies (Discord's
 * kind), and the test reads what each chat and each person received.
 */

const ADDRESS = "2209 Hollowell St";
const NOTE = "ask for Dolores";
const AREA = "Eastside church";
const SCENE = "4417 Larkspur Avenue";
const BLOCK_LABEL = "Maple Rd 100-200";
const SIGHTING = "1420 Elm St, apt 3";
/** People whose names a plain group must never read from the bot. */
const NAMES = ["Ana", "Beto", "Rosa", "Vera", "Vic", "Val"];
/** What a plain group must never read from the bot. */
const CONTACT = "Mrs Okafor 555-0100";
const HASH = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const SECRETS = [ADDRESS, "Hollowell", NOTE, "Dolores", SCENE, "Larkspur", BLOCK_LABEL, "1420", "Okafor", "555-0100"];

type Mode = "plain" | "e2ee" | "ephemeral";

/** The whole story, one line per command: who types what in the chat under test. */
const STORY: [string, string][] = [
  ["Lena", "/network create Eastside"],
  ["Lena", "/network tz America/Chicago"],
  ...NAMES.map((who): [string, string] => [who, "/help"]),
  ["Lena", "/role grant Lena lead"],
  ["Lena", "/role grant vera verifier"],
  ["Lena", "/role grant vic verifier"],
  ["Lena", "/role grant val verifier"],
  ["Lena", "/network verifiers"],
  ["Lena", `/shift new sat 10am 2h "${ADDRESS}" 1 ${NOTE} area="${AREA}"`],
  ["Ana", "/shifts"],
  ["Ana", "/signup 1"],
  ["Beto", "/signup 1"],
  ["Ana", "/cancel 1"],
  ["Lena", "/roster 1"],
  ["Beto", "/roles"],
  ["Lena", "/roles"],
  ["Beto", "/leads"],
  ["Beto", "/network info"],
  ["Vera", "/network info"],
  ["Lena", `/canvass new "Elm raid" "${SCENE}" deadline=72h`],
  ["Lena", `/canvass blocks 1 B1 "${BLOCK_LABEL}" B2 "Cedar Ln 1-99"`],
  ["Ana", "/claim 1 B1"],
  // By the platform's id for him: a bare display name would only ask the lead to confirm.
  ["Lena", "/assign 1 B2 beto"],
  ["Beto", "/report 1 B2 doors=3 answered=1 cameras=1 footage=0"],
  ["Beto", `/footage 1 B2 ${HASH} doorbell time=10-11 contact="${CONTACT}"`],
  ["Ana", "/release 1 B1"],
  ["Ana", "/canvass status 1"],
  ["Lena", "/custody 1"],
  ["Lena", "/shift repeat 1 weekly 1"],
  ["Beto", "/checkin 1"],
  ["Ana", "/signup 2"],
  ["Lena", "/shift cancel 2"],
  ["Lena", "/network invite"],
  ["Lena", "/network quorum 2"],
  ["Ana", "/network key"],
  ["Rosa", `/alert 2 unmarked vans where="${SIGHTING}" what=ICE`],
  ["Vera", "/confirm 1"],
  ["Vic", "/confirm 1"],
  ["Vera", "/alert status 1"],
  ["Vera", "/alert update 1 they left towards Main"],
  ["Rosa", '/alert one van where="Oak Ave" what=ICE'],
  ["Val", "/unsure 2"],
  ["Vera", "/reject 2 a delivery truck"],
  ["Vic", "/reject 2 same truck"],
  ["Vic", "/allclear 1"],
  ["Lena", "/canvass close 1"],
  ["Lena", "/audit 40"],
  ["Ana", "/privacy"],
  ["Ana", "/lang es"],
];

/** Run the story in chat `room` of a memory adapter set up for `mode`. */
async function play(mode: Mode): Promise<{ t: TestApp; sent: (to: string) => MemorySent[] }> {
  const adapter = new MemoryAdapter(mode === "ephemeral" ? { ephemeral: true } : {});
  if (mode === "e2ee") adapter.encrypted.add("room");
  const t = await startTestApp({ adapter });
  for (const [who, line] of STORY) {
    const parsed = parseCommandLine(line)!;
    await adapter.push({
      kind: "command",
      chat: "memory:room" as ChatRef,
      author: { id: who.toLowerCase(), displayName: who, isBot: false },
      isDirect: false,
      ...parsed,
      // A Discord slash command is an interaction; only then can a reply be ephemeral.
      ...(mode === "ephemeral" ? { interactionId: randomUUID() } : {}),
    });
    await t.app.delivery.flush(5000);
  }
  return { t, sent: (to) => adapter.sent.filter((s) => s.to === to) };
}

/** The secrets and names found in some texts. */
function leaks(texts: string[]): string[] {
  const all = texts.join("\n");
  return [...SECRETS.filter((s) => all.includes(s)), ...NAMES.filter((n) => new RegExp(`\\b${n}\\b`).test(all))];
}

describe("what each kind of chat receives, command by command", () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it("a plain group reads ids, counts, states and the public label; the details reach each person privately", async () => {
    const played = await play("plain");
    t = played.t;
    const group = played.sent("memory:room").map((s) => s.msg.text);
    expect(leaks(group)).toEqual([]);
    // It did see the shift, by its public label, and the verified alert, coarsely.
    expect(group.join("\n")).toContain(`· ${AREA} ·`);
    expect(group.some((m) => m.startsWith("🚨 VERIFIED ALERT #1"))).toBe(true);
    // Votes: counts, never who voted which way.
    expect(group).toContain("Report #1 is still pending · confirmations: 1 of 2 · rejections: 0.");
    expect(group).toContain("Report #2 is still pending · confirmations: 0 of 2 · rejections: 0.");
    expect(group).toContain("Report #2 is still pending · confirmations: 0 of 2 · rejections: 1.");
    // A member learns neither the member list nor the verifiers; the leads' names are private by default.
    expect(group).toContain("Only a network admin can do that. An admin can give the role with /role grant.");
    expect(group).toContain("This network keeps its leads' names private (1 lead). Ask in the chat and one of them will answer.");
    expect(group.join("\n")).not.toContain("Your roles");

    // Privately: the place and the note to who signed up, the roster and roles to the lead.
    const inbox = (who: string) => t!.inbox(who).join("\n");
    expect(inbox("Ana")).toContain(`You're on shift #1: Sat Dec 5, 10am at ${ADDRESS}.`);
    expect(inbox("Ana")).toContain(`Note: ${NOTE}`);
    expect(inbox("Beto")).toContain(`Good news: a place opened on shift #1, Sat Dec 5, 10am at ${ADDRESS}.`);
    expect(inbox("Beto")).toContain("Cedar Ln 1-99");
    expect(inbox("Lena")).toContain("1. Beto");
    expect(inbox("Lena")).toContain("Vera: member, verifier");
    expect(inbox("Lena")).toContain("assigned to Beto");
    expect(inbox("Vera")).toContain("Your vote on report #1 is in: 1 of 2 confirmations so far.");
    expect(inbox("Vera")).toContain("Your rejection of report #2 is in: 1 of 2 rejections so far.");
    expect(inbox("Rosa")).toContain("Your report #1 was confirmed");
    // Nobody but the lead and the person concerned hears of an assignment.
    for (const who of ["Ana", "Rosa", "Vera", "Vic"]) expect(inbox(who)).not.toContain("Beto");
  });

  it("an end-to-end encrypted room shows the exact place, the note, rosters and who voted, to its members", async () => {
    const played = await play("e2ee");
    t = played.t;
    const room = played.sent("memory:room").map((s) => s.msg.text).join("\n");
    expect(room).toContain(`· ${ADDRESS} ·`);
    expect(room).toContain(`Note: ${NOTE}`);
    expect(room).toContain(`In chats that are not end-to-end encrypted it shows as “${AREA}”`);
    expect(room).toContain(`You're on shift #1: Sat Dec 5, 10am at ${ADDRESS}.`);
    expect(room).toContain("1. Beto");
    expect(room).toContain(`Where: ${SIGHTING}`);
    expect(room).toContain("Your vote on report #1 is in: 1 of 2 confirmations so far.");
    expect(room).toContain("Block B2 of canvass #1 is assigned to Beto");
    // Still need-to-know by role: a member gets no member list there either, and what only an admin
    // may see (roles, who verifies, the audit) goes to the admin alone, not to the room.
    expect(room).toContain("Only a network admin can do that.");
    expect(room).not.toMatch(/member, verifier|(Vera|Vic) is now a verifier|Latest privileged actions/);
    expect(t.inbox("Lena").join("\n")).toContain("Vera: member, verifier");
    expect(t.inbox("Lena").join("\n")).toContain("vera is now a verifier.");
    expect(room).not.toContain("Your roles");
    // Nothing needed to go privately.
    expect(t.inbox("Ana").join("\n")).not.toContain("You're on shift #1");
  });

  it("a channel with ephemeral replies shows the details only to whoever asked", async () => {
    const played = await play("ephemeral");
    t = played.t;
    const channel = played.sent("memory:room");
    const seenByAll = channel.filter((s) => !s.msg.ephemeral).map((s) => s.msg.text);
    const seenByOne = channel.filter((s) => s.msg.ephemeral).map((s) => s.msg.text);
    expect(leaks(seenByAll)).toEqual([]);
    expect(seenByAll.join("\n")).toContain(`· ${AREA} ·`);
    expect(seenByOne).toContain(`You're on shift #1: Sat Dec 5, 10am at ${ADDRESS}. I'll remind you 24 hours and 1 hour before.\nNote: ${NOTE}`);
    expect(seenByOne.join("\n")).toContain("1. Beto");
    expect(seenByOne).toContain("Your vote on report #1 is in: 1 of 2 confirmations so far.");
    expect(seenByOne.join("\n")).toContain("assigned to Beto");
  });

  it("a direct chat gets the exact place of /shifts and of a sign-up", async () => {
    const played = await play("plain");
    t = played.t;
    await t.dm("Lena", '/shift new sun 10am 2h "2210 Hollowell St" 3 side door');
    await t.dm("Ana", "/shifts");
    expect(t.inbox("Ana").at(-1)).toContain("#3 Sun Dec 6, 10am–12pm · 2210 Hollowell St · 3 of 3 places left");
    await t.dm("Ana", "/signup 3");
    expect(t.inbox("Ana").at(-1)).toBe(
      "You're on shift #3: Sun Dec 6, 10am at 2210 Hollowell St. I'll remind you 24 hours and 1 hour before.\nNote: side door",
    );
  });
});

describe("the reporter and the voters are forgotten once the outcome is final", () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it("keeps counts, drops who; the audit never names a reporter", async () => {
    const played = await play("plain");
    t = played.t;
    const db = t.app.store.db;
    const alerts = db.prepare("SELECT num, state, reporter_id, report_chat FROM alerts ORDER BY num").all();
    expect(alerts).toEqual([
      { num: 1, state: "allclear", reporter_id: null, report_chat: null },
      { num: 2, state: "rejected", reporter_id: null, report_chat: null },
    ]);
    expect(db.prepare("SELECT count(*) AS n FROM alert_votes WHERE voter_id IS NOT NULL").get()).toEqual({ n: 0 });
    expect(db.prepare("SELECT a.num, v.vote FROM alert_votes v JOIN alerts a ON a.id = v.alert_id ORDER BY v.id").all()).toEqual([
      { num: 1, vote: "confirm" },
      { num: 1, vote: "confirm" },
      { num: 2, vote: "unsure" },
      { num: 2, vote: "reject" },
      { num: 2, vote: "reject" },
    ]);
    // Up to the decision nobody is named; a later all-clear is a broadcast, and names who sent it.
    expect(db.prepare("SELECT count(*) AS n FROM alert_transitions WHERE actor_id IS NOT NULL AND state <> 'allclear'").get()).toEqual({ n: 0 });
    const audit = db.prepare("SELECT action, actor_id FROM audit WHERE action IN ('alert.report', 'alert.confirm', 'alert.reject', 'alert.unsure', 'alert.broadcast')").all() as {
      action: string;
      actor_id: number | null;
    }[];
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.filter((a) => a.actor_id !== null)).toEqual([]);
    // The admin's /audit, read privately, names nobody for reports and votes.
    const auditText = t.inbox("Lena").find((m) => m.startsWith("Latest privileged actions")) ?? "";
    // Reports, votes and the broadcast they caused; a later update or all-clear names who sent it.
    const alertLines = auditText.split("\n").filter((l) => /· alert #/.test(l) && !/all-clear|update/.test(l));
    expect(alertLines.length).toBeGreaterThanOrEqual(8);
    for (const line of alertLines) expect(line).toContain("(no one named)");
  });

  it("while a report is pending, its reporter is known and cannot vouch for it", async () => {
    t = await startTestApp();
    await t.say("main", "Lena", "/network create Eastside");
    for (const who of ["Vera", "Vic"]) await t.say("main", who, "/help");
    await t.say("main", "Lena", "/role grant vera verifier");
    await t.say("main", "Lena", "/role grant vic verifier");
    await t.say("main", "Vera", "/alert vans on Oak where=Oak");
    await t.say("main", "Vera", "/confirm 1");
    // Refused privately: in the group, the refusal would name the reporter.
    expect(t.group("main").at(-1)).toBe("I've sent you the details in a private message.");
    expect(t.inbox("Vera").at(-1)).toBe("You sent report #1 yourself, so your vote can't count. Another verifier must check it.");
    expect(t.app.store.db.prepare("SELECT count(*) AS n FROM alert_votes").get()).toEqual({ n: 0 });
    const row = t.app.store.db.prepare("SELECT reporter_id FROM alerts WHERE num = 1").get() as { reporter_id: number | null };
    expect(row.reporter_id).not.toBeNull();
    // The report's audit entry names nobody, even now.
    expect(t.app.store.db.prepare("SELECT actor_id FROM audit WHERE action = 'alert.report'").all()).toEqual([{ actor_id: null }]);
  });
});

describe("who the leads are", () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it("names the leads to members only when an admin allows it, privately, and never the verifiers", async () => {
    t = await startTestApp();
    await t.say("main", "Lena", "/network create Eastside");
    for (const who of ["Marta", "Vera", "Ana"]) await t.say("main", who, "/help");
    await t.say("main", "Lena", "/role grant marta lead");
    await t.say("main", "Lena", "/role grant vera verifier");
    await t.say("main", "Ana", "/leads");
    expect(t.group("main").at(-1)).toBe("This network keeps its leads' names private (1 lead). Ask in the chat and one of them will answer.");
    await t.say("main", "Ana", "/network leads visible");
    expect(t.group("main").at(-1)).toBe("Only a network admin can do that. An admin can give the role with /role grant.");
    await t.say("main", "Lena", "/red coordinacion visible");
    expect(t.group("main").at(-1)).toBe("Members can now ask who the leads are with /leads; the names go to them privately. Verifiers are never named.");
    await t.say("main", "Ana", "/coordinacion");
    expect(t.group("main").at(-1)).toBe("I've sent you the details in a private message.");
    expect(t.inbox("Ana").at(-1)).toBe("Leads of “Eastside”:\n• Marta");
    expect(t.inbox("Ana").join("\n")).not.toContain("Vera");
    await t.say("main", "Lena", "/network leads maybe");
    expect(t.group("main").at(-1)).toBe("“maybe” is neither visible nor hidden. Try /network leads visible or /network leads hidden.");
    await t.say("main", "Lena", "/network leads hidden");
    await t.say("main", "Ana", "/leads");
    expect(t.group("main").at(-1)).toContain("keeps its leads' names private");
    // In Spanish, in words people here use.
    await t.say("main", "Lena", "/idioma es");
    await t.say("main", "Ana", "/coordinacion");
    expect(t.group("main").at(-1)).toBe(
      "Esta red mantiene en privado los nombres del equipo de coordinación (1 persona). Pregunta en el chat y alguien del equipo te contesta.",
    );
  });
});

describe("private answers", () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  // Regression: the DM behind a neutral group line was keyed by the message id alone, which
  // Telegram numbers per chat; a second group's message with the same id lost its DM.
  it("reach each person even when two chats number their messages alike", async () => {
    t = await startTestApp();
    await t.say("east", "Lena", "/network create Eastside");
    await t.say("east", "Lena", "/role grant Lena lead");
    await t.say("east", "Lena", "/network invite");
    const code = /\/network link (\S+)/.exec(t.inbox("Lena").at(-1) ?? "")![1];
    await t.say("west", "Lena", `/network link ${code}`);
    await t.dm("Lena", '/shift new sat 10am 2h "2209 Hollowell St" 5');
    for (const [chat, who] of [["east", "Ana"], ["west", "Ben"]] as const) {
      await t.adapter.push({
        kind: "command",
        chat: `memory:${chat}`,
        author: { id: who.toLowerCase(), displayName: who, isBot: false },
        isDirect: false,
        name: "signup",
        args: "1",
        interactionId: "7",
      });
      await t.app.delivery.flush(5000);
    }
    for (const who of ["Ana", "Ben"]) expect(t.inbox(who).join("\n")).toContain("You're on shift #1: Sat Dec 5, 10am at 2209 Hollowell St.");
  });
});
