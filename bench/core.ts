import { join } from "node:path";
import Database from "better-sqlite3-multiple-ciphers";
import { MemoryAdapter } from "../adapters/memory/index.js";
import { ManualClock } from "../src/core/clock.js";
import { createApp } from "../src/main.js";
import { applyKey, openStore } from "../src/store/open.js";
import { silentLog, T0, TEST_KEY, testConfig } from "../tests/support/app.js";

/** Commits per second of bare better-sqlite3 on the same encrypted, WAL, synchronous=FULL setup. */
export function bareCommitsPerSecond(dir: string, count: number): number {
  const db = new Database(join(dir, "bare.db"));
  applyKey(db, TEST_KEY);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER NOT NULL, b TEXT NOT NULL)");
  const insert = db.prepare("INSERT INTO t (a, b) VALUES (?, ?)");
  const commit = db.transaction((i: number) => insert.run(i, `row ${i}`));
  const started = performance.now();
  for (let i = 0; i < count; i++) commit(i);
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return count / seconds;
}

/**
 * Sign-up commands per second through the whole core: parse, role check, one durable commit,
 * reply rendered and handed to the adapter. Like a real network, members are already known (each
 * asked for /shifts first, not timed) and spread over many shifts of ten places with short waitlists.
 */
export async function coreSignupsPerSecond(dir: string, count: number): Promise<number> {
  // Thousands of members in one chat within one minute of the manual clock: past the abuse limits
  // for a chat, which would refuse most of them and measure the refusal instead.
  const config = testConfig(dir, { limits: { commandsPerMinute: 100_000, commandsPerChatPerMinute: 100_000 } });
  const store = openStore({ path: config.database.path, key: TEST_KEY, owner: true });
  const adapter = new MemoryAdapter();
  const app = createApp({ config, adapters: [adapter], log: silentLog, clock: new ManualClock(T0), store });
  await app.start();
  const say = (id: string, name: string, args: string) =>
    adapter.push({ kind: "command", chat: "memory:main", author: { id, displayName: id, isBot: false }, isDirect: false, name, args });
  const shifts = Math.max(1, Math.ceil(count / 20));
  await say("lead", "network", "create Bench");
  for (let s = 0; s < shifts; s++) await say("lead", "shift", "new 2026-12-05 10:00 2h Hall 10");
  for (let i = 0; i < count; i++) await say(`m${i}`, "shifts", "");
  adapter.sent.length = 0;
  const started = performance.now();
  for (let i = 0; i < count; i++) await say(`m${i}`, "signup", String((i % shifts) + 1));
  const seconds = (performance.now() - started) / 1000;
  const answered = adapter.sent.filter((s) => /^(You're on shift|Your place on shift #\d+ is confirmed|Shift #\d+ is full)/.test(s.msg.text)).length;
  await app.stop();
  if (answered !== count) throw new Error(`expected ${count} sign-up answers, saw ${answered}`);
  return count / seconds;
}

/**
 * Resident memory after the core has loaded 10,000 members across 500 linked chats and answered
 * commands in each chat (so every chat and network has been read).
 */
export async function residentAfterLoad(dir: string, members: number, chats: number): Promise<{ rssMb: number; baselineMb: number }> {
  global.gc?.();
  const baselineMb = process.memoryUsage().rss / 1024 / 1024;
  const config = testConfig(dir);
  const store = openStore({ path: config.database.path, key: TEST_KEY });
  const adapter = new MemoryAdapter();
  const app = createApp({ config, adapters: [adapter], log: silentLog, clock: new ManualClock(T0), store });
  await app.start();
  const db = store.db;
  db.transaction(() => {
    const net = db.prepare("INSERT INTO networks (name, tz, created_at) VALUES (?, 'UTC', ?)");
    const chat = db.prepare("INSERT INTO chats (ref, network_id, linked_at) VALUES (?, ?, ?)");
    const person = db.prepare("INSERT INTO persons (platform, user_id, display_name) VALUES ('memory', ?, ?)");
    const membership = db.prepare("INSERT INTO memberships (network_id, person_id, joined_at, last_seen) VALUES (?, ?, ?, ?)");
    const networks = Math.max(1, Math.floor(chats / 5));
    for (let n = 1; n <= networks; n++) net.run(`Network ${n}`, T0);
    for (let c = 0; c < chats; c++) chat.run(`memory:chat${c}`, (c % networks) + 1, T0);
    for (let m = 0; m < members; m++) {
      const id = Number(person.run(`u${m}`, `Member ${m}`).lastInsertRowid);
      membership.run((m % networks) + 1, id, T0, T0);
    }
  })();
  for (let c = 0; c < chats; c++) {
    await adapter.push({
      kind: "command",
      chat: `memory:chat${c}`,
      author: { id: `u${c}`, displayName: `Member ${c}`, isBot: false },
      isDirect: false,
      name: "network",
      args: "info",
    });
  }
  global.gc?.();
  const rssMb = process.memoryUsage().rss / 1024 / 1024;
  await app.stop();
  return { rssMb, baselineMb };
}
