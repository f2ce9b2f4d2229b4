import type { Lang } from "../core/i18n/catalog.js";
import { isLang } from "../core/i18n/catalog.js";
import type { AdapterStateStore, ChatRef, Platform } from "../core/port.js";
import type { Store } from "../store/open.js";
import { sql } from "../store/statements.js";
import type { LinkedChat } from "./app.js";

/** What the running app reads and keeps in the database beside the core's services: linked chats, adapters' state. */

/** Every chat linked to a network, with its language. */
export function linkedChats(store: Store, defaultLang: Lang): LinkedChat[] {
  const rows = sql(store.db, "SELECT ref, lang FROM chats WHERE network_id IS NOT NULL AND active = 1").all() as { ref: ChatRef; lang: string | null }[];
  return rows.map((r) => ({ ref: r.ref, lang: isLang(r.lang) ? r.lang : defaultLang }));
}

/** Durable per-platform state for an adapter, in the encrypted database. */
export function adapterState(store: Store, platform: Platform): AdapterStateStore {
  const { db } = store;
  return {
    get: (key) => (sql(db, "SELECT value FROM adapter_state WHERE platform = ? AND key = ?").get(platform, key) as { value: string } | undefined)?.value,
    set: (key, value) =>
      void sql(db, "INSERT INTO adapter_state (platform, key, value) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET value = excluded.value").run(
        platform,
        key,
        value,
      ),
    delete: (key) => void sql(db, "DELETE FROM adapter_state WHERE platform = ? AND key = ?").run(platform, key),
  };
}
