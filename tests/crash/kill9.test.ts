import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "grammy/types";
import type { CrashPoint } from "../../src/core/crash-points.js";
import { openStore } from "../../src/store/open.js";
import { FakeTelegram } from "../fakes/telegram/index.js";
import { TEST_KEY, tempDir } from "../support/app.js";

/**
 * `porchlight start` against the Telegram fake, killed with SIGKILL at named points of a command's
 * life (src/core/crash-points.ts), then started again: nothing typed is lost, no command runs twice,
 * every answer arrives; at most a send in flight at the kill arrives twice (Telegram has no
 * idempotency key). Each scenario is its own process run(s) on its own database and fake.
 */

const CLI = join(import.meta.dirname, "../../src/cli.ts");
const ROOT = join(import.meta.dirname, "../..");
/** Longest one process run may take before the test gives up on it. */
const RUN_LIMIT_MS = 30_000;

/** What a whole story leaves: shifts and sign-ups in the database, the bot's messages in the group. */
interface Outcome {
  shifts: number;
  signups: number;
  texts: string[];
}

interface World {
  fake: FakeTelegram;
  dir: string;
  config: string;
  group: number;
  people: Record<"lena" | "ana" | "ben" | "cruz", User>;
  cleanup(): Promise<void>;
}

async function world(): Promise<World> {
  const fake = await FakeTelegram.start();
  const temp = tempDir("porchlight-crash-");
  const people = {
    lena: fake.addUser({ first_name: "Lena", username: "lena" }),
    ana: fake.addUser({ first_name: "Ana", username: "ana" }),
    ben: fake.addUser({ first_name: "Ben", username: "ben" }),
    cruz: fake.addUser({ first_name: "Cruz", username: "cruz" }),
  };
  const group = fake.addGroup({ title: "Eastside", memberIds: Object.values(people).map((u) => u.id), withBot: true }).chat.id;
  // Everyone has a private chat with the bot, so the details of their sign-ups go there, and the
  // group sees only the bot's answers (no "open a private chat" notices, whose timing varies).
  for (const person of Object.values(people)) fake.markStarted(person);
  const config = join(temp.dir, "porchlight.yaml");
  const yaml = ["database:", `  path: ${join(temp.dir, "porchlight.db")}`, "log:", "  level: error", "telegram:", `  token: "${fake.token}"`, `  apiRoot: ${fake.apiRoot}`, ""];
  writeFileSync(config, yaml.join("\n"), { mode: 0o600 });
  return {
    fake,
    dir: temp.dir,
    config,
    group,
    people,
    cleanup: async () => {
      await fake.close();
      temp.cleanup();
    },
  };
}

/** The story: every line typed at once, as a busy group would; each changes something or answers. */
function typeStory(w: World): void {
  const { lena, ana, ben, cruz } = w.people;
  const lines: [User, string][] = [
    [lena, "/network create Eastside"],
    [lena, "/role grant @lena lead"],
    [lena, '/shift new sat 10am 2h "Elm St church" 5'],
    [ana, "/signup 1"],
    [ben, "/signup 1"],
    [lena, '/shift new sun 10am 2h "Oak Ave school" 5'],
    [cruz, "/signup 2"],
    [ana, "/signup 2"],
    [lena, "/shifts"],
  ];
  for (const [who, line] of lines) w.fake.userSends(w.group, who, line);
}

/** The bot's messages in the group, in order. */
function botTexts(w: World): string[] {
  return (
    w.fake
      .messages(w.group)
      .filter((m) => m.from?.id === w.fake.bot.id)
      // Each run's network has a signing key of its own: compare texts without its fingerprint.
      .map((m) => (m.text ?? "").replace(/\b[0-9A-F]{4}(?: [0-9A-F]{4}){7}\b/g, "<fingerprint>"))
  );
}

/** Run `porchlight start` until it dies at its crash point, or until `done` holds (then SIGTERM). */
async function runOnce(w: World, crashAt: string | null, done: () => boolean): Promise<"crashed" | "finished"> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", PORCHLIGHT_DB_KEY: TEST_KEY };
  if (crashAt) env.PORCHLIGHT_TEST_CRASH_AT = crashAt;
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", CLI, "start", "--config", w.config], { cwd: ROOT, env, stdio: "ignore" });
  const ended = new Promise<NodeJS.Signals | null>((resolve) => child.on("close", (_code, signal) => resolve(signal)));
  const deadline = Date.now() + RUN_LIMIT_MS;
  let exited: NodeJS.Signals | null | undefined;
  void ended.then((s) => {
    exited = s;
  });
  while (exited === undefined && !done()) {
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`run with ${crashAt ?? "no crash"} did not finish: ${botTexts(w).length} bot messages`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  if (exited !== undefined) return exited === "SIGKILL" ? "crashed" : "finished";
  child.kill("SIGTERM");
  await ended;
  return "finished";
}

function counts(w: World): Pick<Outcome, "shifts" | "signups"> {
  // Through the key slot, as the bot opens it: the database is keyed by its own data key.
  const store = openStore({ path: join(w.dir, "porchlight.db"), key: TEST_KEY, migrate: false });
  const n = (sql: string) => (store.db.prepare(sql).get() as { n: number }).n;
  const result = { shifts: n("SELECT count(*) AS n FROM shifts"), signups: n("SELECT count(*) AS n FROM signups") };
  store.close();
  return result;
}

/**
 * Play the story with a kill at each of `crashes` in turn, then run clean until every expected
 * answer is in: a count for the clean run, or the clean run's texts (a repeat of one text must not
 * end the run before another arrived).
 */
async function play(crashes: string[], expected: number | string[]): Promise<Outcome & { crashed: number }> {
  const w = await world();
  try {
    typeStory(w);
    const complete = () => (typeof expected === "number" ? botTexts(w).length >= expected : missing(expected, botTexts(w)).length === 0);
    let crashed = 0;
    for (const at of crashes) if ((await runOnce(w, at, complete)) === "crashed") crashed++;
    await runOnce(w, null, complete);
    return { ...counts(w), texts: botTexts(w), crashed };
  } finally {
    await w.cleanup();
  }
}

/** Each text the clean run produced, with how often. */
function tally(texts: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of texts) m.set(t, (m.get(t) ?? 0) + 1);
  return m;
}

/** Texts that arrived more often than in the clean run (repeated sends), as a count. */
function repeats(clean: string[], texts: string[]): number {
  return extras(clean, texts).length;
}

/** Texts that arrived more often than in the clean run, once per extra copy. */
function extras(clean: string[], texts: string[]): string[] {
  const want = tally(clean);
  return [...tally(texts)].flatMap(([text, n]) => Array<string>(Math.max(0, n - (want.get(text) ?? 0))).fill(text));
}

/** Texts of the clean run that never arrived. */
function missing(clean: string[], texts: string[]): string[] {
  const got = tally(texts);
  return [...tally(clean)].filter(([text, n]) => (got.get(text) ?? 0) < n).map(([text]) => text);
}

/** Points where no request is in flight: nothing may arrive twice. */
const EXACT: [CrashPoint, number][] = [
  ["before-commit", 1],
  ["before-commit", 3],
  ["before-commit", 6],
  ["before-commit", 9],
  ["after-commit", 1],
  ["after-commit", 2],
  ["after-commit", 4],
  ["after-commit", 5],
  ["after-commit", 8],
  ["after-commit", 9],
  ["before-send", 1],
  ["after-record", 2],
];

/**
 * Points with a request that reached Telegram but is not recorded: that one send may repeat. The
 * details of a sign-up go by private message alongside the group's answer, so at a later send or
 * record another chat's send may be the one in flight.
 */
const IN_FLIGHT: [CrashPoint, number][] = [
  ["before-send", 4],
  ["before-send", 7],
  ["after-record", 6],
  ["after-send", 1],
  ["after-send", 3],
  ["after-send", 5],
  ["after-send", 8],
];

/** Two kills in a row, the second during the recovery from the first. */
const TWICE: [string, string][] = [
  ["after-commit:3", "before-send:1"],
  ["after-commit:2", "after-commit:2"],
  ["before-commit:4", "after-send:2"],
];

describe("kill -9 at any point of a command's life", () => {
  let clean: Outcome;

  beforeAll(async () => {
    const w = await world();
    try {
      typeStory(w);
      // Nine commands; the first in a group also says once that the chat is not encrypted.
      await runOnce(w, null, () => botTexts(w).length >= 10);
      clean = { ...counts(w), texts: botTexts(w) };
    } finally {
      await w.cleanup();
    }
  }, 60_000);

  it("the clean run is the reference: two shifts, four sign-ups, every answer once", () => {
    expect(clean.shifts).toBe(2);
    expect(clean.signups).toBe(4);
    expect(clean.texts.filter((t) => t.startsWith("Shift #"))).toHaveLength(2);
    expect(clean.texts).toHaveLength(10);
  });

  it.each(EXACT)("at %s #%i: nothing lost, nothing twice", async (point, n) => {
    const run = await play([`${point}:${n}`], clean.texts);
    expect(run.crashed).toBe(1);
    expect({ shifts: run.shifts, signups: run.signups }).toEqual({ shifts: 2, signups: 4 });
    expect(missing(clean.texts, run.texts)).toEqual([]);
    expect(extras(clean.texts, run.texts)).toEqual([]);
  }, 90_000);

  it.each(IN_FLIGHT)("at %s #%i: nothing lost, only the send in flight may repeat", async (point, n) => {
    const run = await play([`${point}:${n}`], clean.texts);
    expect(run.crashed).toBe(1);
    expect({ shifts: run.shifts, signups: run.signups }).toEqual({ shifts: 2, signups: 4 });
    expect(missing(clean.texts, run.texts)).toEqual([]);
    expect(repeats(clean.texts, run.texts)).toBeLessThanOrEqual(1);
  }, 90_000);

  it.each(TWICE)("killed at %s, then at %s while recovering: nothing lost, nothing run twice", async (first, second) => {
    const run = await play([first, second], clean.texts);
    expect(run.crashed).toBeGreaterThanOrEqual(1);
    expect({ shifts: run.shifts, signups: run.signups }).toEqual({ shifts: 2, signups: 4 });
    expect(missing(clean.texts, run.texts)).toEqual([]);
    expect(repeats(clean.texts, run.texts)).toBeLessThanOrEqual(second.startsWith("after-send") ? 1 : 0);
  }, 120_000);
});
