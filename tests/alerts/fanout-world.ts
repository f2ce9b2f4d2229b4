import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { User } from "grammy/types";
import { AlertStore } from "../../src/alerts/store.js";
import { Networks } from "../../src/core/network/networks.js";
import { People } from "../../src/core/people.js";
import { OffsetClock, systemClock } from "../../src/core/clock.js";
import type { ChatRef } from "../../src/core/port.js";
import { openStore } from "../../src/store/open.js";
import { FakeDiscord } from "../fakes/discord/server.js";
import { FakeHomeserver } from "../fakes/matrix/homeserver.js";
import { FakeTelegram } from "../fakes/telegram/index.js";
import { TEST_KEY } from "../support/app.js";
import { isoInstant, TEST_NOW } from "../support/clock.js";

const CLI = join(import.meta.dirname, "../../src/cli.ts");
const ROOT = join(import.meta.dirname, "../..");
/** The world's clock: it starts at the test instant and runs on, across the bot's restarts. */
const worldClock = new OffsetClock(systemClock, TEST_NOW);

/**
 * One network linked to `perPlatform` chats on each of the fake Telegram, Discord and Matrix, in a
 * real encrypted database, with report #1 pending and one of two confirmations in. The test makes
 * the second confirmation through Telegram, as a verifier would, and reads what each fake holds.
 */
export interface FanoutWorld {
  tg: FakeTelegram;
  dc: FakeDiscord;
  mx: FakeHomeserver;
  telegramChats: number[];
  discordChannels: string[];
  matrixRooms: string[];
  vic: User;
  dbPath: string;
  configPath: string;
  /** Copies of alert #1 each chat holds, keyed by chat reference. */
  copies(): Map<ChatRef, string[]>;
  close(): Promise<void>;
}

export const ALERT_MARK = "VERIFIED ALERT #1";

export async function fanoutWorld(dir: string, perPlatform = 50): Promise<FanoutWorld> {
  const tg = await FakeTelegram.start();
  const dc = await FakeDiscord.start();
  const mx = await FakeHomeserver.start();
  const vic = tg.addUser({ first_name: "Vic" });
  const telegramChats = Array.from({ length: perPlatform }, (_, i) => tg.addGroup({ title: `Block ${i}`, memberIds: [vic.id] }).chat.id);
  const guild = dc.state.addGuild("Eastside");
  const discordChannels = Array.from({ length: perPlatform }, (_, i) => dc.state.addTextChannel(guild.id, `block-${i}`).id);
  const bot = mx.createUser("porchlight", "Porchlight");
  const alice = mx.createUser("alice", "Alice");
  const matrixRooms = Array.from({ length: perPlatform }, (_, i) => mx.createRoom(alice.userId, { name: `Block ${i}`, members: [bot.userId] }));

  const dbPath = join(dir, "porchlight.db");
  const store = openStore({ path: dbPath, key: TEST_KEY });
  store.db.transaction(() => {
    const now = worldClock.now();
    const networks = new Networks(store.db);
    const people = new People(store.db);
    const network = networks.create("Eastside", "UTC", now);
    const refs: ChatRef[] = [
      ...telegramChats.map((id) => `telegram:${id}` as ChatRef),
      ...discordChannels.map((id) => `discord:${id}` as ChatRef),
      ...matrixRooms.map((id) => `matrix:${id}` as ChatRef),
    ];
    for (const ref of refs) networks.link(ref, network.id, now);
    const person = (userId: string, name: string) => {
      const p = people.upsert("telegram", { id: userId, displayName: name, isBot: false }, null);
      people.touchMembership(network.id, p.id, now);
      return p;
    };
    const ana = person("900001", "Ana");
    const vera = person("900002", "Vera");
    const vicPerson = person(String(vic.id), "Vic");
    for (const v of [vera, vicPerson]) people.grant(network.id, v.id, "verifier", v.id, now);
    const alerts = new AlertStore(store.db);
    const report = alerts.create({
      networkId: network.id,
      groupOf: null,
      reporterId: ana.id,
      reportChat: null,
      text: "2 unmarked vans, agents at doors",
      place: "1420 Elm St",
      placeKey: "elm",
      what: null,
      size: null,
      firsthand: true,
      createdAt: now,
      expiresAt: now + 3_600_000,
    });
    alerts.vote(report.id, vera.id, "confirm", false, null, now);
  })();
  store.close();

  const configPath = join(dir, "porchlight.yaml");
  writeFileSync(
    configPath,
    [
      "database:",
      `  path: ${dbPath}`,
      "log:",
      "  level: warn",
      "telegram:",
      `  token: "${tg.token}"`,
      `  apiRoot: ${tg.apiRoot}`,
      "discord:",
      `  token: ${dc.token}`,
      `  applicationId: "${dc.applicationId}"`,
      `  guilds: ["${guild.id}"]`,
      `  apiBase: ${dc.apiBase}`,
      "matrix:",
      `  homeserverUrl: ${mx.url}`,
      `  accessToken: ${bot.accessToken}`,
      // The fake homeserver sets no limit on the bot; an operator tells the bot so the same way.
      "  rateLimit: { burst: 20, perSecond: 20 }",
      "",
    ].join("\n"),
  );

  const copies = () => {
    const out = new Map<ChatRef, string[]>();
    const keep = (texts: string[]) => texts.filter((x) => x.includes(ALERT_MARK));
    for (const id of telegramChats) out.set(`telegram:${id}`, keep(tg.texts(id)));
    for (const id of discordChannels) out.set(`discord:${id}`, keep(dc.publicTexts(id)));
    for (const id of matrixRooms) out.set(`matrix:${id}`, keep(mx.messageBodies(id)));
    return out;
  };
  return {
    tg,
    dc,
    mx,
    telegramChats,
    discordChannels,
    matrixRooms,
    vic,
    dbPath,
    configPath,
    copies,
    close: async () => {
      await Promise.all([tg.close(), dc.close(), mx.close()]);
    },
  };
}

/** `porchlight start --config FILE` as a real process; `exited` settles when it ends. */
export function startBot(configPath: string): { child: ChildProcess; exited: Promise<number | null>; output: () => string } {
  let output = "";
  const args = ["start", "--config", configPath, "--now", isoInstant(worldClock.now())];
  const child = spawn(process.execPath, ["--import", "tsx", CLI, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", PORCHLIGHT_DB_KEY: TEST_KEY },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return { child, exited, output: () => output };
}
