/**
 * The platform fakes of a benchmark, in a process of their own: the bot's process then does only
 * the bot's work, as it would against the real platforms, and the fakes' own cost (HTTP parsing,
 * state, limit checks) is not counted against Porchlight's pacing. Driven over IPC by `RemoteWorld`.
 */
import { fanoutWorld, type FanoutWorld } from "../tests/alerts/fanout-world.js";
import { Arrivals } from "./arrivals.js";
import type { HostReply, HostRequest, WorldFacts } from "./remote-world.js";

let world: FanoutWorld | null = null;
let arrivals: Arrivals | null = null;
const send = (m: HostReply) => process.send?.(m);

async function handle(req: HostRequest): Promise<unknown> {
  switch (req.op) {
    case "start": {
      const w = await fanoutWorld(req.dir, req.chats);
      w.tg.enforceLimits();
      w.tg.server.latencyMs = req.latencyMs;
      w.dc.enforceRealLimits();
      w.dc.latencyMs = req.latencyMs;
      w.mx.limits.enforce(req.matrixBurst, req.matrixRate);
      w.mx.limits.latencyMs = req.latencyMs;
      w.tg.markStarted(w.vic);
      world = w;
      const facts: WorldFacts = {
        telegram: { token: w.tg.token, apiRoot: w.tg.apiRoot },
        discord: { token: w.dc.token, applicationId: w.dc.applicationId, apiBase: w.dc.apiBase },
        matrix: { url: w.mx.url },
        configPath: w.configPath,
        dbPath: w.dbPath,
        telegramChats: w.telegramChats,
        discordChannels: w.discordChannels,
        matrixRooms: w.matrixRooms,
        vicId: w.vic.id,
      };
      return facts;
    }
    case "watch":
      arrivals = new Arrivals(world!, req.mark);
      return null;
    case "wait":
      return arrivals!.wait(req.n, req.timeoutMs);
    case "confirm": {
      // The verifier's confirmation, typed in one of the target groups.
      const w = world!;
      w.tg.userSends(w.telegramChats[req.chatIndex]!, { id: w.vic.id, is_bot: false, first_name: "Vic" }, req.text);
      return performance.timeOrigin + performance.now();
    }
    case "members": {
      // People who each have a private chat with the bot already: Telegram users who pressed
      // Start, Discord users the bot may open a DM with, Matrix users in a direct room with the bot.
      const w = world!;
      const telegram: string[] = [];
      const discord: string[] = [];
      const matrix: string[] = [];
      const direct: Record<string, string[]> = {};
      const bot = [...w.mx.state.users.keys()].find((id) => id.startsWith("@porchlight:"))!;
      for (let i = 0; i < req.perPlatform; i++) {
        const t = w.tg.addUser({ first_name: `Member ${i}` });
        w.tg.markStarted(t);
        telegram.push(String(t.id));
        discord.push(w.dc.state.addUser(`member${i}`).id);
        const m = w.mx.createUser(`member${i}`, `Member ${i}`);
        direct[m.userId] = [w.mx.createRoom(m.userId, { members: [bot], direct: true })];
        matrix.push(m.userId);
      }
      w.mx.setAccountData(bot, "m.direct", direct);
      return { telegram, discord, matrix };
    }
    case "ask": {
      // A person types a command in a group mid-fan-out; resolves with how long until the bot answered there.
      const w = world!;
      const chat = w.telegramChats[req.chatIndex]!;
      const typedAt = performance.now();
      return new Promise<number>((resolve) => {
        arrivals!.onText = (ref, _text, fromBot) => {
          if (ref !== `telegram:${chat}` || !fromBot) return;
          arrivals!.onText = null;
          resolve(performance.now() - typedAt);
        };
        w.tg.userSends(chat, { id: w.vic.id, is_bot: false, first_name: "Vic" }, req.text);
      });
    }
    case "report": {
      const w = world!;
      let delivered = 0;
      let duplicated = 0;
      for (const copies of w.copies().values()) {
        if (copies.length > 0) delivered++;
        duplicated += Math.max(0, copies.length - 1);
      }
      const refused = w.tg.server.limits.refused + (w.dc.faults.limits?.rejected ?? 0) + w.mx.limits.refused;
      // Arrival times on the wall clock, comparable across processes.
      const first = [...(arrivals?.first ?? [])].map(([chat, t]) => [chat, performance.timeOrigin + t] as [string, number]);
      return { delivered, duplicated, refused, first, repeats: arrivals?.repeats ?? 0, texts: req.chat ? w.tg.texts(Number(req.chat)) : [] };
    }
    case "close":
      await world?.close();
      setImmediate(() => process.exit(0));
      return null;
  }
}

process.on("message", (req: HostRequest & { id: number }) => {
  handle(req).then(
    (value) => send({ id: req.id, value }),
    (err: unknown) => send({ id: req.id, error: String(err) }),
  );
});
