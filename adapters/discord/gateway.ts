/** The discord.js gateway client: Guilds intent only, small caches, interactions handed on raw. */
import type { APIInteraction, GatewayDispatchPayload } from "discord.js";
import { Client, Events, GatewayIntentBits, Options } from "discord.js";
import { AdapterError, type Logger } from "../../src/core/port.js";
import { toAdapterError } from "./errors.js";
import { type DiscordAdapterOptions, type DiscordTuning, restOptions } from "./options.js";

/** A client not logged in yet; its REST requests end with `signal`. */
export function gatewayClient(
  options: DiscordAdapterOptions,
  tuning: DiscordTuning,
  signal: AbortSignal,
  log: Logger,
  onInteraction: (raw: APIInteraction) => void,
): Client {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: restOptions(options, tuning, () => signal),
    waitGuildTimeout: tuning.waitGuildTimeoutMs,
    makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 0, ReactionManager: 0, PresenceManager: 0 }),
    allowedMentions: { parse: [] },
  });
  client.on(Events.Raw, (packet: GatewayDispatchPayload) => {
    if (packet.t === "INTERACTION_CREATE") onInteraction(packet.d as APIInteraction);
  });
  client.on(Events.Error, (err) => log.warn({ code: toAdapterError(err).code }, "discord: client error"));
  client.on(Events.ShardError, (err) => log.warn({ code: toAdapterError(err).code }, "discord: gateway error"));
  return client;
}

/** Log in and wait for the gateway to be ready: TRANSIENT after `readyTimeoutMs` or a stop, UNAUTHORIZED for a bad token. */
export async function loginAndWait(client: Client, token: string, readyTimeoutMs: number, signal: AbortSignal): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new AdapterError("TRANSIENT", "discord: gateway not ready in time")), readyTimeoutMs);
    // Left running after a stop, this timer (and login's request) kept the process alive for 30 s.
    const onStop = () => settle(() => reject(new AdapterError("TRANSIENT", "discord: stopped while starting")));
    const settle = (fn: () => void) => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onStop);
      fn();
    };
    if (signal.aborted) return onStop();
    signal.addEventListener("abort", onStop, { once: true });
    client.once(Events.ClientReady, () => settle(resolve));
    client.on(Events.ShardDisconnect, (event) => {
      if (event.code === 4004) settle(() => reject(new AdapterError("UNAUTHORIZED", "discord: the gateway rejected the bot token")));
    });
    client.login(token).catch((err: unknown) => settle(() => reject(err)));
  });
}
