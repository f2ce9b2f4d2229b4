import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DateTime } from "luxon";
import { tempDir } from "../support/app.js";
import { blocks, runCli } from "../support/cli.js";
import { DAY, HOUR, TEST_NOW, typedLocal } from "../support/clock.js";

const ZONE = "America/Chicago";
// The shift starts two days after the story does, to the minute, whatever hour the story starts at:
// one day on, it is inside the 24-hour reminder window and far from the 1-hour one.
const SHIFT_START = Math.floor((TEST_NOW + 2 * DAY) / 60_000) * 60_000;
const local = (ms: number, format = "HH:mm") => DateTime.fromMillis(ms, { zone: ZONE, locale: "en-US" }).toFormat(format);
/** An English 12-hour time as the bot writes it: `6am`, `6:30pm`. */
const clock = (ms: number) => local(ms, DateTime.fromMillis(ms, { zone: ZONE }).minute ? "h:mma" : "ha").toLowerCase();
/** ` next day` when a span ends on the day after it starts. */
const nextDay = (start: number, end: number) => (local(start, "yyyy-MM-dd") === local(end, "yyyy-MM-dd") ? "" : " next day");

const STORY = `
/network create Eastside Watch
/network tz ${ZONE}
/shift new ${typedLocal(SHIFT_START, ZONE)} 2h "Elm St church" 2 bring water
:as Ana
/signup 1
:as Ben
/apuntarme 1
:as Cruz
:press 1
/signup 1
:as Ana
/baja 1
:as Ben
/roster 1
:as me
/roster 1
/role grant ana lead
:as Ana
/roster 1
:in otro
/lang es
/red enlazar NOPE-NOPE-NOPE
:in main
/shift new "next friday" 2h Church three
/nope
/signup 99
:clock +1d
`;

describe("console chat, driven from a script", { timeout: 90_000 }, () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it("plays a whole network: shifts, waitlist, promotion, private roster, Spanish, bad input", async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const db = join(tmp.dir, "data", "p.db");
    const run = await runCli(["console", "--db", db], { input: STORY });
    expect(run.code).toBe(0);
    const out = blocks(run.stdout);
    const main = out.filter((b) => b.to === "console:main").map((b) => b.text);
    const dm = (who: string) => out.filter((b) => b.to === `dm:${who}`).map((b) => b.text);

    expect(main.find((t) => t.startsWith("Network “Eastside Watch” is ready"))).toMatch(
      /^Network “Eastside Watch” is ready, and you are its admin\. To add another chat, send \/network invite\.\nAlert key: [0-9A-F ]{39}\. /,
    );
    expect(main.filter((t) => t.startsWith("Please note: this console chat is not end-to-end encrypted"))).toHaveLength(1);
    // Two days after the instant the console started at (`--now`), not after the machine's clock. The
    // chat is not encrypted: no place and no note in it; the details go to each person privately.
    expect(main.find((t) => t.startsWith("Shift #1 posted:"))).toContain(
      `posted: ${local(SHIFT_START, "ccc LLL d")}${local(SHIFT_START, "yyyy") === local(TEST_NOW, "yyyy") ? "" : `, ${local(SHIFT_START, "yyyy")}`}, ${clock(SHIFT_START)}–${clock(SHIFT_START + 2 * HOUR)}${nextDay(SHIFT_START, SHIFT_START + 2 * HOUR)} (America/Chicago) · place sent privately to those signed up · 2 places.\nThis chat is not end-to-end encrypted`,
    );
    expect(main.join("\n")).not.toMatch(/Elm St|bring water/);
    expect(main.filter((t) => t === "Your place on shift #1 is confirmed. I've sent you the details privately.")).toHaveLength(2);
    expect(dm("ana")[0]).toMatch(/^You're on shift #1: .* at Elm St church\./);
    // Cruz pressed the sign-up button of the shift's message, then typed the command too.
    expect(main).toContain("Shift #1 is full: you're on its waitlist. I've sent you the details privately.");
    expect(dm("cruz")[0]).toMatch(/^Shift #1 \(.* at Elm St church\) is full\. You're number 1 on the waitlist/);
    expect(main).toContain("You're already number 1 on the waitlist for shift #1.");
    expect(dm("cruz").find((t) => t.startsWith("Good news"))).toMatch(/^Good news: a place opened on shift #1/);
    // A member may not see the roster; the admin and, once granted, Ana as lead get it privately.
    expect(main).toContain("Only a network lead can do that. An admin can give the role with /role grant.");
    expect(dm("me").find((t) => t.startsWith("Shift #1:"))).toContain("1. Ben\n2. Cruz");
    expect(dm("ana").find((t) => t.startsWith("Shift #1:"))).toContain("1. Ben\n2. Cruz");
    expect(main.join("\n")).not.toMatch(/\d\. (Ben|Cruz)/);

    const otro = out.filter((b) => b.to === "console:otro").map((b) => b.text);
    expect(otro).toEqual([
      "Desde ahora, este chat recibirá mis mensajes en español.",
      "Ese código no existe, ya se usó o caducó. Pide uno nuevo a un admin con /red invitar.",
    ]);
    expect(main).toContain("Usage: /shift new WHEN DURATION PLACE CAPACITY [NOTE…]");
    expect(main).toContain("I don't know /nope. Send /help to see what I can do.");
    expect(main).toContain("There is no shift #99 in this network. /shifts lists them.");
    // :clock +1d reached the 24 h reminder window for the two confirmed people, and not the 1 h one.
    // Ben signed up with the Spanish word (/apuntarme): what reaches him privately is in Spanish.
    expect(dm("ben").filter((t) => t.startsWith("Recordatorio: tu turno de puerta en puerta #1"))).toHaveLength(1);
    expect(dm("cruz").filter((t) => t.startsWith("Reminder: your door-knocking shift #1"))).toHaveLength(1);
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);

    // Everything accepted survives a restart, and no reminder is sent twice.
    const again = await runCli(["console", "--db", db], { input: "/shifts\n:clock +1d\n" });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("#1");
    expect(again.stdout).toContain("place sent privately to those signed up · full");
    expect(again.stdout).not.toContain("Reminder:");
  });

  it("refuses a start instant without a zone or a date that does not exist, and starts nothing", async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const db = join(tmp.dir, "p.db");
    for (const now of ["2026-12-05 10:00", "tomorrow", "2026-02-30T10:00Z"]) {
      const run = await runCli(["console", "--db", db, "--now", now], { input: "/help\n" });
      expect(run.code).toBe(2);
      expect(run.stderr.trim()).toBe(
        `porchlight: --now must be an ISO 8601 instant with a zone, e.g. 2026-12-31T23:45:00-06:00 or 2026-12-05T16:00Z; got "${now}"`,
      );
      expect(run.stdout).toBe("");
    }
    expect(existsSync(db)).toBe(false);
  });

  it("creates a 0600 key file on first run and warns where it is", async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const db = join(tmp.dir, "data", "p.db");
    const run = await runCli(["console", "--db", db], { input: "/help\n" });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`created a new database key file ${db}.key`);
    expect(run.stderr).toContain("without it the database cannot be opened");
    expect(existsSync(`${db}.key`)).toBe(true);
    expect(readFileSync(`${db}.key`, "utf8").trim()).toMatch(/^[0-9a-f]{64}$/);
  });

  it("stops with one clear line on a wrong key, and leaves the database alone", async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const db = join(tmp.dir, "p.db");
    const first = await runCli(["console", "--db", db], { input: "/network create Eastside\n", env: { PORCHLIGHT_DB_KEY: "right-key-123456" } });
    expect(first.code).toBe(0);
    const before = readFileSync(db);
    const wrong = await runCli(["console", "--db", db], { input: "/help\n", env: { PORCHLIGHT_DB_KEY: "wrong-key-123456" } });
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr.trim().split("\n")).toEqual([
      `porchlight: cannot open database ${db}: the key is wrong, or the file is not a Porchlight database`,
    ]);
    expect(wrong.stdout).toBe("");
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it("reports every bad configuration key with its path and stops", async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const file = join(tmp.dir, "bad.yaml");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(file, "database:\n  path: x.db\n  pasword: 1\ndefaults:\n  timezone: Mars/Olympus\n");
    const run = await runCli(["console", "--config", file], { input: "" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`config ${file}: database: unknown key pasword`);
    expect(run.stderr).toContain(`config ${file}: defaults.timezone: not an IANA time zone`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("migrate and doctor work on the console's database", async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const db = join(tmp.dir, "p.db");
    const env = { PORCHLIGHT_DB_KEY: "k-123456789012345" };
    const migrate = await runCli(["migrate", "--db", db], { env });
    expect(migrate.stdout).toContain("applied 1:");
    const doctor = await runCli(["doctor", "--db", db], { env });
    expect(doctor.code).toBe(0);
    expect(doctor.stdout).toContain("ok: database key opens");
    const wrong = await runCli(["doctor", "--db", db], { env: { PORCHLIGHT_DB_KEY: "other-key-1234567" } });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("problem: cannot open database");
  });
});
