import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { FaultPlan } from "./faults.js";
import type { SendLimits } from "./limits.js";
import { handleMedia, MediaStore, RawAnswer } from "./media.js";
import { type Route, routes } from "./routes.js";
import { MatrixHttpError, type ServerState, type Session } from "./server-state.js";

const CLIENT_PREFIX = /^\/_matrix\/client\/(?:v3|r0)(\/.*)$/;
/** The media repository: the legacy v3 API and the authenticated client v1 one. */
const MEDIA_PREFIX = /^\/_matrix\/(?:media\/v3|client\/v1\/media)(\/.*)$/;

/** A running HTTP listener for the fake homeserver's client-server API. */
export interface FakeHttpServer {
  url: string;
  close(): Promise<void>;
}

/** Listen on 127.0.0.1, port 0, and answer the client-server API from `state`, applying `faults`. */
export async function listen(
  state: ServerState,
  faults: FaultPlan,
  limits?: SendLimits,
  media = new MediaStore(),
): Promise<FakeHttpServer> {
  let signalClosing!: () => void;
  const closing = new Promise<void>((resolve) => {
    signalClosing = resolve;
  });
  const hanging = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) reply(res, 500, { errcode: "M_UNKNOWN", error: "Internal error" });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const body = await readBody(req);
    if (url.pathname === "/_matrix/client/versions") {
      return reply(res, 200, { versions: ["r0.6.1", "v1.1", "v1.6", "v1.11"], unstable_features: {} });
    }
    const mediaPath = MEDIA_PREFIX.exec(url.pathname)?.[1];
    const path = mediaPath ?? CLIENT_PREFIX.exec(url.pathname)?.[1];
    if (path === undefined) return reply(res, 404, { errcode: "M_UNRECOGNIZED", error: "Unrecognized request" });
    const method = req.method ?? "GET";
    const fault = faults.take(method, decodeURIComponent(path));
    if (fault?.kind === "drop") return void req.socket.destroy();
    if (fault?.kind === "status") {
      const extra = fault.retryAfterMs !== undefined ? { retry_after_ms: fault.retryAfterMs } : {};
      return reply(res, fault.status, { errcode: fault.errcode, error: fault.error ?? fault.errcode, ...extra });
    }
    if (fault?.kind === "delay") await new Promise((r) => setTimeout(r, fault.ms));
    if (limits?.latencyMs && !path.startsWith("/sync")) await new Promise((r) => setTimeout(r, limits.latencyMs));
    const wait = limits?.admit(method, decodeURIComponent(path));
    if (wait !== undefined) return reply(res, 429, { errcode: "M_LIMIT_EXCEEDED", error: "Too Many Requests", retry_after_ms: wait });

    let status = 200;
    let answer: unknown;
    try {
      if (mediaPath !== undefined) {
        const session = authenticate(state, req, url);
        const contentType = req.headers["content-type"];
        answer = handleMedia(media, { method, path: mediaPath, session, bytes: body, contentType });
      } else {
        const { route, params } = findRoute(method, path);
        const session = route.public ? anonymous : authenticate(state, req, url);
        const json = parseJson(body.toString("utf8"));
        // A long poll ends early when the server closes or the client hangs up.
        const gone = new Promise<void>((resolve) => res.on("close", () => resolve()));
        const ending = Promise.race([closing, gone]);
        answer = await route.handle({ state, session, params, query: url.searchParams, body: json, closing: ending });
      }
    } catch (err) {
      if (!(err instanceof MatrixHttpError)) throw err;
      status = err.status;
      answer = { errcode: err.errcode, error: err.message, ...err.extra };
    }
    if (fault?.kind === "dropAfterApply") return void req.socket.destroy();
    if (fault?.kind === "hangAfterApply") return void hanging.add(res);
    reply(res, status, answer);
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      signalClosing();
      state.wakeAll();
      for (const res of hanging) res.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

const anonymous: Session = { userId: "", deviceId: "", accessToken: "" };

function findRoute(method: string, path: string): { route: Route; params: (string | undefined)[] } {
  let pathKnown = false;
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    pathKnown = true;
    if (route.method !== method) continue;
    const params = match.slice(1).map((p) => (p === undefined ? undefined : decodeURIComponent(p)));
    return { route, params };
  }
  throw pathKnown
    ? new MatrixHttpError(405, "M_UNRECOGNIZED", "Unrecognized request")
    : new MatrixHttpError(404, "M_UNRECOGNIZED", "Unrecognized request");
}

function authenticate(state: ServerState, req: IncomingMessage, url: URL): Session {
  const header = req.headers.authorization;
  const token = header?.startsWith("Bearer ") ? header.slice(7) : url.searchParams.get("access_token");
  if (!token) throw new MatrixHttpError(401, "M_MISSING_TOKEN", "Missing access token");
  const session = state.sessions.get(token);
  if (!session) throw new MatrixHttpError(401, "M_UNKNOWN_TOKEN", "Invalid access token passed.", { soft_logout: false });
  return session;
}

function parseJson(body: string): Record<string, unknown> {
  if (body.trim() === "") return {};
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through to the error below
  }
  throw new MatrixHttpError(400, "M_NOT_JSON", "Content not JSON.");
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (body instanceof RawAnswer) {
    res.writeHead(status, { "content-type": body.contentType, "content-length": body.bytes.length });
    return void res.end(body.bytes);
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
