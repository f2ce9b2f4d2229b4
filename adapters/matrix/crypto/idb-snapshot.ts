import { deserialize, serialize } from "node:v8";

/**
 * Snapshot and restore of in-memory IndexedDB databases (fake-indexeddb), through the public
 * IndexedDB API only. fake-indexeddb has no save-to-disk, so the crypto store lives in memory and
 * this turns it into one opaque string the adapter keeps in the core's encrypted database.
 *
 * Values are kept as structured clones (v8 serialization), which is what IndexedDB itself stores;
 * the crypto store's values are already encrypted with its passphrase.
 */

/** The few IndexedDB shapes used here (the project compiles without the DOM library). */
interface IdbRequest<T> {
  result: T;
  error: unknown;
  onsuccess: (() => void) | null;
  onerror: (() => void) | null;
}
interface IdbOpenRequest extends IdbRequest<IdbDatabase> {
  onupgradeneeded: (() => void) | null;
  onblocked: (() => void) | null;
}
interface IdbIndex {
  name: string;
  keyPath: string | string[];
  unique: boolean;
  multiEntry: boolean;
}
interface IdbStore {
  name: string;
  keyPath: string | string[] | null;
  autoIncrement: boolean;
  indexNames: ArrayLike<string>;
  index(name: string): IdbIndex;
  getAll(): IdbRequest<unknown[]>;
  getAllKeys(): IdbRequest<unknown[]>;
  put(value: unknown, key?: unknown): IdbRequest<unknown>;
  createIndex(name: string, keyPath: string | string[], options: { unique: boolean; multiEntry: boolean }): void;
}
interface IdbTransaction {
  objectStore(name: string): IdbStore;
  oncomplete: (() => void) | null;
  onerror: (() => void) | null;
  onabort: (() => void) | null;
  error: unknown;
}
interface IdbDatabase {
  name: string;
  version: number;
  objectStoreNames: ArrayLike<string>;
  transaction(stores: string[], mode: "readonly" | "readwrite"): IdbTransaction;
  createObjectStore(name: string, options: { keyPath: string | string[] | null; autoIncrement: boolean }): IdbStore;
  close(): void;
}
/** The IndexedDB factory (`globalThis.indexedDB`). */
export interface IdbFactory {
  open(name: string, version?: number): IdbOpenRequest;
  deleteDatabase(name: string): IdbRequest<undefined> & { onblocked: (() => void) | null };
  databases(): Promise<{ name?: string; version?: number }[]>;
}

interface StoreDump {
  name: string;
  keyPath: string | string[] | null;
  autoIncrement: boolean;
  indexes: { name: string; keyPath: string | string[]; unique: boolean; multiEntry: boolean }[];
  keys: unknown[];
  values: unknown[];
}

interface DatabaseDump {
  /** The database name without the store prefix, e.g. `::matrix-sdk-crypto`. */
  suffix: string;
  version: number;
  stores: StoreDump[];
}

const FORMAT = 1;

/** The process's IndexedDB factory; fails clearly when none is installed. */
export function indexedDbFactory(): IdbFactory {
  const factory = (globalThis as { indexedDB?: IdbFactory }).indexedDB;
  if (!factory) throw new Error("no IndexedDB in this process (fake-indexeddb not installed)");
  return factory;
}

/** Every database whose name starts with `prefix`, dumped into one base64 string. */
export async function snapshotDatabases(idb: IdbFactory, prefix: string): Promise<string> {
  const names = (await idb.databases())
    .map((d) => d.name)
    .filter((n): n is string => typeof n === "string" && n.startsWith(prefix))
    .sort();
  const dumps: DatabaseDump[] = [];
  for (const name of names) {
    const db = await request(idb.open(name));
    try {
      dumps.push({ suffix: name.slice(prefix.length), version: db.version, stores: await dumpStores(db) });
    } finally {
      db.close();
    }
  }
  return serialize({ format: FORMAT, dumps }).toString("base64");
}

/**
 * Recreate the databases of `snapshot` under `prefix` (same versions, stores, indexes and records),
 * replacing any database of the same name. Must run before anything opens them.
 */
export async function restoreDatabases(idb: IdbFactory, prefix: string, snapshot: string): Promise<void> {
  const parsed = deserialize(Buffer.from(snapshot, "base64")) as { format?: unknown; dumps?: DatabaseDump[] };
  if (parsed.format !== FORMAT || !Array.isArray(parsed.dumps)) throw new Error("unknown crypto snapshot format");
  for (const dump of parsed.dumps) {
    const name = prefix + dump.suffix;
    await deleteDatabase(idb, name);
    const open = idb.open(name, dump.version);
    open.onupgradeneeded = () => {
      for (const s of dump.stores) {
        const store = open.result.createObjectStore(s.name, { keyPath: s.keyPath, autoIncrement: s.autoIncrement });
        for (const i of s.indexes) store.createIndex(i.name, i.keyPath, { unique: i.unique, multiEntry: i.multiEntry });
      }
    };
    const db = await request(open);
    try {
      await fillStores(db, dump.stores);
    } finally {
      db.close();
    }
  }
}

/** Delete every database whose name starts with `prefix` (after the store that used them closed). */
export async function deleteDatabases(idb: IdbFactory, prefix: string): Promise<void> {
  for (const d of await idb.databases()) {
    if (d.name?.startsWith(prefix)) await deleteDatabase(idb, d.name);
  }
}

async function dumpStores(db: IdbDatabase): Promise<StoreDump[]> {
  const names = Array.from(db.objectStoreNames);
  if (names.length === 0) return [];
  // One read-only transaction over every store: a consistent view even while the store is in use.
  const tx = db.transaction(names, "readonly");
  const dumps = names.map(async (name): Promise<StoreDump> => {
    const store = tx.objectStore(name);
    const indexes = Array.from(store.indexNames).map((n) => {
      const i = store.index(n);
      return { name: i.name, keyPath: i.keyPath, unique: i.unique, multiEntry: i.multiEntry };
    });
    const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
    return { name, keyPath: store.keyPath, autoIncrement: store.autoIncrement, indexes, keys, values };
  });
  const [result] = await Promise.all([Promise.all(dumps), done(tx)]);
  return result;
}

async function fillStores(db: IdbDatabase, stores: StoreDump[]): Promise<void> {
  if (stores.length === 0) return;
  const tx = db.transaction(
    stores.map((s) => s.name),
    "readwrite",
  );
  for (const s of stores) {
    const store = tx.objectStore(s.name);
    s.values.forEach((value, i) => {
      // In-line keys come from the value itself; out-of-line ones must be given.
      if (s.keyPath === null) store.put(value, s.keys[i]);
      else store.put(value);
    });
  }
  await done(tx);
}

function deleteDatabase(idb: IdbFactory, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = idb.deleteDatabase(name);
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error);
    req.onblocked = () => reject(new Error("crypto store still open; cannot replace it"));
  });
}

function request<T>(req: IdbRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(tx: IdbTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error("transaction aborted"));
  });
}
