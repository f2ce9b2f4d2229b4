import { Attachment, EncryptedAttachment, initAsync } from "@matrix-org/matrix-sdk-crypto-wasm";
import { Resvg } from "@resvg/resvg-js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMatrixAdapter } from "../../adapters/matrix/index.js";
import { txnIdFor } from "../../adapters/matrix/sender.js";
import { AdapterError, type AdapterStateStore, chatRef, type PlatformAdapter } from "../../src/core/port.js";
import { eventually } from "../contract/adapter-contract.js";
import { FakeHomeserver, type MatrixEvent, type Session } from "../fakes/matrix/homeserver.js";
import { OlmDevice } from "../fakes/matrix/olm-device.js";
import { recordingLogger } from "../matrix/setup.js";

/**
 * The canvass status picture on Matrix: the text as an m.notice, then the PNG uploaded to the fake
 * homeserver's media repository and posted as an m.image. In an encrypted room the homeserver must
 * hold only ciphertext (events and media), and Alice's own device must get the picture back.
 */

/** A small real PNG, rendered from SVG. */
function png(): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><rect width="40" height="30" fill="#4e79a7"/></svg>`;
  return Buffer.from(new Resvg(svg).render().asPng()).toString("base64");
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Adapter state whose keys a test can list (to see that no upload key is left behind). */
function listableState(): AdapterStateStore & { keys(): string[] } {
  const map = new Map<string, string>();
  return {
    get: (k) => map.get(k),
    set: (k, v) => void map.set(k, v),
    delete: (k) => void map.delete(k),
    keys: () => [...map.keys()],
  };
}

/** Waits for asynchronous state; generous, as the crypto is CPU-bound on a shared machine. */
const soon = <T>(check: () => T | Promise<T>): Promise<T> => eventually(check, 15_000);

interface World {
  hs: FakeHomeserver;
  bot: Session;
  alice: Session;
  room: string;
  state: ReturnType<typeof listableState>;
  log: ReturnType<typeof recordingLogger>;
  adapter: PlatformAdapter;
  device?: OlmDevice;
}

async function world(encrypted: boolean): Promise<World> {
  const hs = await FakeHomeserver.start();
  const bot = hs.createUser("porchlight", "Porchlight");
  const alice = hs.createUser("alice", "Alice");
  const room = hs.createRoom(alice.userId, { name: "Block 12", members: [bot.userId], encrypted });
  const device = encrypted ? await OlmDevice.start(hs.url, alice) : undefined;
  const log = recordingLogger();
  const adapter = createMatrixAdapter(
    {
      homeserverUrl: hs.url,
      accessToken: bot.accessToken,
      encryption: encrypted,
      syncTimeoutMs: 2000,
      sendTimeoutMs: 2000,
      syncBackoffMs: { min: 20, max: 200 },
    },
    { log },
  );
  const state = listableState();
  await adapter.start({ dispatch: async () => {}, log, state });
  return { hs, bot, alice, room, state, log, adapter, ...(device ? { device } : {}) };
}

/** The bot's timeline events (not state), oldest first. */
const botEvents = (w: World): MatrixEvent[] =>
  w.hs.events(w.room).filter((e) => e.sender === w.bot.userId && e.state_key === undefined);

/** Download a file as a member's client would, through the authenticated media API. */
async function download(w: World, uri: string): Promise<Buffer> {
  const [, server, mediaId] = /^mxc:\/\/([^/]+)\/(.+)$/.exec(uri)!;
  const res = await fetch(`${w.hs.url}/_matrix/client/v1/media/download/${server}/${mediaId}`, {
    headers: { authorization: `Bearer ${w.alice.accessToken}` },
  });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

const STATUS = "Canvass #1: 2 of 3 blocks done";
const ALT = "Map: B1 and B2 done, B3 open";

let w: World;
afterEach(async () => {
  await w.adapter.stop();
  w.device?.close();
  await w.hs.close();
});

describe("matrix pictures, unencrypted room", () => {
  beforeEach(async () => {
    w = await world(false);
  });

  it("says it can show images", () => {
    expect(w.adapter.capabilities(chatRef("matrix", w.room)).images).toBe(true);
  });

  it("posts the text as an m.notice, then an m.image whose media bytes are the PNG", async () => {
    const image = { png: png(), alt: ALT };
    const { messageId } = await w.adapter.send(chatRef("matrix", w.room), { text: STATUS, image }, "status-1");
    const [notice, picture, ...rest] = botEvents(w);
    expect(rest).toEqual([]);
    expect(notice).toMatchObject({ event_id: messageId, type: "m.room.message", content: { msgtype: "m.notice", body: STATUS } });
    expect(picture).toMatchObject({ type: "m.room.message", content: { msgtype: "m.image", body: ALT } });
    const bytes = Buffer.from(image.png, "base64");
    expect(picture!.content.info).toEqual({ mimetype: "image/png", size: bytes.length, w: 40, h: 30 });
    const url = picture!.content.url as string;
    expect(url).toMatch(/^mxc:\/\//);
    expect(w.hs.media(url)?.bytes.equals(bytes)).toBe(true);
    expect(w.hs.media(url)?.contentType).toBe("image/png");
    expect((await download(w, url)).equals(bytes)).toBe(true);
    expect(w.state.keys().filter((k) => k.startsWith("media:"))).toEqual([]);
  });

  it("a retry after a lost answer posts neither message twice and uploads once", async () => {
    const image = { png: png(), alt: ALT };
    const imagePut = `/send/m.room.message/${txnIdFor("status-2", "image")}`;
    w.hs.inject({ method: "PUT", path: imagePut }, { kind: "dropAfterApply" });
    const first = await w.adapter.send(chatRef("matrix", w.room), { text: STATUS, image }, "status-2").catch((e: unknown) => e);
    expect(first).toBeInstanceOf(AdapterError);
    expect((first as AdapterError).code).toBe("UNCERTAIN");
    await w.adapter.send(chatRef("matrix", w.room), { text: STATUS, image }, "status-2");
    expect(botEvents(w).map((e) => e.content.msgtype)).toEqual(["m.notice", "m.image"]);
    expect(w.hs.mediaStore.count).toBe(1);
  });

  it("refuses a picture that is not a PNG before posting anything", async () => {
    const image = { png: Buffer.from("not a png").toString("base64"), alt: ALT };
    const err = await w.adapter.send(chatRef("matrix", w.room), { text: STATUS, image }, "status-3").catch((e: unknown) => e);
    expect((err as AdapterError).code).toBe("REJECTED");
    expect(botEvents(w)).toEqual([]);
    expect(w.hs.mediaStore.count).toBe(0);
  });

  it("lets the text stand alone when the homeserver refuses the upload for good", async () => {
    w.hs.inject({ method: "POST", path: "/upload" }, { kind: "status", status: 413, errcode: "M_TOO_LARGE" });
    const { messageId } = await w.adapter.send(chatRef("matrix", w.room), { text: STATUS, image: { png: png(), alt: ALT } }, "s4");
    expect(botEvents(w).map((e) => [e.event_id, e.content.body])).toEqual([[messageId, STATUS]]);
    expect(JSON.stringify(w.log.lines)).not.toContain(ALT);
  });

  it("throws a retryable error when the upload fails for now, and the retry completes the pair", async () => {
    w.hs.inject({ method: "POST", path: "/upload" }, { kind: "status", status: 502, errcode: "M_UNKNOWN" });
    const image = { png: png(), alt: ALT };
    const err = await w.adapter.send(chatRef("matrix", w.room), { text: STATUS, image }, "s5").catch((e: unknown) => e);
    expect((err as AdapterError).code).toBe("TRANSIENT");
    await w.adapter.send(chatRef("matrix", w.room), { text: STATUS, image }, "s5");
    expect(botEvents(w).map((e) => e.content.msgtype)).toEqual(["m.notice", "m.image"]);
  });
});

describe("matrix pictures, end-to-end encrypted room", () => {
  beforeEach(async () => {
    w = await world(true);
    await initAsync();
  });

  it("uploads only ciphertext, and Alice's device decrypts the event and then the picture", async () => {
    const chat = chatRef("matrix", w.room);
    expect(w.adapter.capabilities(chat)).toMatchObject({ e2ee: true, images: true });
    const image = { png: png(), alt: ALT };
    const bytes = Buffer.from(image.png, "base64");
    await w.adapter.send(chat, { text: STATUS, image }, "status-e1");

    // The homeserver holds ciphertext only: events, and the uploaded file.
    const events = botEvents(w);
    expect(events.map((e) => e.type)).toEqual(["m.room.encrypted", "m.room.encrypted"]);
    const held = JSON.stringify(w.hs.events(w.room));
    expect(held).not.toContain(STATUS);
    expect(held).not.toContain(ALT);
    expect(held).not.toContain("mxc://");
    expect(w.hs.mediaStore.count).toBe(1);

    // Alice's device reads the notice, then the m.image with its key, then the picture.
    await w.device!.sync();
    const [notice, picture] = await soon(async () => {
      const plain = await Promise.all(events.map((e) => w.device!.decrypt(e)));
      expect(plain.every((p) => p !== undefined)).toBe(true);
      return plain as Record<string, unknown>[];
    });
    expect(notice).toMatchObject({ msgtype: "m.notice", body: STATUS });
    expect(picture).toMatchObject({ msgtype: "m.image", body: ALT, info: { mimetype: "image/png", w: 40, h: 30 } });
    expect(picture!.url).toBeUndefined();
    const file = picture!.file as { url: string; key: { k: string }; iv: string; hashes: { sha256: string } };
    expect(file.url).toMatch(/^mxc:\/\//);

    const uploaded = await download(w, file.url);
    expect(uploaded.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(false);
    expect(uploaded.equals(bytes)).toBe(false);
    expect(w.hs.media(file.url)?.contentType).toBe("application/octet-stream");
    const decrypted = Attachment.decrypt(new EncryptedAttachment(uploaded, JSON.stringify(file)));
    expect(Buffer.from(decrypted).equals(bytes)).toBe(true);
    // The file's key is not left in the adapter state once the event is out.
    expect(w.state.keys().filter((k) => k.startsWith("media:"))).toEqual([]);
  });

  it("a retry after a lost answer reuses the encrypted upload and posts one picture", async () => {
    const chat = chatRef("matrix", w.room);
    const image = { png: png(), alt: ALT };
    const imagePut = `/send/m.room.encrypted/${txnIdFor("status-e2", "image")}`;
    w.hs.inject({ method: "PUT", path: imagePut }, { kind: "dropAfterApply" });
    const first = await w.adapter.send(chat, { text: STATUS, image }, "status-e2").catch((e: unknown) => e);
    expect((first as AdapterError).code).toBe("UNCERTAIN");
    await w.adapter.send(chat, { text: STATUS, image }, "status-e2");
    const events = botEvents(w);
    expect(events.map((e) => e.type)).toEqual(["m.room.encrypted", "m.room.encrypted"]);
    expect(w.hs.mediaStore.count).toBe(1);
    await w.device!.sync();
    const picture = await soon(async () => {
      const p = await w.device!.decrypt(events[1]!);
      expect(p).toBeDefined();
      return p!;
    });
    const file = picture.file as { url: string };
    const decrypted = Attachment.decrypt(new EncryptedAttachment(await download(w, file.url), JSON.stringify(file)));
    expect(Buffer.from(decrypted).equals(Buffer.from(image.png, "base64"))).toBe(true);
  });
});
