import type { Logger } from "pino";
export { createConsoleAdapter } from "../adapters/console/index.js";
import type { Config } from "./config/schema.js";
import { Bot } from "./core/bot.js";
import { type Clock, systemClock } from "./core/clock.js";
import { generalCommands } from "./core/commands/general.js";
import { networkCommands } from "./core/commands/network.js";
import { Registry } from "./core/commands/registry.js";
import { roleCommands } from "./core/commands/roles.js";
import type { CoreServices } from "./core/context.js";
import { Networks } from "./core/network/networks.js";
import { People } from "./core/people.js";
import type { AdapterStateStore, ChatRef, Platform, PlatformAdapter } from "./core/port.js";
import { parseChatRef } from "./core/port.js";
import { type ScheduledJob, Scheduler } from "./core/scheduler.js";
import { purgeSeenEvents } from "./core/seen-events.js";
import { Delivery } from "./delivery/delivery.js";
import { heldNotice } from "./delivery/held.js";
import { Outbox } from "./delivery/outbox.js";
import { privacyCommands } from "./privacy/commands.js";
import { auditPurgeJob, compactAfterPurges, confirmationPurgeJob, inactiveMemberPurgeJob, withCompactionRequests } from "./privacy/purge.js";
import { alertCommands } from "./alerts/commands.js";
import { alertExpiryJob, alertPurgeJob } from "./alerts/jobs.js";
import { allCanvassCommands } from "./canvass/commands/index.js";
import { canvassClaimExpiryJob, canvassPurgeJob, canvassReminderJob, custodyPurgeJob } from "./canvass/jobs.js";
import { shiftCommands } from "./shifts/commands.js";
import { shiftPurgeJob, shiftReminderJob } from "./shifts/reminders.js";
import { openStore, type Store } from "./store/open.js";
import { sql } from "./store/statements.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Every command of every job, in help order. */
export function buildRegistry(): Registry {
  return new Registry().add(...generalCommands, ...networkCommands, ...roleCommands, ...shiftCommands, ...allCanvassCommands, ...privacyCommands, ...alertCommands);
}

/**
 * Adapters for the platforms the configuration enables; the console chat is not among them (it is
 * `porchlight console`). Each SDK is loaded only when its platform is configured: together they
 * would cost about 100 MB of memory on a small server that needs one of them.
 */
export async function buildPlatformAdapters(
  config: Config,
  log: Logger,
  policy: InvitePolicy = { isNetworkMember: () => false },
): Promise<PlatformAdapter[]> {
  const adapters: PlatformAdapter[] = [];
  if (config.telegram) {
    const { createTelegramAdapter } = await import("../adapters/telegram/index.js");
    const { token, apiRoot, botUsername, webhook } = config.telegram;
    adapters.push(
      createTelegramAdapter(
        { token, ...(apiRoot ? { apiRoot } : {}), ...(botUsername ? { botUsername } : {}), ...(webhook ? { webhook } : {}) },
        { log: log.child({ platform: "telegram" }) },
      ),
    );
  }
  if (config.discord) {
    const { createDiscordAdapter } = await import("../adapters/discord/index.js");
    const { token, applicationId, guilds, apiBase, roleMap } = config.discord;
    adapters.push(
      createDiscordAdapter(
        { token, applicationId, guilds, roleMap, ...(apiBase ? { apiBase } : {}) },
        { log: log.child({ platform: "discord" }) },
      ),
    );
  }
  if (config.matrix) {
    const { createMatrixAdapter } = await import("../adapters/matrix/index.js");
    const { homeserverUrl, accessToken, prefix, allowedInviters, allowedRooms, encryption, rateLimit } = config.matrix;
    adapters.push(
      createMatrixAdapter(
        {
          homeserverUrl,
          accessToken,
          prefix,
          allowedInviters,
          allowedRooms,
          encryption,
          pacing: { perWindow: rateLimit.burst, refillMs: Math.round(1000 / rateLimit.perSecond) },
          // Members of a linked network may bring the bot into their rooms; strangers may not.
          acceptInvite: (_room, inviter) => policy.isNetworkMember("matrix", inviter),
        },
        { log: log.child({ platform: "matrix" }) },
      ),
    );
  }
  return adapters;
}

/** Who may invite the bot into a room: asked by adapters that receive invites. */
export interface InvitePolicy {
  isNetworkMember(platform: Platform, userId: string): boolean;
}

/** What the app needs to run. */
export interface AppOptions {
  config: Config;
  adapters: PlatformAdapter[];
  log: Logger;
  clock?: Clock;
  /** An already open store (tests, bench); otherwise opened from the configuration. */
  store?: Store;
  env?: Record<string, string | undefined>;
}

/** The assembled bot: store, core, delivery, scheduler and adapters. */
export interface App {
  store: Store;
  bot: Bot;
  services: CoreServices;
  delivery: Delivery;
  scheduler: Scheduler;
  adapters: Map<Platform, PlatformAdapter>;
  registry: Registry;
  start(): Promise<void>;
  /** Stop adapters, finish what is due, close the database. Idempotent. */
  stop(opts?: { flush?: boolean }): Promise<void>;
}

/** Durable per-platform state for an adapter, in the encrypted database. */
function adapterState(store: Store, platform: Platform): AdapterStateStore {
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

/** Composition root: config -> store -> core -> adapters. The only place that knows them all. */
export function createApp(opts: AppOptions): App {
  const { config, log } = opts;
  const clock = opts.clock ?? systemClock;
  const store =
    opts.store ??
    openStore({
      path: config.database.path,
      env: opts.env ?? process.env,
      onNewKeyFile: (file) => {
        process.stderr.write(
          `porchlight: warning: created a new database key file ${file}. Keep a safe copy of it: without it the database cannot be opened and all its data is lost.\n`,
        );
      },
    });
  const adapters = new Map(opts.adapters.map((a) => [a.platform, a] as const));
  const registry = buildRegistry();
  const outbox = new Outbox(store.db);
  const people = new People(store.db);
  const networks = new Networks(store.db);
  const services: CoreServices = {
    db: store.db,
    people,
    networks,
    outbox,
    clock,
    defaultLang: config.defaults.language,
    defaultTimeZone: config.defaults.timezone,
    registry,
    settings: { retention: config.retention, canvass: config.canvass, alerts: config.alerts },
    capabilitiesOf: (chat: ChatRef) => adapters.get(parseChatRef(chat).platform)?.capabilities(chat) ?? null,
  };
  let delivery: Delivery;
  const wake = (p: Platform) => delivery.wake(p);
  delivery = new Delivery(adapters.values(), outbox, clock, log, heldNotice({ networks, outbox, clock, defaultLang: services.defaultLang, wake }));
  const bot = new Bot(services, registry, adapters, delivery, log);
  const jobs: ScheduledJob[] = [
    shiftReminderJob({ db: store.db, people, networks, outbox, defaultLang: services.defaultLang }),
    shiftPurgeJob({ db: store.db, retentionDays: config.retention.shiftsDays }),
    canvassClaimExpiryJob({ db: store.db, people, networks, outbox, defaultLang: services.defaultLang }),
    canvassReminderJob({ db: store.db, people, networks, outbox, defaultLang: services.defaultLang }),
    canvassPurgeJob({ db: store.db, retentionDays: config.retention.canvassDays }),
    custodyPurgeJob({ db: store.db, people, networks, outbox, defaultLang: services.defaultLang, custodyDays: config.retention.custodyDays }),
    { name: "invite-purge", run: (now) => void networks.purgeInvites(now) },
    // Before the stranger purge: a member who left their last network goes in the same round.
    inactiveMemberPurgeJob({ db: store.db, inactiveDays: config.retention.inactiveMemberDays }),
    { name: "stranger-purge", run: () => void people.purgeStrangers() },
    alertExpiryJob({ ...services, people }),
    alertPurgeJob({ db: store.db, retentionDays: config.retention.alertsDays }),
    { name: "outbox-purge", run: (now) => void outbox.purgeFinished(now - config.retention.deliveryDays * DAY_MS) },
    { name: "held-purge", run: (now) => void outbox.purgeHeld(now - config.retention.heldDays * DAY_MS) },
    auditPurgeJob({ db: store.db, retentionDays: config.retention.auditDays }),
    confirmationPurgeJob({ db: store.db }),
    { name: "seen-events-purge", run: (now) => void purgeSeenEvents(store.db, now) },
  ];
  // Purges ask for a compaction; it runs after each round, outside the jobs' transactions.
  const compact = compactAfterPurges({ db: store.db, clock, log });
  const scheduler = new Scheduler(store.db, withCompactionRequests(store.db, jobs), clock, config.scheduler.intervalSeconds * 1000, log, () => {
    delivery.wakeAll();
    compact();
  });
  let started = false;
  let stopped = false;

  return {
    store,
    bot,
    services,
    delivery,
    scheduler,
    adapters,
    registry,
    async start() {
      if (started) return;
      started = true;
      delivery.start();
      scheduler.start();
      const menu = registry.menu();
      for (const adapter of adapters.values()) {
        await adapter.start({ dispatch: (e) => bot.dispatch(e), log: log.child({ platform: adapter.platform }), state: adapterState(store, adapter.platform) });
        await adapter.publishCommands?.(menu).catch((err: unknown) =>
          log.warn({ platform: adapter.platform, err: { name: (err as Error).name, code: (err as { code?: string }).code } }, "command menu not published"),
        );
      }
    },
    async stop(stopOpts = {}) {
      if (stopped) return;
      stopped = true;
      scheduler.stop();
      // Flush before the adapters go: queued messages still need them to leave.
      if (stopOpts.flush) await delivery.flush();
      delivery.stop();
      for (const adapter of adapters.values()) await adapter.stop();
      store.close();
    },
  };
}
