import { DateTime } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import { AlertStore } from "../../src/alerts/store.js";
import { ShiftStore } from "../../src/shifts/store.js";
import { last, startTestApp, type TestApp } from "../support/app.js";
import { DAY, HOUR, TEST_NOW, typedLocal } from "../support/clock.js";

/**
 * Reminders, recurrence, expiry and retention, told relative to the instant the test starts at
 * (`PORCHLIGHT_TEST_NOW`). CI replays this file at awkward instants (New Year's Eve late at night, the
 * hour before a daylight-saving change) and in a machine time zone far from UTC: every assertion
 * places the clock relative to the event it is about, never relative to the hour it happens to be.
 */

const ZONE = "America/Chicago";
const MINUTE = 60_000;
/** A shift two days ahead, to the minute. */
const SHIFT_START = Math.floor((TEST_NOW + 2 * DAY) / MINUTE) * MINUTE;

async function network(): Promise<TestApp> {
  const t = await startTestApp({ now: TEST_NOW });
  await t.say("main", "Lena", "/network create Eastside");
  await t.say("main", "Lena", `/network tz ${ZONE}`);
  await t.say("main", "Lena", "/role grant Lena lead");
  return t;
}

/** Run the scheduled jobs at `at` and deliver what they queued. */
async function runAt(t: TestApp, at: number): Promise<void> {
  t.clock.set(at);
  t.app.scheduler.runOnce();
  await t.app.delivery.flush();
}

const reminders = (t: TestApp, who: string) => t.inbox(who).filter((m) => m.startsWith("Reminder: your door-knocking shift #1"));

describe(`at any hour (the test starts at ${new Date(TEST_NOW).toISOString()})`, () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it("reads a typed local time as that instant and echoes it in the network's zone", async () => {
    t = await network();
    await t.say("main", "Lena", `/shift new ${typedLocal(SHIFT_START, ZONE)} 2h Church 2`);
    expect(new ShiftStore(t.app.store.db).byNum(1, 1)!.startsAt).toBe(SHIFT_START);
    // English 12-hour times (`6am`, `6:30pm`), and the end marked when it falls on the next day.
    const local = (ms: number) => DateTime.fromMillis(ms, { zone: ZONE, locale: "en-US" });
    const hm = (ms: number) => local(ms).toFormat(local(ms).minute ? "h:mma" : "ha").toLowerCase();
    const end = SHIFT_START + 2 * HOUR;
    const nextDay = local(end).toISODate() !== local(SHIFT_START).toISODate() ? " next day" : "";
    expect(last(t.group("main"))).toContain(`${hm(SHIFT_START)}–${hm(end)}${nextDay} (${ZONE})`);
  });

  it("sends each reminder once, when its window opens, and none after the start", async () => {
    t = await network();
    await t.say("main", "Lena", `/shift new ${typedLocal(SHIFT_START, ZONE)} 2h Church 2`);
    await t.say("main", "Ana", "/signup 1");
    await runAt(t, SHIFT_START - 24 * HOUR - MINUTE);
    expect(reminders(t, "Ana")).toHaveLength(0);
    await runAt(t, SHIFT_START - 24 * HOUR + MINUTE);
    expect(reminders(t, "Ana")).toHaveLength(1);
    await runAt(t, SHIFT_START - HOUR - MINUTE);
    expect(reminders(t, "Ana")).toHaveLength(1);
    await runAt(t, SHIFT_START - HOUR + MINUTE);
    expect(reminders(t, "Ana")).toHaveLength(2);
    await runAt(t, SHIFT_START + MINUTE);
    expect(reminders(t, "Ana")).toHaveLength(2);
  });

  it("repeats a shift weekly at the same local time, across any daylight-saving change", async () => {
    t = await network();
    await t.say("main", "Lena", `/shift new ${typedLocal(SHIFT_START, ZONE)} 2h Church 2`);
    await t.say("main", "Lena", "/shift repeat 1 weekly 3");
    const store = new ShiftStore(t.app.store.db);
    const first = DateTime.fromMillis(SHIFT_START, { zone: ZONE });
    for (let week = 1; week <= 3; week++) {
      const expected = first.plus({ weeks: week });
      // A time that does not exist that day (the spring-forward hour) moves on by the hour skipped.
      expect(store.byNum(1, week + 1)!.startsAt, `week ${week}`).toBe(expected.toMillis());
    }
  });

  it("expires an unverified report 60 minutes after it came in, not before", async () => {
    t = await network();
    await t.say("main", "Lena", "/network verifiers");
    for (const who of ["Vera", "Vic"]) {
      await t.say("main", who, "/network info");
      await t.say("main", "Lena", `/role grant ${who.toLowerCase()} verifier`);
    }
    await t.say("main", "Ana", "/alert vans on Elm");
    const store = new AlertStore(t.app.store.db);
    expect(store.byNum(1, 1)!.state).toBe("pending");
    await runAt(t, TEST_NOW + 59 * MINUTE);
    expect(store.byNum(1, 1)!.state).toBe("pending");
    await runAt(t, TEST_NOW + 61 * MINUTE);
    expect(store.byNum(1, 1)!.state).toBe("expired");
  });

  it("purges an ended shift once its retention has passed, not a minute before", async () => {
    t = await network();
    await t.say("main", "Lena", `/shift new ${typedLocal(SHIFT_START, ZONE)} 2h Church 2`);
    const ended = SHIFT_START + 2 * HOUR;
    const retention = t.app.services.settings.retention.shiftsDays * DAY;
    const store = new ShiftStore(t.app.store.db);
    await runAt(t, ended + retention - MINUTE);
    expect(store.byNum(1, 1)).not.toBeNull();
    await runAt(t, ended + retention + MINUTE);
    expect(store.byNum(1, 1)).toBeNull();
  });
});
