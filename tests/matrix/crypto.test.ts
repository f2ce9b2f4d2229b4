import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMatrixAdapter } from "../../adapters/matrix/index.js";
import { type AdapterStateStore, type ChatEvent, chatRef, type PlatformAdapter } from "../../src/core/port.js";
import { eventually, memoryState } from "../contract/adapter-contract.js";
import { FakeHomeserver, type MatrixEvent, type Session } from "../fakes/matrix/homeserver.js";
import { OlmDevice } from "../fakes/matrix/olm-device.js";
import { recordingLogger } from "./setup.js";

/**
 * End-to-end encryption against the fake homeserver: the bot's wasm OlmMachine inside the adapter,
 * and Alice's device as a second OlmMachine speaking HTTP to the fake. Assertions read what the
 * homeserver holds (ciphertext only) and what Alice's device can decrypt.
 */

interface CryptoWorld {
  hs: FakeHomeserver;
  bot: Session;
  alice: Session;
  room: string;
  log: ReturnType<typeof recordingLogger>;
  device: OlmDevice;
}

/** Waits for asynchronous state; generous, as the machine is shared and the crypto is CPU-bound. */
const soon = <T>(check: () => T | Promise<T>): Promise<T> => eventually(check, 15_000);

let w: CryptoWorld;
const running: PlatformAdapter[] = [];

beforeEach(async () => {
  const hs = await FakeHomeserver.start();
  const bot = hs.createUser("porchlight", "Porchlight");
  const alice = hs.createUser("alice", "Alice");
  const room = hs.createRoom(alice.userId, { name: "Block 12", members: [bot.userId], encrypted: true });
  w = { hs, bot, alice, room, log: recordingLogger(), device: await OlmDevice.start(hs.url, alice) };
});

afterEach(async () => {
  for (const a of running.splice(0)) await a.stop();
  w.device.close();
  await w.hs.close();
});

/** Start an encrypting adapter for the bot on `state`; returns it with the events it dispatched. */
async function startBot(
  state: AdapterStateStore,
  onEvent: (e: ChatEvent) => void = () => {},
): Promise<{ adapter: PlatformAdapter; events: ChatEvent[] }> {
  const adapter = createMatrixAdapter(
    {
      homeserverUrl: w.hs.url,
      accessToken: w.bot.accessToken,
      encryption: true,
      syncTimeoutMs: 2000,
      sendTimeoutMs: 2000,
      syncBackoffMs: { min: 20, max: 200 },
    },
    { log: w.log },
  );
  const events: ChatEvent[] = [];
  await adapter.start({
    dispatch: async (e) => {
      events.push(e);
      onEvent(e);
    },
    log: w.log,
    state,
  });
  running.push(adapter);
  return { adapter, events };
}

const commandNames = (events: ChatEvent[]) => events.flatMap((e) => (e.kind === "command" ? [`${e.name} ${e.args}`] : []));
const members = () => [w.alice.userId, w.bot.userId];
const botMessages = (): MatrixEvent[] => w.hs.events(w.room).filter((e) => e.sender === w.bot.userId && e.state_key === undefined);

/** What Alice's device reads of the bot's messages, after a sync for the room keys. */
async function aliceReads(): Promise<(string | undefined)[]> {
  await w.device.sync();
  return Promise.all(botMessages().map(async (e) => (await w.device.decrypt(e))?.body as string | undefined));
}

describe("Matrix end-to-end encryption (fake homeserver)", () => {
  it("decrypts an encrypted command and answers with ciphertext only Alice's device can read", async () => {
    const { adapter, events } = await startBot(memoryState());
    expect(adapter.capabilities(chatRef("matrix", w.room)).e2ee).toBe(true);
    await w.device.sendText(w.room, members(), "!pl signup 3");
    await soon(() => expect(commandNames(events)).toEqual(["signup 3"]));

    await adapter.send(chatRef("matrix", w.room), { text: "You're on shift #3 at 12 Elm St." }, "reply-1");
    const timeline = w.hs.events(w.room).filter((e) => e.state_key === undefined);
    expect(timeline.map((e) => e.type)).toEqual(["m.room.encrypted", "m.room.encrypted"]);
    expect(JSON.stringify(w.hs.events(w.room))).not.toContain("Elm St");
    await soon(async () => expect(await aliceReads()).toEqual(["You're on shift #3 at 12 Elm St."]));
  });

  it("edits its encrypted message with the relation left visible, as the spec asks", async () => {
    const { adapter } = await startBot(memoryState());
    const chat = chatRef("matrix", w.room);
    const { messageId } = await adapter.send(chat, { text: "Shift #2: 3 places left" }, "post-2");
    await adapter.edit?.(chat, messageId, { text: "Shift #2: 2 places left" });
    const edit = botMessages().at(-1)!;
    expect(edit.type).toBe("m.room.encrypted");
    expect(edit.content["m.relates_to"]).toEqual({ rel_type: "m.replace", event_id: messageId });
    await w.device.sync();
    expect((await w.device.decrypt(edit))?.["m.new_content"]).toMatchObject({ body: "Shift #2: 2 places left" });
  });

  it("keeps one device identity across a restart from the adapter state and still decrypts", async () => {
    const state = memoryState();
    const first = await startBot(state);
    const keysBefore = w.hs.state.keys.device(w.bot.userId, w.bot.deviceId).deviceKeys;
    expect(keysBefore).toBeDefined();
    await w.device.sendText(w.room, members(), "!pl roster 1");
    await soon(() => expect(commandNames(first.events)).toEqual(["roster 1"]));
    await first.adapter.stop();
    expect(state.get("crypto:snapshot")).toBeDefined();

    const second = await startBot(state);
    // Same device, same keys on the server: no new device, no re-upload of different identity keys.
    expect(w.hs.state.keys.deviceIds(w.bot.userId)).toEqual([w.bot.deviceId]);
    expect(w.hs.state.keys.device(w.bot.userId, w.bot.deviceId).deviceKeys?.keys).toEqual(keysBefore?.keys);
    // Alice's device reuses its Megolm session: only the restored store holds its key.
    await w.device.sendText(w.room, members(), "!pl roster 2");
    await soon(() => expect(commandNames(second.events)).toEqual(["roster 2"]));
    await second.adapter.send(chatRef("matrix", w.room), { text: "after restart" }, "reply-2");
    await soon(async () => expect(await aliceReads()).toEqual(["after restart"]));
  });

  it("refuses to start on stored keys it cannot open, rather than making the device new keys", async () => {
    const state = memoryState();
    const first = await startBot(state);
    const keysBefore = w.hs.state.keys.device(w.bot.userId, w.bot.deviceId).deviceKeys?.keys;
    await first.adapter.stop();
    state.set("crypto:passphrase", "not-the-passphrase");
    const refused = await startBot(state).then(
      () => undefined,
      (err: unknown) => err as { code?: string },
    );
    expect(refused?.code).toBe("REJECTED");
    expect(w.hs.state.keys.device(w.bot.userId, w.bot.deviceId).deviceKeys?.keys).toEqual(keysBefore);
  });

  it("loses no room key when it stops right after saving a sync position", async () => {
    // A copy of the adapter state taken at every sync-token write: what a crash just then leaves.
    const live = memoryState();
    let crashCopy = new Map<string, string>();
    const keys = new Set<string>();
    const state: AdapterStateStore = {
      get: (k) => live.get(k),
      delete: (k) => {
        keys.delete(k);
        live.delete(k);
      },
      set: (k, v) => {
        keys.add(k);
        live.set(k, v);
        if (k.endsWith("sync_token")) crashCopy = new Map([...keys].map((key) => [key, live.get(key)!]));
      },
    };
    // The sync position saved before the batch that carried the command (and maybe its room key).
    let positionBefore: string | undefined;
    const first = await startBot(state, () => {
      positionBefore = live.get("sdk:sync_token");
    });
    await w.device.sendText(w.room, members(), "!pl one");
    await soon(() => expect(commandNames(first.events)).toEqual(["one "]));
    // Wait for that batch's own position to be saved: the crash comes right after it.
    await soon(() => expect(crashCopy.get("sdk:sync_token")).not.toBe(positionBefore));
    const crashed = crashCopy;
    // "Crash": the old adapter is gone without a clean stop's final save.
    running.splice(running.indexOf(first.adapter), 1);
    void first.adapter.stop();

    const restored = memoryState();
    for (const [k, v] of crashed) restored.set(k, v);
    const second = await startBot(restored);
    await w.device.sendText(w.room, members(), "!pl two");
    await soon(() => expect(commandNames(second.events)).toEqual(["two "]));
  });

  it("logs and skips an event it cannot decrypt, and goes on", async () => {
    const { events } = await startBot(memoryState());
    w.hs.sendEvent(w.room, w.alice.userId, "m.room.encrypted", {
      algorithm: "m.megolm.v1.aes-sha2",
      sender_key: "AAAA",
      session_id: "nope",
      ciphertext: "secret-ciphertext",
      device_id: "XYZ",
    });
    await w.device.sendText(w.room, members(), "!pl ping");
    await soon(() => expect(commandNames(events)).toEqual(["ping "]));
    expect(w.log.lines.some((l) => l.msg?.includes("could not decrypt") && (l.obj as { reason?: string }).reason)).toBe(true);
    const logged = JSON.stringify(w.log.lines);
    for (const secret of ["secret-ciphertext", w.alice.userId, w.bot.accessToken, "ping"]) expect(logged).not.toContain(secret);
  });

  it("sends nothing when a newcomer's devices cannot be fetched, and reaches them on the retry", async () => {
    const { adapter, events } = await startBot(memoryState());
    const ben = w.hs.createUser("ben", "Ben");
    const benDevice = await OlmDevice.start(w.hs.url, ben);
    try {
      w.hs.invite(w.room, w.alice.userId, ben.userId);
      w.hs.join(w.room, ben.userId);
      // Once the bot has read Ben's first message it knows he is in the room.
      await benDevice.sendText(w.room, [...members(), ben.userId], "!pl hello");
      await soon(() => expect(commandNames(events)).toEqual(["hello "]));
      w.hs.inject({ path: "/keys/query" }, { kind: "status", status: 502, errcode: "M_UNKNOWN" }, 5);
      const refused = await adapter.send(chatRef("matrix", w.room), { text: "Welcome, Ben" }, "welcome").then(
        () => undefined,
        (err: unknown) => err as { code?: string },
      );
      w.hs.clearFaults();
      expect(refused?.code).toBe("TRANSIENT");
      expect(botMessages()).toEqual([]);

      await adapter.send(chatRef("matrix", w.room), { text: "Welcome, Ben" }, "welcome");
      await benDevice.sync();
      const [welcome] = botMessages();
      expect((await benDevice.decrypt(welcome!))?.body).toBe("Welcome, Ben");
    } finally {
      benDevice.close();
    }
  });

  it("starts a new room key when someone leaves, so a removed member cannot read what follows", async () => {
    const { adapter, events } = await startBot(memoryState());
    const mole = w.hs.createUser("mole", "Mole");
    const moleDevice = await OlmDevice.start(w.hs.url, mole);
    try {
      w.hs.invite(w.room, w.alice.userId, mole.userId);
      w.hs.join(w.room, mole.userId);
      await moleDevice.sendText(w.room, [...members(), mole.userId], "!pl hi");
      await soon(() => expect(commandNames(events)).toEqual(["hi "]));
      await adapter.send(chatRef("matrix", w.room), { text: "Raid watch at 5th Ave" }, "alert-1");
      w.hs.kick(w.room, w.alice.userId, mole.userId);
      // Once the bot has seen the kick (its next sync), the next alert goes out under a new key.
      await w.device.sendText(w.room, members(), "!pl ack");
      await soon(() => expect(commandNames(events)).toEqual(["hi ", "ack "]));
      await adapter.send(chatRef("matrix", w.room), { text: "Raid moved to 7th Ave" }, "alert-2");

      const [before, after] = botMessages();
      expect(after!.content.session_id).not.toBe(before!.content.session_id);
      await moleDevice.sync();
      expect((await moleDevice.decrypt(before!))?.body).toBe("Raid watch at 5th Ave");
      expect(await moleDevice.decrypt(after!)).toBeUndefined();
      expect(await aliceReads()).toEqual(["Raid watch at 5th Ave", "Raid moved to 7th Ave"]);
    } finally {
      moleDevice.close();
    }
  });

  it("answers a room key request from a member's device it shared the key with", async () => {
    const { adapter } = await startBot(memoryState());
    await adapter.send(chatRef("matrix", w.room), { text: "Shift #4 posted" }, "post-4");
    // The room key for Alice's device is lost on the way: she cannot read the message.
    w.hs.state.keys.dropToDevice(w.alice.userId, w.alice.deviceId);
    expect(await aliceReads()).toEqual([undefined]);

    const [message] = botMessages();
    await w.device.requestRoomKey(w.bot.userId, w.bot.deviceId, message!);
    const answer = await soon(async () => {
      const received = await w.device.sync();
      const forwarded = received.find((e) => e.type === "m.forwarded_room_key");
      expect(forwarded?.content.session_id).toBe(message!.content.session_id);
      return forwarded!;
    });
    expect(answer.content.room_id).toBe(w.room);
  });

  it("uploads keys, a fallback key and a cross-signed device, and tops one-time keys up", async () => {
    await startBot(memoryState());
    const bot = { userId: w.bot.userId, deviceId: w.bot.deviceId, accessToken: "" };
    const full = w.hs.state.keys.oneTimeKeyCounts(bot).signed_curve25519!;
    expect(full).toBeGreaterThan(0);
    expect(w.hs.state.keys.unusedFallbackKeyTypes(bot)).toEqual(["signed_curve25519"]);
    const selfSigning = w.hs.state.keys.crossSigning.get(w.bot.userId)?.self_signing_key as { keys: Record<string, string> };
    const [selfSigningKeyId] = Object.keys(selfSigning.keys);
    const signatures = w.hs.state.keys.device(w.bot.userId, w.bot.deviceId).deviceKeys?.signatures as Record<string, object>;
    expect(Object.keys(signatures[w.bot.userId]!)).toContain(selfSigningKeyId);

    // Others claim most of the bot's one-time keys; the next /sync says so and the bot uploads more.
    for (let i = 0; i < full - 2; i++) {
      w.hs.state.keys.claim({ one_time_keys: { [w.bot.userId]: { [w.bot.deviceId]: "signed_curve25519" } } });
    }
    await soon(() => expect(w.hs.state.keys.oneTimeKeyCounts(bot).signed_curve25519).toBe(full));

    // Every one-time key is claimed, and the fallback key after them: sessions can still be made,
    // and the bot fills its one-time keys up again. (The library replaces a used fallback key once
    // it is a week old, so that sessions being set up with it still work.)
    for (let i = 0; i <= full; i++) {
      w.hs.state.keys.claim({ one_time_keys: { [w.bot.userId]: { [w.bot.deviceId]: "signed_curve25519" } } });
    }
    expect(w.hs.state.keys.device(w.bot.userId, w.bot.deviceId).fallbackKeys.get("signed_curve25519")?.used).toBe(true);
    await soon(() => expect(w.hs.state.keys.oneTimeKeyCounts(bot).signed_curve25519).toBe(full));
  });
});
