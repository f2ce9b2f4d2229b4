import type { Config } from "../config/schema.js";
import { dutyRotaOf, personalDataHooks, settingsFrom } from "../core/assemble.js";
import { networksCreatedSince } from "../core/audit.js";
import type { Clock } from "../core/clock.js";
import type { Registry } from "../core/commands/registry.js";
import type { CoreServices } from "../core/context.js";
import type { JobDescriptor } from "../core/job.js";
import { Limits } from "../core/limits.js";
import { Networks } from "../core/network/networks.js";
import { People } from "../core/people.js";
import { type ChatRef, type Platform, type PlatformAdapter, parseChatRef } from "../core/port.js";
import { Outbox } from "../delivery/outbox.js";
import type { Store } from "../store/open.js";

/** What the core's services are made of: the open store, the configuration, the jobs and the platforms. */
export interface ServiceParts {
  store: Store;
  config: Config;
  jobs: readonly JobDescriptor[];
  registry: Registry;
  adapters: ReadonlyMap<Platform, PlatformAdapter>;
  clock: Clock;
}

/** The services every command and task reaches through its context, over one store. */
export function buildServices({ store, config, jobs, registry, adapters, clock }: ServiceParts): CoreServices {
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
  return services;
}
