import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { eventually } from "../contract/adapter-contract.js";
import { T0, tempDir } from "../support/app.js";
import { type BotApp, startBotApp } from "./support/bot-app.js";
import { type LoginSession, Member, passwordLogin } from "./support/member.js";
import { type Sandbox, sandboxFromEnv, storedInSynapse } from "./support/sandbox.js";

/**
 * The shift story on a real Synapse, in an end-to-end encrypted room: three people on
 * matrix-js-sdk with its Rust crypto, the real Porchlight app on the Matrix adapter with its wasm
 * OlmMachine. The bot is restarted in the middle and must go on decrypting with the same device;
 * Synapse's own database must never hold the plain text of a command or a reply.
 */

const sandbox = sandboxFromEnv();
const WAIT_MS = 30_000;

/** Everyone in the story, and the room. */
interface Cast {
  sandbox: Sandbox;
  bot: LoginSession;
  lena: Member;
  ana: Member;
  ben: Member;
  room: string;
  /** Unique to this run, so the database search cannot match an earlier run's text. */
  network: string;
  place: string;
}

/** The bot's device keys as a member's client downloads them from the homeserver. */
async function botDevices(viewer: Member, botUserId: string): Promise<Record<string, string[]>> {
  const crypto = viewer.client.getCrypto()!;
  const devices = (await crypto.getUserDeviceInfo([botUserId], true)).get(botUserId) ?? new Map();
  return Object.fromEntries([...devices.entries()].map(([id, d]) => [id, [d.getIdentityKey() ?? "", d.getFingerprint() ?? ""]]));
}

/** PUT an event as Lena straight to the homeserver, bypassing her client's encryption. */
async function rawSend(cast: Cast, roomId: string, type: string, content: object): Promise<void> {
  const txn = `raw${Date.now()}`;
  const url = `${cast.sandbox.url}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/${type}/${txn}`;
  const res = await fetch(url, {
    method: "PUT",
    headers: { authorization: `Bearer ${cast.lena.session.accessToken}`, "content-type": "application/json" },
    body: JSON.stringify(content),
  });
  expect(res.status).toBe(200);
}

describe.skipIf(!sandbox)("end-to-end encrypted shift story on Synapse", () => {
  const temp = tempDir("porchlight-synapse-");
  const clock = new ManualClock(T0);
  let cast: Cast;
  let bot: BotApp | undefined;
  const allLogLines: string[] = [];

  /** `who` says `text` in `roomId`; resolves with the bot's next `replies` messages as `who` reads them. */
  async function say(who: Member, roomId: string, text: string, replies = 1): Promise<string[]> {
    const eventId = await who.say(roomId, text);
    const answers = await eventually(() => {
      const seen = who.seen(roomId);
      const own = seen.findIndex((m) => m.eventId === eventId);
      expect(own).toBeGreaterThanOrEqual(0); // the server's echo of the message has arrived
      const after = seen.slice(own + 1).filter((m) => m.sender === cast.bot.userId);
      expect(after.length).toBeGreaterThanOrEqual(replies);
      return after.map((m) => m.body ?? "<undecryptable>");
    }, WAIT_MS);
    await bot?.app.delivery.flush(10_000);
    return answers;
  }

  async function startBot(): Promise<void> {
    bot = await startBotApp(
      cast.sandbox.url,
      temp.dir,
      { accessToken: cast.bot.accessToken, allowedInviters: [cast.lena.userId] },
      clock,
    );
  }

  async function stopBot(): Promise<void> {
    await bot?.app.stop({ flush: true });
    allLogLines.push(...(bot?.logLines ?? []));
    bot = undefined;
  }

  beforeAll(async () => {
    const s = sandbox!;
    const login = (who: string) => passwordLogin(s.url, `${s.run}${who}`, s.password);
    const botSession = await login("bot");
    const lena = await Member.start(s.url, await login("lena"));
    const [ana, ben] = await Promise.all([
      login("ana").then((session) => Member.start(s.url, session, [lena.userId, botSession.userId])),
      login("ben").then((session) => Member.start(s.url, session, [lena.userId, botSession.userId])),
    ]);
    const room = await lena.createEncryptedRoom("Block 12", [botSession.userId, ana.userId, ben.userId]);
    cast = { sandbox: s, bot: botSession, lena, ana, ben, room, network: `Eastside ${s.run}`, place: `Elm St church ${s.run}` };
  });

  afterAll(async () => {
    await stopBot();
    await Promise.all([cast?.lena.stop(), cast?.ana.stop(), cast?.ben.stop()]);
    temp.cleanup();
  });

  it("plays sign-up, waitlist, restart, cancel and promotion with only ciphertext on the server", async () => {
    const { lena, ana, ben, room } = cast;
    const botUserId = cast.bot.userId;

    // The search sees what Synapse writes: a marker in an unencrypted room is found.
    const control = `plain-control-${cast.sandbox.run}`;
    const plainRoom = await lena.createPlainRoom("Notes");
    await lena.say(plainRoom, control);
    await eventually(() => expect(storedInSynapse(cast.sandbox.dataDir, control)).toBe(true), WAIT_MS);

    await startBot();
    await eventually(() => expect(lena.client.getRoom(room)?.getMember(botUserId)?.membership).toBe("join"), WAIT_MS);
    await eventually(() => {
      for (const m of [ana, ben]) expect(m.client.getRoom(room)?.getMyMembership()).toBe("join");
    }, WAIT_MS);

    const created = await say(lena, room, `!pl network create ${cast.network}`);
    expect(created[0]).toMatch(/^Network “.*” is ready, and you are its admin\. To add another chat, send !pl network invite\.\nAlert key: [0-9A-F ]{39}\. /);
    expect(await say(lena, room, "!pl network tz America/Chicago")).toEqual([expect.stringMatching(/^Time zone set to America\/Chicago\./)]);
    const [posted] = await say(lena, room, `!pl shift new sat 10am 2h "${cast.place}" 1`);
    // An encrypted room may see the exact place; the lead is told how plain chats will show it.
    expect(posted).toBe(
      `Shift #1 posted: Sat Dec 5, 10am–12pm (America/Chicago) · ${cast.place} · 1 place.\nIn chats that are not end-to-end encrypted the place is not shown; it goes privately to those who sign up. Add area="…" to show an area there.\n\n!pl 1 · Sign up #1`,
    );

    expect((await say(ana, room, "!pl signup 1"))[0]).toMatch(/^You're on shift #1: Sat Dec 5, 10am at Elm St church/);
    // Each answer offers the presser's own next step as a numbered choice.
    expect(await say(ben, room, "!pl signup 1")).toEqual([
      `Shift #1 (Sat Dec 5, 10am at ${cast.place}) is full. You're number 1 on the waitlist; I'll message you if a place opens.\n\n!pl 3 · Leave waitlist #1`,
    ]);

    // The bot's device as members see it: one device, cross-signed by the bot's own identity.
    const before = await botDevices(lena, botUserId);
    const [deviceId] = Object.keys(before);
    expect(Object.keys(before)).toEqual([cast.bot.deviceId]);
    const status = await lena.client.getCrypto()!.getDeviceVerificationStatus(botUserId, deviceId!);
    expect(status?.signedByOwner).toBe(true);

    // Restart: a new app on the same database, no new login, no manual step.
    await stopBot();
    await startBot();
    expect(await botDevices(lena, botUserId)).toEqual(before);

    // Ana cancels after the restart: the bot still reads her, and Ben is promoted in a new,
    // encrypted direct room the bot opens for him.
    expect(await say(ana, room, "!pl cancel 1")).toEqual([
      `You're off shift #1 (Sat Dec 5, 10am at ${cast.place}). Thanks for letting us know.\n\n!pl 4 · Join waitlist #1`,
    ]);
    const promoted = `Good news: a place opened on shift #1, Sat Dec 5, 10am at ${cast.place}. You're on it now. If you can't make it, send !pl cancel 1.`;
    // (Which room: the one holding it. Synapse can leave Ben's client unsure of his own join when
    // it raced with the sync; what counts here is that he reads the message.)
    const dm = await eventually(() => {
      const found = ben.roomsOtherThan(room).find((r) => ben.seen(r).some((m) => m.body === promoted));
      expect(found).toBeDefined();
      return found!;
    }, WAIT_MS);
    expect(ben.client.getRoom(dm)?.hasEncryptionStateEvent()).toBe(true);

    // An event nobody can decrypt (no such session) is logged without content and skipped.
    await rawSend(cast, room, "m.room.encrypted", {
      algorithm: "m.megolm.v1.aes-sha2",
      sender_key: "AAAA",
      session_id: "no-such-session",
      ciphertext: `garbage-${cast.sandbox.run}`,
      device_id: lena.session.deviceId,
    });
    // Lena signs in on a new phone: the bot learns of the new device and the phone reads the answer.
    const phone = await Member.start(cast.sandbox.url, await passwordLogin(cast.sandbox.url, `${cast.sandbox.run}lena`, cast.sandbox.password));
    try {
      await eventually(() => expect(phone.client.getRoom(room)?.getMyMembership()).toBe("join"), WAIT_MS);
      const [shifts] = await say(phone, room, "!pl shifts");
      expect(shifts).toContain(cast.place);
    } finally {
      await phone.stop();
    }
    await eventually(() => expect(bot?.logLines.join("")).toContain("could not decrypt an event"), WAIT_MS);

    // Every message in the room and the direct room was ciphertext on the wire, and each member
    // decrypted every reply of the bot.
    for (const m of [lena, ana, ben]) {
      const seen = m.seen(room);
      expect(seen.every((line) => line.encrypted)).toBe(true);
      expect(seen.filter((line) => line.sender === botUserId && line.body === undefined)).toEqual([]);
    }
    expect(ben.seen(dm).filter((line) => !line.encrypted || line.body === undefined)).toEqual([]);

    // Synapse's database holds none of it in clear, and neither does the bot's log.
    await stopBot();
    // The network name and the place are unique to this run and appear in commands and replies alike.
    for (const secret of [cast.network, cast.place]) expect({ secret, stored: storedInSynapse(cast.sandbox.dataDir, secret) }).toEqual({ secret, stored: false });
    const logged = allLogLines.join("\n");
    for (const secret of [cast.network, cast.place, ana.userId, ben.userId, cast.bot.accessToken, "garbage-"]) {
      expect(logged).not.toContain(secret);
    }
  });
});
