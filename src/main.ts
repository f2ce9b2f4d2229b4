import type { Logger } from "pino";
export { createConsoleAdapter } from "../adapters/console/index.js";
import { type Config, registerConfigSections, withSections } from "./config/schema.js";
import { Bot } from "./core/bot.js";
import { systemClock } from "./core/clock.js";
import type { Registry } from "./core/commands/registry.js";
import { buildRegistry as registryOf, configOf, dutyRotaOf, personalDataHooks, registerJobMessages, scheduledTasks, schemaOf, settingsFrom } from "./core/assemble.js";
import { Suggestions, withAutocomplete } from "./core/commands/suggestions.js";
import { CommandRefs } from "./core/commands/command-refs.js";
import { networksCreatedSince } from "./core/audit.js";
import type { JobDescriptor, TaskDeps } from "./core/job.js";
import type { CoreServices } from "./core/context.js";
import { Limits } from "./core/limits.js";
import { Networks } from "./core/network/networks.js";
import { People } from "./core/people.js";
import type { ChatRef, Platform, PlatformAdapter } from "./core/port.js";
import { STOP_WITHIN_MS, parseChatRef, settleWithin } from "./core/port.js";
import { t } from "./core/i18n/catalog.js";
import type { FatalError } from "./errors.js";
import { Scheduler } from "./core/scheduler.js";
import { Delivery } from "./delivery/delivery.js";
import { heldNotice } from "./delivery/held.js";
import { Outbox } from "./delivery/outbox.js";
import { WipeRequests } from "./privacy/wipe.js";
import { tombstoneOf, wipeDatabase } from "./ops/wipe.js";
import { unwatchFile, watchFile } from "node:fs";
import { compactAfterPurges, withCompactionRequests } from "./privacy/purge.js";
import { alertsJob } from "./alerts/index.js";
import { canvassJob } from "./canvass/index.js";
import { shiftsJob } from "./shifts/index.js";
import { openStore } from "./store/open.js";
import type { App, AppOptions, InvitePolicy, LinkedChat } from "./app/app.js";
import { adapterState, linkedChats } from "./app/store-state.js";
import { assertSchemaComplete, migrate, registerSchema, schemaModules } from "./store/migrations.js";
import { safeError } from "./errors.js";

export type { App, AppOptions, InvitePolicy, LinkedChat } from "./app/app.js";
export { linkedChats } from "./app/store-state.js";

/** The jobs this bot runs, in order: help lists their commands, and their schema steps apply, in it. */
export const JOBS: readonly JobDescriptor[] = [shiftsJob, canvassJob, alertsJob];

// Their messages join the catalog, their sections the configuration and their schema every store
// this process opens, as soon as the app's code is loaded: the command line's job sub-commands
// speak them, read their settings and read their tables too.
registerJobMessages(JOBS);
registerConfigSections(configOf(JOBS));
registerSchema(schemaOf(JOBS));

/** Every command of every job, in help order. */
export function buildRegistry(jobs: readonly JobDescriptor[] = JOBS): Registry {
  return registryOf(jobs);
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

/** After the adapters stopped: how long sends they cut short may take to record their outcome. */
const SETTLE_WITHIN_MS = 500;

/** Composition root: config -> store -> core -> adapters. The only place that knows them all. */
export function createApp(opts: AppOptions): App {
  const { log } = opts;
  const jobs = opts.jobs ?? JOBS;
  // A job given here but not registered when the file was read gets its settings' defaults.
  const config = withSections(opts.config, configOf(jobs));
  const clock = opts.clock ?? systemClock;
  const store =
    opts.store ??
    openStore({
      path: config.database.path,
      env: opts.env ?? process.env,
      // The console chat is a local trial: its key may sit beside the data. `start` opens its own store.
      beside: "create",
      owner: true,
      onNewKeyFile: (file) => {
        process.stderr.write(
          `porchlight: local trial: created a new database key file ${file}, beside the database. Keep a safe copy of it: without it the database cannot be opened and all its data is lost. For real use, \`porchlight start\` takes the key from another disk (docs/deploy.md).\n`,
        );
      },
    });
  registerJobMessages(jobs);
  // A job not among the registered ones (a test's) gets its tables here; then every module's are checked.
  const schema = schemaModules(schemaOf(jobs));
  migrate(store.db, store.path, schema);
  assertSchemaComplete(store.db, store.path, schema);
  const adapters = new Map(opts.adapters.map((a) => [a.platform, a] as const));
  const registry = buildRegistry(jobs);
  const outbox = new Outbox(store.db);
  const people = new People(store.db);
  const networks = new Networks(
    store.db,
    jobs.flatMap((job) => (job.chatMoved ? [job.chatMoved] : [])),
  );
  const services: CoreServices = {
    db: store.db,
    people,
    networks,
    outbox,
    clock,
    defaultLang: config.defaults.language,
    defaultTimeZone: config.defaults.timezone,
    registry,
    limits: new Limits(
      config.limits,
      { networks: (person, since) => networksCreatedSince(store.db, person, since) },
      jobs.flatMap((job) => job.settings?.limits ?? []),
    ),
    settings: settingsFrom(jobs, config),
    personalData: personalDataHooks(jobs),
    capabilitiesOf: (chat: ChatRef) => adapters.get(parseChatRef(chat).platform)?.capabilities(chat) ?? null,
    chatNameOf: (chat: ChatRef) => adapters.get(parseChatRef(chat).platform)?.chatName?.(chat) ?? null,
  };
  const duty = dutyRotaOf(jobs, { db: store.db, people });
  if (duty) services.duty = duty;
  const keyed = jobs.find((job) => job.networkFingerprint);
  if (keyed?.networkFingerprint) {
    const fingerprintOf = keyed.networkFingerprint;
    services.networkKeyFingerprint = (networkId, now) => fingerprintOf(store.db, networkId, now);
  }
  let delivery: Delivery;
  const wake = (p: Platform) => delivery.wake(p);
  delivery = new Delivery(adapters.values(), outbox, clock, log, heldNotice({ networks, outbox, clock, defaultLang: services.defaultLang, wake }), new CommandRefs(registry));
  const bot = new Bot(services, registry, adapters, delivery, log);
  const suggestions = new Suggestions(jobs.flatMap((job) => job.suggesters ?? []));
  const wipeRequests = new WipeRequests();
  const taskDeps: TaskDeps = {
    db: store.db,
    people,
    networks,
    outbox,
    clock,
    defaultLang: services.defaultLang,
    settings: services.settings,
    capabilitiesOf: services.capabilitiesOf,
    ...(duty ? { duty } : {}),
  };
  const tasks = scheduledTasks(jobs, taskDeps, config);
  // Purges ask for a compaction; it runs after each round, outside the jobs' transactions.
  const compact = compactAfterPurges({ db: store.db, clock, log });
  let onWiped: () => void = () => {};
  const wiped = new Promise<void>((resolve) => {
    onWiped = resolve;
  });
  const goodbye = async (chats: readonly LinkedChat[], timeoutMs = 1000) => {
    const sends = chats.map((chat) => {
      const adapter = adapters.get(parseChatRef(chat.ref).platform);
      if (!adapter) return Promise.resolve();
      const send = adapter.send(chat.ref, { text: t(chat.lang, "wipe.goodbye") }, `goodbye:${chat.ref}`).then(() => {});
      const limit = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
      return Promise.race([send.catch(() => {}), limit]);
    });
    await Promise.all(sends);
  };
  let leaving = false;
  // Who to say goodbye to if the database is destroyed under the running bot; refreshed each round.
  let knownChats: LinkedChat[] = [];
  /**
   * The end after a wipe: the chats to say goodbye to are read while the database is still open,
   * the key material is destroyed (unless `porchlight wipe` already did) before anything waits on
   * the network, then the goodbyes go straight through the adapters, each bounded by a second.
   */
  const leave = async (shred: boolean) => {
    if (leaving) return;
    leaving = true;
    let chats = knownChats;
    try {
      chats = linkedChats(store, services.defaultLang);
    } catch {
      // Already destroyed by `porchlight wipe`: the chats known at the last round get the goodbye.
    }
    if (shred && store.custody) wipeDatabase(store.path, clock.now());
    log.warn({}, "the database was wiped: saying goodbye and leaving");
    scheduler.stop();
    delivery.stop();
    await goodbye(chats);
    onWiped();
  };
  // `porchlight wipe` from another process leaves a tombstone: notice it within a second.
  const tombstone = tombstoneOf(store.path);
  const onTombstone = (now: { nlink: number }) => {
    if (now.nlink > 0) void leave(false);
  };
  if (store.custody) watchFile(tombstone, { interval: 1000, persistent: false }, onTombstone);
  services.wipe = {
    allows: (networkId) => config.wipe.inChatNetworks.includes(networkId),
    request: (networkId, personId, now) => wipeRequests.request(networkId, personId, now),
    confirm: (networkId, personId, code, now) => wipeRequests.confirm(networkId, personId, code, now),
    // After the confirming command's transaction: the wipe does not wait for its reply.
    trigger: () => void setImmediate(() => void leave(true)),
  };
  const scheduler = new Scheduler(store.db, withCompactionRequests(store.db, tasks), clock, config.scheduler.intervalSeconds * 1000, log, () => {
    delivery.wakeAll();
    compact();
    // Record the generation beside the key; a wipe from the command line shows up here.
    try {
      if (!leaving) knownChats = linkedChats(store, services.defaultLang);
      store.seal();
    } catch (err) {
      if ((err as FatalError).code === "DB_WIPED") void leave(false);
      else log.error({ err: safeError(err) }, "generation not recorded");
    }
  });
  let started = false;
  let running = false;
  let stopped = false;
  let stopping: Promise<void> | undefined;

  return {
    store,
    bot,
    services,
    delivery,
    scheduler,
    adapters,
    registry,
    wiped,
    goodbye,
    async start() {
      if (started) return;
      started = true;
      delivery.start();
      scheduler.start();
      const menu = withAutocomplete(registry.menu(), suggestions.params);
      for (const adapter of adapters.values()) {
        if (stopped) return;
        log.info({ platform: adapter.platform }, "connecting");
        try {
          await adapter.start({ dispatch: (e) => bot.dispatch(e), suggest: (q) => suggestions.answer(services, q), log: log.child({ platform: adapter.platform }), state: adapterState(store, adapter.platform) });
        } catch (err) {
          // A stop cut this start short; it is not a failure to report.
          if (stopped) return;
          throw err;
        }
        if (stopped) return;
        await adapter.publishCommands?.(menu).catch((err: unknown) => {
          if (stopped) return;
          log.warn({ platform: adapter.platform, err: safeError(err) }, "command menu not published");
        });
      }
      running = true;
    },
    stop(stopOpts = {}) {
      stopping ??= (async () => {
        stopped = true;
        unwatchFile(tombstone, onTombstone);
        scheduler.stop();
        // Flush before the adapters go: queued messages still need them to leave. Only a started
        // app flushes: adapters still connecting cannot send, and would hold the stop up. After a
        // wipe the database is gone: there is nothing left to deliver.
        if (stopOpts.flush && running && !leaving) await delivery.flush(stopOpts.flushWithinMs);
        delivery.stop();
        // Side by side, each bounded: one platform that does not answer holds up no other.
        await Promise.all(
          [...adapters.values()].map(async (adapter) => {
            if (!(await settleWithin(adapter.stop(), STOP_WITHIN_MS + SETTLE_WITHIN_MS))) {
              log.warn({ platform: adapter.platform }, "adapter did not stop in time; left behind");
            }
          }),
        );
        // Sends the adapters cut short: their outcome is recorded (or they stay queued) before the close.
        await delivery.settle(SETTLE_WITHIN_MS);
        store.close();
      })();
      return stopping;
    },
  };
}
