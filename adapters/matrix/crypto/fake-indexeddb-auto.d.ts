/** fake-indexeddb's `auto` entry only installs globals (indexedDB, IDBKeyRange, ...); its export map names no types. */
declare module "fake-indexeddb/auto";
