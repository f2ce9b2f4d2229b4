import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tokenize } from "../../src/core/commands/grammar.js";
import { t } from "../../src/core/i18n/catalog.js";
import type { Outbound } from "../../src/core/port.js";
import { press, speaker, type TypedCommand, typedCommand } from "./lines.js";
import { isRefusal, openWorld, type World } from "./world.js";

/**
 * Properties of the whole command pipeline on a real app (encrypted database in a temp folder,
 * memory adapter). Assertions are on what the chat received and on what the database holds.
 */

/** A network "Eastside" in group `main`: Lena is its admin, Leo a lead, Ana a member; shift #1 exists. */
async function eastside(): Promise<World> {
  const w = await openWorld();
  await w.command("main", "lena", "network", "create Eastside");
  await w.command("main", "leo", "help", "");
  await w.command("main", "ana", "help", "");
  await w.command("main", "lena", "role", "grant leo lead");
  const [posted] = await w.command("main", "leo", "shift", 'new tomorrow 10am 2h "Elm St church" 3');
  expect(posted?.text).toMatch(/^Shift #1 posted/);
  return w;
}

/** The chat a speaker is in, as the world names it. */
const chatOf = (s: { who: string; where: string }) => (s.where === "dm" ? `@${s.who}` : s.where);

/** What a person would see as a crash, or as nothing at all. */
function expectHumaneReplies(replies: Outbound[], typed: string): void {
  expect(replies.length).toBeGreaterThan(0);
  for (const { text } of replies) {
    expect(text.trim().length).toBeGreaterThan(0);
    expect(text).not.toBe(t("en", "core.internalError"));
    expect(text).not.toBe(t("es", "core.internalError"));
    // Only meaningful when the person did not type these themselves (replies may echo input).
    if (!typed.includes("    at ")) expect(text).not.toContain("    at ");
    if (!/Error:/.test(typed)) expect(text).not.toMatch(/\w*Error:/);
  }
}

/** Whether a command is /help, whose "unknown topic" answer looks like a refusal but is an accepted command. */
function isHelp(w: World, cmd: TypedCommand): boolean {
  const r = w.app.registry.resolve(cmd.name, tokenize(cmd.args));
  return r.kind === "command" && r.spec.id === "help";
}

describe("pipeline properties", () => {
  let w: World;
  beforeAll(async () => {
    w = await eastside();
  });
  afterAll(async () => w?.close());

  it("answers any command line with a non-empty, humane reply and never rejects", async () => {
    await fc.assert(
      fc.asyncProperty(speaker, typedCommand, async (who, cmd) => {
        const replies = await w.command(chatOf(who), who.who, cmd.name, cmd.args);
        expectHumaneReplies(replies, cmd.name + cmd.args);
      }),
      { numRuns: 200 },
    );
  });

  it("answers any button press without crashing", async () => {
    await fc.assert(
      fc.asyncProperty(speaker, press, async (who, p) => {
        const replies = await w.press(chatOf(who), who.who, p.action, p.payload);
        expectHumaneReplies(replies, p.action + p.payload);
      }),
      { numRuns: 100 },
    );
  });

  it("changes nothing in the database when it refuses a command", async () => {
    let refusals = 0;
    await fc.assert(
      fc.asyncProperty(speaker, typedCommand, async (who, cmd) => {
        const before = w.dump();
        const replies = await w.command(chatOf(who), who.who, cmd.name, cmd.args);
        const refused = replies.length === 1 && isRefusal(replies[0]!.text) && !isHelp(w, cmd);
        if (!refused) return;
        refusals++;
        expect(w.dump()).toBe(before);
      }),
      { numRuns: 200 },
    );
    // The property must have been exercised, not skipped.
    expect(refusals).toBeGreaterThan(50);
  });
});

/** One step of a sign-up sequence: a member signs up or cancels, by command word or button. */
const step = fc.record({
  who: fc.nat({ max: 5 }),
  op: fc.constantFrom("signup", "apuntarme", "cancel", "baja", "button-signup", "button-cancel"),
});

describe("sign-up and waitlist invariants", () => {
  let w: World;
  beforeAll(async () => {
    w = await eastside();
  });
  afterAll(async () => w?.close());

  it("keeps confirmed within capacity, the waitlist in arrival order and promotes the first waiting", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 2, max: 6 }),
        fc.array(step, { minLength: 1, maxLength: 25 }),
        async (capacity, members, steps) => {
          const [posted] = await w.command("main", "leo", "shift", `new tomorrow 10am 2h Church ${capacity}`);
          const num = Number(/^Shift #(\d+) posted/.exec(posted?.text ?? "")?.[1]);
          expect(num).toBeGreaterThan(0);
          const shiftId = (w.app.store.db.prepare("SELECT id FROM shifts WHERE num = ? AND network_id = 1").get(num) as { id: number }).id;
          const confirmed: string[] = [];
          const waiting: string[] = [];
          const promotions = new Map<string, number>();

          for (const { who: n, op } of steps) {
            const who = `m${n % members}`;
            w.clock.advance(1000);
            const isSignup = op === "signup" || op === "apuntarme" || op === "button-signup";
            const replies = op.startsWith("button-")
              ? await w.press("main", who, op.slice("button-".length), String(num))
              : await w.command("main", who, op, String(num));
            const text = replies.map((r) => r.text).join("\n");

            // The model: what a fair first-come, first-served roster does.
            if (isSignup) {
              if (confirmed.includes(who)) expect(text).toBe(t("en", "shift.alreadyConfirmed", { num }));
              else if (waiting.includes(who)) {
                expect(text).toBe(t("en", "shift.alreadyWaiting", { num, position: waiting.indexOf(who) + 1 }));
              } else if (confirmed.length < capacity) {
                confirmed.push(who);
                // The group is not encrypted: a neutral line; the place goes privately.
                expect(text).toBe(t("en", "shift.confirmedNeutral", { num }));
              } else {
                waiting.push(who);
                expect(text).toBe(t("en", "shift.waitlistedNeutral", { num }));
              }
            } else if (confirmed.includes(who)) {
              confirmed.splice(confirmed.indexOf(who), 1);
              const first = waiting.shift();
              if (first) {
                confirmed.push(first);
                promotions.set(first, (promotions.get(first) ?? 0) + 1);
              }
              expect(text).toBe(t("en", "shift.withdrawnNeutral", { num }));
            } else if (waiting.includes(who)) {
              waiting.splice(waiting.indexOf(who), 1);
              expect(text).toBe(t("en", "shift.withdrawnNeutral", { num }));
            } else {
              expect(text).toBe(t("en", "shift.notOnIt", { num }));
            }

            // What the database holds must match the model after every step.
            const rows = w.app.store.db
              .prepare("SELECT p.user_id AS who, s.status FROM signups s JOIN persons p ON p.id = s.person_id WHERE s.shift_id = ? ORDER BY s.id")
              .all(shiftId) as { who: string; status: string }[];
            const heldConfirmed = rows.filter((r) => r.status === "confirmed").map((r) => r.who);
            const heldWaiting = rows.filter((r) => r.status === "waitlisted").map((r) => r.who);
            expect(heldConfirmed.length).toBeLessThanOrEqual(capacity);
            expect(new Set(rows.map((r) => r.who)).size).toBe(rows.length);
            expect([...heldConfirmed].sort()).toEqual([...confirmed].sort());
            expect(heldWaiting).toEqual(waiting);
          }

          // Each promotion queued exactly one private notice to the promoted member.
          for (const [who, count] of promotions) {
            const { n } = w.app.store.db
              .prepare("SELECT count(*) AS n FROM outbox WHERE target_kind = 'direct' AND target = ? AND key LIKE ?")
              .get(who, `shift-promoted:${shiftId}:%`) as { n: number };
            expect(n).toBe(count);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
