import { MatrixClient } from "matrix-bot-sdk";
import {
  AdapterError,
  type AdapterHost,
  type Capabilities,
  type ChatRef,
  type Outbound,
  type Pacing,
  type PlatformAdapter,
  parseChatRef,
  type SendResult,
  STOP_WITHIN_MS,
  settleWithin,
} from "../../src/core/port.js";
import { ChoiceBook } from "./choices.js";
import type { RoomCryptoLayer } from "./crypto-layer.js";
import { DirectRooms } from "./direct.js";
import { describeFailure, failureFacts, toAdapterError } from "./errors.js";
import { decodePng } from "./image-content.js";
import { ImageSender } from "./image-sender.js";
import { routeSdkLogs } from "./logging.js";
import {
  BASE_CAPABILITIES,
  MAX_TEXT,
  type MatrixAdapterDeps,
  type MatrixAdapterOptions,
  type ResolvedOptions,
  resolveOptions,
  shouldAcceptInvite,
} from "./options.js";
import { RoomDirectory, type StateEventLike } from "./rooms.js";
import { EventSender, txnIdFor } from "./sender.js";
import { HostStateStorageProvider } from "./storage.js";
import { SyncHandler } from "./sync-handler.js";
import { SyncLoop } from "./sync-loop.js";
import { untilStopped } from "./until-stopped.js";
import { openCrypto } from "./open-crypto.js";
import { editContent, noticeContent } from "./translate.js";

/** Everything that exists only while the adapter runs. */
interface Running {
  rooms: RoomDirectory;
  choices: ChoiceBook;
  direct: DirectRooms;
  sender: EventSender;
  images: ImageSender;
  loop: SyncLoop;
  crypto?: RoomCryptoLayer;
}

/** Key in the adapter state naming the account the stored sync token belongs to. */
const ACCOUNT_KEY = "account";

/** The Matrix adapter on matrix-bot-sdk: one bot account, its rooms, commands by prefix or mention. */
export class MatrixAdapter implements PlatformAdapter {
  readonly platform = "matrix" as const;
  readonly pacing: Pacing;
  private readonly o: ResolvedOptions;
  private running?: Running;
  private starting?: Promise<void>;
  /**
   * Aborted by stop(). The SDK's requests cannot be aborted, so each step of a start races this
   * instead: a start waiting on a silent homeserver (whoami, room state, crypto set-up, the first
   * sync) rejects at once, and what the request brings back later is dropped.
   */
  private lifetime = new AbortController();

  constructor(
    options: MatrixAdapterOptions,
    private readonly deps: MatrixAdapterDeps,
  ) {
    this.o = resolveOptions(options);
    this.pacing = this.o.pacing;
    routeSdkLogs(deps.log);
  }

  capabilities(chat: ChatRef): Capabilities {
    const { id } = parseChatRef(chat);
    // Element eats unknown `/` commands: here a command is typed after the prefix.
    return { ...BASE_CAPABILITIES, e2ee: this.running?.rooms.isEncrypted(id) ?? false, commandPrefix: `${this.o.prefix} ` };
  }

  async start(host: AdapterHost): Promise<void> {
    if (this.running) return;
    if (!this.starting && this.lifetime.signal.aborted) this.lifetime = new AbortController();
    this.starting ??= this.boot(host, this.lifetime.signal).finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  async stop(): Promise<void> {
    const until = Date.now() + STOP_WITHIN_MS;
    this.lifetime.abort();
    if (this.starting) await settleWithin(this.starting, until - Date.now());
    const running = this.running;
    this.running = undefined;
    if (!running) return;
    // The loop waits for the batch in hand; a batch stuck on a silent homeserver is left behind.
    await settleWithin(running.loop.stop(), until - Date.now());
    if (running.crypto) await settleWithin(running.crypto.close(), Math.max(0, until - Date.now()));
  }

  async send(chat: ChatRef, msg: Outbound, idempotencyKey: string): Promise<SendResult> {
    return this.sendToRoom(this.roomOf(chat), msg, idempotencyKey);
  }

  async sendDirect(user: string, msg: Outbound, idempotencyKey: string): Promise<SendResult> {
    const roomId = await this.live().direct.roomFor(user);
    return this.sendToRoom(roomId, msg, idempotencyKey);
  }

  async edit(chat: ChatRef, messageId: string, msg: Outbound): Promise<void> {
    const roomId = this.roomOf(chat);
    const run = this.live();
    const choices = run.choices.reoffer(roomId, messageId, msg.buttons ?? []);
    const replacement = noticeContent(msg.text, { prefix: this.o.prefix, choices });
    const txnId = txnIdFor(`${messageId}\u0000${JSON.stringify(replacement)}`, "edit");
    await run.sender.send(roomId, editContent(messageId, replacement), txnId);
  }

  async doctor(): Promise<string[]> {
    const client = new MatrixClient(this.o.homeserverUrl, this.o.accessToken);
    // A reset on the first try is usually a stale keep-alive socket from earlier use: ask twice.
    const whoami = () => client.getWhoAmI();
    try {
      await whoami().catch((err: unknown) => (failureFacts(err).networkCode === "ECONNRESET" ? whoami() : Promise.reject(err)));
      return [];
    } catch (err) {
      const f = failureFacts(err);
      if (f.status === 401) return [`matrix: the access token was rejected (${describeFailure(f)})`];
      if (f.status === undefined) {
        return [`matrix: cannot reach the homeserver at ${this.o.homeserverUrl} (${describeFailure(f)})`];
      }
      return [`matrix: the homeserver refused whoami (${describeFailure(f)})`];
    }
  }

  private async sendToRoom(roomId: string, msg: Outbound, idempotencyKey: string): Promise<SendResult> {
    const run = this.live();
    if (msg.text.length > MAX_TEXT) {
      throw new AdapterError("REJECTED", `matrix: text longer than ${MAX_TEXT} characters`);
    }
    const png = msg.image ? decodePng(msg.image.png) : undefined;
    if (msg.image && !png) throw new AdapterError("REJECTED", "matrix: the picture is not a PNG");
    const txnId = txnIdFor(idempotencyKey);
    const choices = msg.buttons?.length ? run.choices.offer(roomId, txnId, msg.buttons) : [];
    const content = noticeContent(msg.text, {
      prefix: this.o.prefix,
      choices,
      ...(msg.replyTo ? { replyTo: msg.replyTo } : {}),
    });
    const messageId = await run.sender.send(roomId, content, txnId);
    if (choices.length) run.choices.delivered(roomId, txnId, messageId);
    // The text first, as its own message (edits and choices refer to it), then the picture.
    if (png && msg.image) await run.images.send(roomId, png, msg.image.alt, idempotencyKey);
    return { messageId };
  }

  private roomOf(chat: ChatRef): string {
    const { platform, id } = parseChatRef(chat);
    if (platform !== "matrix") throw new AdapterError("REJECTED", `matrix: not a Matrix chat (${platform})`);
    return id;
  }

  private live(): Running {
    if (!this.running) throw new AdapterError("TRANSIENT", "matrix: the adapter is not started");
    return this.running;
  }

  /** whoami, the rooms the bot is in with their state, m.direct, then the first sync. */
  private async boot(host: AdapterHost, signal: AbortSignal): Promise<void> {
    const storage = new HostStateStorageProvider(host.state, "sdk");
    const client = new MatrixClient(this.o.homeserverUrl, this.o.accessToken, storage);
    const step = <T>(work: Promise<T>) => untilStopped(work, signal);
    let botUserId: string;
    let deviceId: string | undefined;
    try {
      const whoami = await step(client.getWhoAmI());
      botUserId = whoami.user_id;
      deviceId = typeof whoami.device_id === "string" ? whoami.device_id : undefined;
    } catch (err) {
      throw toAdapterError(err, "start");
    }
    if (host.state.get(ACCOUNT_KEY) !== botUserId) {
      storage.setSyncToken(null); // a token of another account (or none): start afresh
      host.state.set(ACCOUNT_KEY, botUserId);
    }
    const rooms = new RoomDirectory(botUserId);
    try {
      rooms.setDirectMap(await step(client.getAccountData("m.direct").catch(absentAsEmpty)));
      for (const roomId of await step(client.getJoinedRooms())) {
        rooms.joined(roomId, (await step(client.getRoomState(roomId))) as StateEventLike[]);
      }
    } catch (err) {
      throw toAdapterError(err, "start");
    }
    let crypto = this.deps.crypto;
    if (!crypto) {
      const opening = openCrypto(this.o, this.deps.log, client, host, rooms, botUserId, deviceId);
      // A set-up that finishes after the stop is closed, not left holding its machine.
      void opening.then((layer) => (signal.aborted ? layer?.close() : undefined)).catch(() => undefined);
      crypto = await step(opening);
    }
    try {
      await this.bootWithCrypto(host, client, storage, rooms, botUserId, crypto, signal);
    } catch (err) {
      await crypto?.close().catch(() => undefined);
      throw err;
    }
  }

  /** The rest of start once the crypto layer (if any) is open: handlers, the first sync, the loop. */
  private async bootWithCrypto(
    host: AdapterHost,
    client: MatrixClient,
    storage: HostStateStorageProvider,
    rooms: RoomDirectory,
    botUserId: string,
    crypto: RoomCryptoLayer | undefined,
    signal: AbortSignal,
  ): Promise<void> {
    const { log } = this.deps;
    const botDisplayName = await untilStopped(
      client
        .getUserProfile(botUserId)
        .then((p: { displayname?: unknown }) => (typeof p.displayname === "string" ? p.displayname : undefined))
        .catch(() => undefined),
      signal,
    );
    const choices = new ChoiceBook(host.state, "choices");
    // Rooms the bot opens itself are "fresh" for the handler: their history is not acted on.
    const direct = new DirectRooms(client, rooms, botUserId, (roomId) => handler.markFresh(roomId), crypto);
    const handler = new SyncHandler({
      botUserId,
      ...(botDisplayName ? { botDisplayName } : {}),
      prefix: this.o.prefix,
      rooms,
      choices,
      log,
      ...(crypto ? { crypto } : {}),
      dispatch: async (event) => {
        try {
          await host.dispatch(event);
        } catch {
          log.error({ kind: event.kind, chat: event.chat }, "matrix: the core failed an event");
        }
      },
      shouldAccept: (roomId, inviter) => shouldAcceptInvite(this.o, roomId, inviter),
      join: async (roomId) => {
        await client.joinRoom(roomId);
        return (await client.getRoomState(roomId)) as StateEventLike[];
      },
      leave: (roomId) => client.leaveRoom(roomId),
      recordDirect: (userId, roomId) => direct.record(userId, roomId),
    });
    const loop = new SyncLoop({
      homeserverUrl: this.o.homeserverUrl,
      accessToken: this.o.accessToken,
      storage,
      log,
      timeoutMs: this.o.syncTimeoutMs,
      backoffMs: this.o.syncBackoffMs,
      onBatch: async (raw, initial) => {
        await handler.handle(raw, initial);
        // Before the loop saves the batch's token: room keys from this batch must survive a crash.
        await crypto?.persist();
      },
    });
    // stop() during the first sync aborts it (the loop holds the request and can cut it).
    const stopLoop = () => void loop.stop();
    signal.addEventListener("abort", stopLoop, { once: true });
    try {
      await untilStopped(loop.first(), signal);
    } finally {
      signal.removeEventListener("abort", stopLoop);
    }
    loop.run();
    const isEncrypted = (roomId: string) => rooms.isEncrypted(roomId);
    const sender = new EventSender(client, this.o.sendTimeoutMs, isEncrypted, crypto);
    const timeoutMs = this.o.sendTimeoutMs;
    this.running = {
      rooms,
      choices,
      direct,
      sender,
      images: new ImageSender({ client, timeoutMs, events: sender, state: host.state, isEncrypted, log }),
      loop,
      ...(crypto ? { crypto } : {}),
    };
  }
}

/** account data that was never set reads as empty. */
function absentAsEmpty(err: unknown): Record<string, never> {
  if (failureFacts(err).errcode === "M_NOT_FOUND") return {};
  throw err;
}
