import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import {
  deleteDatabases,
  type IdbFactory,
  indexedDbFactory,
  restoreDatabases,
  snapshotDatabases,
} from "../../adapters/matrix/crypto/idb-snapshot.js";

/**
 * The crypto store's persistence: IndexedDB databases dumped into one string and recreated from it
 * (the OlmMachine's store lives in fake-indexeddb, in memory). Checked here on shapes the crypto
 * store may use: in-line and out-of-line keys, key generators, indexes, binary values.
 */

type Req<T> = { result: T; onsuccess: (() => void) | null; onerror: (() => void) | null; error: unknown };
interface Db {
  transaction(s: string[], m: string): { objectStore(n: string): Store; oncomplete: (() => void) | null };
  close(): void;
  version: number;
  createObjectStore(n: string, o: object): Store;
}
interface Store {
  put(v: unknown, k?: unknown): Req<unknown>;
  get(k: unknown): Req<unknown>;
  add(v: unknown): Req<unknown>;
  createIndex(n: string, p: string, o: object): void;
  index(n: string): { get(k: unknown): Req<unknown> };
}

const done = <T>(req: Req<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });

function open(idb: IdbFactory, name: string, version?: number, upgrade?: (db: Db) => void): Promise<Db> {
  const req = idb.open(name, version) as unknown as Req<Db> & { onupgradeneeded: (() => void) | null };
  if (upgrade) req.onupgradeneeded = () => upgrade(req.result);
  return done(req);
}

describe("IndexedDB snapshots of the crypto store", () => {
  it("recreates databases with their versions, stores, indexes, keys and binary values", async () => {
    const idb = indexedDbFactory();
    const db = await open(idb, "a::meta", 3, (d) => {
      const sessions = d.createObjectStore("sessions", { keyPath: "id" });
      sessions.createIndex("by_room", "room", { unique: false, multiEntry: false });
      d.createObjectStore("blobs", { keyPath: null, autoIncrement: true });
    });
    const tx = db.transaction(["sessions", "blobs"], "readwrite");
    tx.objectStore("sessions").put({ id: "s1", room: "!r:x", pickle: new Uint8Array([1, 2, 3]), at: new Date(5) });
    tx.objectStore("blobs").put(new Uint8Array([9, 9]), ["composite", 1]);
    tx.objectStore("blobs").add("generated key");
    await new Promise<void>((resolve) => {
      tx.oncomplete = () => resolve();
    });
    db.close();
    await open(idb, "other::x", 1, (d) => void d.createObjectStore("s", { keyPath: null, autoIncrement: false }));

    const snapshot = await snapshotDatabases(idb, "a::");
    await restoreDatabases(idb, "b::", snapshot);

    const names = (await idb.databases()).map((d) => d.name).sort();
    expect(names).toEqual(["a::meta", "b::meta", "other::x"]);
    const copy = await open(idb, "b::meta");
    expect(copy.version).toBe(3);
    const read = copy.transaction(["sessions", "blobs"], "readwrite");
    const sessions = read.objectStore("sessions");
    expect(await done(sessions.index("by_room").get("!r:x"))).toEqual({
      id: "s1",
      room: "!r:x",
      pickle: new Uint8Array([1, 2, 3]),
      at: new Date(5),
    });
    expect(await done(read.objectStore("blobs").get(["composite", 1]))).toEqual(new Uint8Array([9, 9]));
    expect(await done(read.objectStore("blobs").get(1))).toBe("generated key");
    // The key generator goes on after the restored keys.
    expect(await done(read.objectStore("blobs").add("next"))).toBe(2);
    copy.close();

    await deleteDatabases(idb, "b::");
    await deleteDatabases(idb, "a::");
    expect((await idb.databases()).map((d) => d.name)).toEqual(["other::x"]);
  });

  it("refuses a snapshot it does not understand", async () => {
    await expect(restoreDatabases(indexedDbFactory(), "c::", Buffer.from("garbage").toString("base64"))).rejects.toThrow();
  });
});
