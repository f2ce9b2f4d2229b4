/**
 * The fake Discord gateway (JSON encoding, no compression) on the `ws` package: HELLO, IDENTIFY ->
 * READY + GUILD_CREATE, heartbeats, sequence numbers, RESUME with replay of missed dispatches,
 * and 4004 for a wrong token. Dispatches are filtered by the intents the bot identified with.
 */
import type { Server } from "node:http";
import { WebSocket, WebSocketServer } from "ws";
import { guildCreatePayload } from "./payloads.js";
import type { FakeDiscordState } from "./state.js";

/** Intent bits used here. */
export const INTENT_GUILDS = 1 << 0;
export const INTENT_GUILD_MESSAGES = 1 << 9;
export const INTENT_DIRECT_MESSAGES = 1 << 12;

interface Dispatch {
  t: string;
  s: number;
  d: unknown;
}

/** One gateway session: survives a dropped socket so it can be resumed. */
export interface GatewaySession {
  id: string;
  intents: number;
  seq: number;
  /** Every dispatch of the session, for replay after RESUME. */
  log: Dispatch[];
  socket: WebSocket | null;
  resumes: number;
}

export class FakeGateway {
  private readonly wss: WebSocketServer;
  readonly sessions: GatewaySession[] = [];
  /** Close codes the fake sent, for tests (e.g. 4004). */
  readonly closeCodes: number[] = [];
  heartbeatIntervalMs = 300;
  /** When true, every IDENTIFY/RESUME is refused with 4004 (a token revoked after the REST check). */
  rejectAllTokens = false;

  constructor(
    server: Server,
    private readonly state: FakeDiscordState,
    private readonly token: string,
    private readonly appId: string,
    private readonly url: () => string,
  ) {
    this.wss = new WebSocketServer({ server, path: "/gateway" });
    this.wss.on("connection", (ws) => this.onConnection(ws));
  }

  /** The session that currently holds a live socket, if any. */
  get live(): GatewaySession | undefined {
    return this.sessions.find((s) => s.socket?.readyState === WebSocket.OPEN);
  }

  /** Send a dispatch to every session whose intents cover it; kept for replay if the socket is down. */
  dispatch(t: string, d: unknown, intent = INTENT_GUILDS): void {
    for (const session of this.sessions) {
      if (!(session.intents & intent) && intent !== 0) continue;
      this.sendDispatch(session, t, d);
    }
  }

  /** Cut the live connection without a close frame (the client sees 1006 and resumes). */
  drop(): void {
    for (const s of this.sessions) {
      s.socket?.terminate();
      s.socket = null;
    }
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private sendDispatch(session: GatewaySession, t: string, d: unknown): void {
    session.seq++;
    const dispatch = { t, s: session.seq, d };
    session.log.push(dispatch);
    if (session.socket?.readyState === WebSocket.OPEN) session.socket.send(JSON.stringify({ op: 0, ...dispatch }));
  }

  private onConnection(ws: WebSocket): void {
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: this.heartbeatIntervalMs } }));
    ws.on("message", (raw) => {
      let payload: { op: number; d: Record<string, unknown> };
      try {
        payload = JSON.parse(String(raw));
      } catch {
        ws.close(4002, "Decode error");
        return;
      }
      this.onPayload(ws, payload);
    });
    ws.on("close", () => {
      for (const s of this.sessions) if (s.socket === ws) s.socket = null;
    });
  }

  private onPayload(ws: WebSocket, payload: { op: number; d: Record<string, unknown> }): void {
    switch (payload.op) {
      case 1:
        ws.send(JSON.stringify({ op: 11 }));
        return;
      case 2:
        this.identify(ws, payload.d);
        return;
      case 6:
        this.resume(ws, payload.d);
        return;
      default:
        return;
    }
  }

  private rejectToken(ws: WebSocket, token: unknown): boolean {
    if (token === this.token && !this.rejectAllTokens) return false;
    this.closeCodes.push(4004);
    ws.close(4004, "Authentication failed.");
    return true;
  }

  private identify(ws: WebSocket, d: Record<string, unknown>): void {
    if (this.rejectToken(ws, d.token)) return;
    const session: GatewaySession = {
      id: `session-${this.sessions.length + 1}`,
      intents: Number(d.intents ?? 0),
      seq: 0,
      log: [],
      socket: ws,
      resumes: 0,
    };
    this.sessions.push(session);
    const guilds = [...this.state.guilds.values()].filter((g) => g.members.has(this.state.bot.id));
    this.sendDispatch(session, "READY", {
      v: 10,
      user: this.state.bot,
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.url(),
      application: { id: this.appId, flags: 0 },
      private_channels: [],
      presences: [],
      relationships: [],
      shard: [0, 1],
    });
    for (const g of guilds) this.sendDispatch(session, "GUILD_CREATE", guildCreatePayload(this.state, g));
  }

  private resume(ws: WebSocket, d: Record<string, unknown>): void {
    if (this.rejectToken(ws, d.token)) return;
    const session = this.sessions.find((s) => s.id === d.session_id);
    if (!session) {
      ws.send(JSON.stringify({ op: 9, d: false }));
      return;
    }
    session.socket = ws;
    session.resumes++;
    const after = Number(d.seq ?? 0);
    for (const missed of session.log.filter((x) => x.s > after)) ws.send(JSON.stringify({ op: 0, ...missed }));
    this.sendDispatch(session, "RESUMED", {});
  }
}
