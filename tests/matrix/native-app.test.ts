import { afterEach, describe, expect, it } from "vitest";
import { createMatrixAdapter } from "../../adapters/matrix/index.js";
import { ManualClock } from "../../src/core/clock.js";
import { type App, createApp } from "../../src/main.js";
import { openStore } from "../../src/store/open.js";
import { SigningKeys } from "../../src/alerts/keys.js";
import { base58Decode, textSignedBytes } from "../../src/alerts/pasted.js";
import { verifySignature } from "../../src/crypto/signing.js";
import { eventually } from "../contract/adapter-contract.js";
import { FakeHomeserver, type Session } from "../fakes/matrix/homeserver.js";
import { silentLog, T0, TEST_KEY, tempDir, testConfig } from "../support/app.js";

/**
 * The whole bot on the Matrix fake: what people read there names commands the way Matrix types
 * them (`!pl network invite`), and people are named by their Matrix ids and pills.
 */

const TIMEOUT = 60_000;

interface World {
  hs: FakeHomeserver;
  app: App;
  bot: Session;
  room: string;
  people: Map<string, Session>;
  /** `who` types `body` in the group room; resolves with what the bot answered there. */
  say(who: string, body: string, extra?: Record<string, unknown>): Promise<string>;
  /** What the bot sent `who` in their direct room. */
  inbox(who: string): string[];
  roomTexts(): string[];
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function matrixApp(names: string[], inRoom: string[] = names): Promise<World> {
  const hs = await FakeHomeserver.start();
  const bot = hs.createUser("porchlight", "Porchlight");
  const people = new Map<string, Session>(names.map((n) => [n, hs.createUser(n.toLowerCase(), n)]));
  const room = hs.createRoom(people.get(names[0]!)!.userId, { name: "Eastside", members: [bot.userId, ...inRoom.map((n) => people.get(n)!.userId)] });
  const temp = tempDir("porchlight-native-mx-");
  const adapter = createMatrixAdapter(
    { homeserverUrl: hs.url, accessToken: bot.accessToken, encryption: false, pacing: { perWindow: 1000, refillMs: 1 }, syncTimeoutMs: 2000, sendTimeoutMs: 2000, syncBackoffMs: { min: 20, max: 200 } },
    { log: silentLog },
  );
  const config = testConfig(temp.dir);
  const store = openStore({ path: config.database.path, key: TEST_KEY });
  const app = createApp({ config, adapters: [adapter], log: silentLog, clock: new ManualClock(T0), store });
  await app.start();
  cleanups.push(async () => {
    await app.stop({ flush: true });
    await hs.close();
    temp.cleanup();
  });
  const bodies = (r: string) => hs.events(r).filter((e) => e.sender === bot.userId && e.state_key === undefined).map((e) => String(e.content.body ?? ""));
  return {
    hs,
    app,
    bot,
    room,
    people,
    async say(who, body, extra = {}) {
      const before = bodies(room).length;
      hs.sendText(room, people.get(who)!.userId, body, extra);
      await eventually(() => expect(bodies(room).length).toBeGreaterThan(before), 15_000);
      await app.delivery.flush(10_000);
      return bodies(room).slice(before).join("\n");
    },
    inbox: (who) => hs.directRooms(bot.userId, people.get(who)!.userId).flatMap(bodies),
    roomTexts: () => bodies(room),
  };
}

describe("Matrix: commands named the way Matrix types them", () => {
  it(
    "writes every hint and usage line with the prefix, and suggests with it too",
    async () => {
      const w = await matrixApp(["Lena", "Ana"]);
      expect(await w.say("Lena", "!pl network create Eastside")).toContain("To add another chat, send !pl network invite.");
      expect(await w.say("Lena", "!pl network invite")).toBe("I've sent you the details in a private message.");
      await eventually(() => expect(w.inbox("Lena").join("\n")).toMatch(/In the other chat, send:\n!pl network link [A-Z2-9-]+/));
      const help = await w.say("Ana", "!pl help");
      expect(help).toContain("/help COMMAND".replace("/", "!pl "));
      expect(help).toContain("\n!pl signup ID\n");
      expect(help).not.toMatch(/(^|\s)\/[a-z]/m);
      expect(await w.say("Ana", "!pl shfit")).toBe("I don't know !pl shfit. Did you mean !pl shift?");
      expect(await w.say("Ana", "!pl help zzz")).toBe("I don't know !pl zzz. Send !pl help to see what I can do.");
      expect(await w.say("Lena", "!pl shift new sat 10am")).toBe("Usage: !pl shift new WHEN DURATION PLACE CAPACITY [NOTE…]");
      expect(await w.say("Ana", "!pl lang es")).toBe("Only a network lead can do that. An admin can give the role with !pl role grant.");
      await w.say("Lena", "!pl lang es");
      expect(await w.say("Ana", "!pl ayuda turno nuevo")).toContain("Quien administra la red da los roles con !pl rol dar.");
      // Nothing the bot said in the room names a command the Element way.
      expect(w.roomTexts().join("\n")).not.toMatch(/(^|[\s«“(])\/\p{L}/mu);
    },
    TIMEOUT,
  );

  it(
    "names people by pill and by user id, even ones who never spoke",
    async () => {
      const w = await matrixApp(["Lena", "Bea", "Cleo"]);
      const bea = w.people.get("Bea")!.userId;
      const cleo = w.people.get("Cleo")!.userId;
      const pill = (id: string, name: string, before: string, after: string) => ({
        format: "org.matrix.custom.html",
        formatted_body: `${before}<a href="https://matrix.to/#/${id}">${name}</a>${after}`,
      });
      await w.say("Lena", "!pl network create Eastside");
      expect(await w.say("Lena", "!pl role grant Bea verifier", pill(bea, "Bea", "!pl role grant ", " verifier"))).toBe(
        "Done. I've sent you the details privately.",
      );
      await eventually(() => expect(w.inbox("Lena")).toContain("Bea is now a verifier."));
      await w.say("Lena", `!pl role grant ${cleo} lead`);
      // A user id typed as text carries no display name: the answer names the account's localpart.
      await eventually(() => expect(w.inbox("Lena")).toContain("cleo is now a lead."));
      await w.say("Lena", "!pl role grant Lena lead");
      await w.say("Lena", '!pl canvass new "Elm raid" "Elm & 5th"');
      await w.say("Lena", "!pl canvass blocks 1 3");
      expect(await w.say("Lena", "!pl assign 1 B2 Bea", pill(bea, "Bea", "!pl assign 1 B2 ", ""))).toBe(
        "Block B2 of canvass #1 is assigned. The person who has it got the details privately, and so did you.",
      );
      await eventually(() => expect(w.inbox("Bea").join("\n")).toContain("Block B2 of canvass #1 “Elm raid” is yours until"));
      // What the room read names neither of them.
      expect(w.roomTexts().join("\n")).not.toMatch(/Bea|Cleo/);
    },
    TIMEOUT,
  );

  it(
    "redraws a shift's numbered choices after each press: sign up, then join the waitlist or cancel",
    async () => {
      const w = await matrixApp(["Lena", "Ana"]);
      await w.say("Lena", "!pl network create Eastside");
      await w.say("Lena", "!pl role grant Lena lead");
      const posted = await w.say("Lena", "!pl shift new sat 10am 2h Church 1");
      const choice = /!pl (\d+) · Sign up #1/.exec(posted)![1]!;
      await w.say("Ana", `!pl ${choice}`);
      const edits = () =>
        w.hs
          .events(w.room)
          .filter((e) => e.sender === w.bot.userId && (e.content["m.relates_to"] as { rel_type?: string } | undefined)?.rel_type === "m.replace")
          .map((e) => String((e.content["m.new_content"] as { body?: string }).body ?? ""));
      await eventually(() => expect(edits().at(-1)).toMatch(/· full\n\n!pl \d+ · Join waitlist #1\n!pl \d+ · Cancel my place #1$/));
      await eventually(() => expect(w.inbox("Ana").join("\n")).toMatch(/You're on shift #1: .* at Church\.[\s\S]*!pl \d+ · Cancel my place #1/));
    },
    TIMEOUT,
  );
  it(
    "signs the broadcast as Matrix shows it (!pl verify), and that copy verifies in chat and offline; members' words are not rewritten",
    async () => {
      const w = await matrixApp(["Lena", "Ana"]);
      const ana = w.people.get("Ana")!.userId;
      await w.say("Lena", "!pl network create Eastside");
      await w.say("Lena", `!pl role grant ${ana} verifier`);
      expect(await w.say("Lena", "!pl network quorum 1")).toContain("one verifier's confirmation is enough");
      await w.say("Lena", '!pl alert report "vans by the /help desk, send /signup people" where="Elm St"');
      // The verifier's card: our hint with the prefix, the reporter's words exactly as written.
      const card = await eventually(async () => {
        await w.app.delivery.flush(1000);
        const found = w.inbox("Ana").find((t) => t.includes("vans by the"));
        expect(found).toBeDefined();
        return found!;
      }, 15_000);
      expect(card).toContain("vans by the /help desk, send /signup people");
      expect(card).toMatch(/!pl confirm 1/);
      await w.say("Ana", "!pl confirm 1");
      const broadcast = await eventually(async () => {
        await w.app.delivery.flush(1000);
        const found = w.roomTexts().find((t) => t.includes("Signature:"));
        expect(found).toBeDefined();
        return found!;
      }, 15_000);
      const code = /Signature: (\S+)/.exec(broadcast)![1]!;
      expect(broadcast).toContain(`(check with !pl verify ${code})`);
      expect(broadcast).not.toMatch(/(^|\s)\/verify/m);
      // Offline: the 🔏 line signs exactly the text above it, with the network's key.
      const [text, seal] = broadcast.split("\n🔏 ");
      const key = new SigningKeys(w.app.store.db).current(1)!;
      expect(verifySignature(key.publicKey, textSignedBytes(text!), Buffer.from(base58Decode(seal!)!).toString("base64url"))).toBe(true);
      // In chat: the pasted Matrix copy is genuine, word for word.
      expect(await w.say("Ana", `!pl verify ${broadcast}`)).toContain("✅ Genuine, word for word");
      expect(await w.say("Ana", `!pl verify ${text}`)).toContain("✅ Genuine, word for word");
      // The same alert as a slash platform words it still verifies too (its own signed variant).
      expect(await w.say("Ana", `!pl verify ${text!.replace("!pl verify", "/verify")}`)).toContain("✅ Genuine, word for word");
    },
    TIMEOUT,
  );
});
