import { MemoryAdapter } from "../../adapters/memory/index.js";
import { ManualClock } from "../../src/core/clock.js";
import { catalogs, type MessageKey } from "../../src/core/i18n/catalog.js";
import type { ActionEvent, ChatRef, CommandEvent, Outbound } from "../../src/core/port.js";
import { type App, createApp } from "../../src/main.js";
import { openStore } from "../../src/store/open.js";
import { silentLog, T0, TEST_KEY, tempDir, testConfig } from "../support/app.js";

/**
 * A Porchlight app on a memory adapter with an encrypted database in a temp folder, for property
 * tests. Only the adapter is started, not delivery or the scheduler: nothing changes the database
 * behind a test's back, so a dump before and after one command shows exactly what it did.
 */
export interface World {
  app: App;
  adapter: MemoryAdapter;
  clock: ManualClock;
  /** `who` sends a command in `chat` (a group id without `memory:`, or `@who` for their direct chat). */
  command(chat: string, who: string, name: string, args: string): Promise<Outbound[]>;
  /** `who` presses a button carrying `action` and `payload` in group `chat`. */
  press(chat: string, who: string, action: string, payload: string): Promise<Outbound[]>;
  /** Every row of every table, in a stable order, as one string. */
  dump(): string;
  /** The database id of a person by their user id. */
  personId(who: string): number;
  close(): Promise<void>;
}

export async function openWorld(): Promise<World> {
  const temp = tempDir("porchlight-prop-");
  const clock = new ManualClock(T0);
  const adapter = new MemoryAdapter();
  // Thousands of commands in one instant of the test clock: the abuse limits (tested in
  // tests/limits) are opened wide so the properties see every command run.
  const wide = 100_000;
  const config = testConfig(temp.dir, {
    limits: { commandsPerMinute: wide, commandsPerChatPerMinute: wide, reportsPerHour: wide, networksPerDay: wide, verifierMessagesPerHour: wide },
  });
  const store = openStore({ path: config.database.path, key: TEST_KEY });
  const app = createApp({ config, adapters: [adapter], log: silentLog, clock, store });
  const state = new Map<string, string>();
  await adapter.start({
    dispatch: (e) => app.bot.dispatch(e),
    log: silentLog,
    state: { get: (k) => state.get(k), set: (k, v) => void state.set(k, v), delete: (k) => void state.delete(k) },
  });

  /** Push an event and return what the chat it came from received. */
  const push = async (event: CommandEvent | ActionEvent): Promise<Outbound[]> => {
    const before = adapter.sent.length;
    await adapter.push(event);
    return adapter.sent.slice(before).filter((s) => s.to === event.chat).map((s) => s.msg);
  };
  const where = (chat: string): { ref: ChatRef; isDirect: boolean } => ({ ref: `memory:${chat}`, isDirect: chat.startsWith("@") });
  const author = (who: string) => ({ id: who, displayName: who, isBot: false });

  return {
    app,
    adapter,
    clock,
    command: (chat, who, name, args) => {
      const { ref, isDirect } = where(chat);
      return push({ kind: "command", chat: ref, author: author(who), isDirect, name, args });
    },
    press: (chat, who, action, payload) => {
      const { ref, isDirect } = where(chat);
      return push({ kind: "action", chat: ref, author: author(who), isDirect, action, payload });
    },
    dump: () => dumpDatabase(app),
    personId: (who) => (app.store.db.prepare("SELECT id FROM persons WHERE user_id = ?").get(who) as { id: number }).id,
    close: async () => {
      await app.stop();
      temp.cleanup();
    },
  };
}

/** Every user table, every row, sorted: equal dumps mean equal contents. */
function dumpDatabase(app: App): string {
  const db = app.store.db;
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as {
    name: string;
  }[]).map((t) => t.name);
  const out: Record<string, string[]> = {};
  for (const table of tables) {
    const rows = db.prepare(`SELECT * FROM "${table}"`).all() as object[];
    out[table] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return JSON.stringify(out);
}

/**
 * A message template as a whole-text pattern. A placeholder stays on its line (a name, a number, a
 * role); only one that ends the template (a usage block) may run over several: otherwise "{member}
 * is not {role}." would match any answer that says "is not" somewhere, such as `/network info`.
 */
function templatePattern(template: string): RegExp {
  // Every top-level `{…}` is a placeholder, or a whole plural/select.
  const literals: string[] = [""];
  let depth = 0;
  for (const ch of template) {
    if (ch === "{") depth++;
    else if (ch === "}" && --depth === 0) literals.push("");
    else if (depth === 0) literals[literals.length - 1] += ch;
  }
  const literal = literals.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const last = literal.length - 1;
  return new RegExp(`^${literal.map((l, i) => (i === 0 ? l : `${i === last && l === "" ? "[\\s\\S]*" : "[^\\n]*"}${l}`)).join("")}$`);
}

/** Answers that refuse a command: the pipeline's own and the handlers' UserErrors. */
export const REFUSAL_KEYS: readonly MessageKey[] = [
  "core.usage",
  "core.unknownCommand",
  "core.unknownSuggest",
  "core.needsRole",
  "core.notLinked",
  "core.noNetworkDirect",
  "core.groupOnly",
  "core.tooLong",
  "core.badButton",
  "core.internalError",
  "network.alreadyLinked",
  "network.badCode",
  "network.badZone",
  "network.groupNeeded",
  "role.unknownMember",
  "role.ambiguous",
  "role.lastAdmin",
  "role.badRole",
  "role.memberImplicit",
  "role.alreadyHas",
  "role.notHeld",
  "shift.badWhen",
  "shift.noTime",
  "shift.pastWhen",
  "shift.badDuration",
  "shift.notFound",
  "shift.cancelled",
  "shift.over",
  "shift.notOnIt",
  "shift.badRepeat",
  "shift.checkinTooEarly",
  "shift.checkinNotConfirmed",
  "shift.alreadyCheckedIn",
];

const refusalPatterns = REFUSAL_KEYS.flatMap((key) => [catalogs.en[key], catalogs.es[key]]).map(templatePattern);

/** True when `text` is one of the refusal answers, in either language. */
export function isRefusal(text: string): boolean {
  return refusalPatterns.some((p) => p.test(text));
}
