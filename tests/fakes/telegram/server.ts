import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Update } from "grammy/types";
import { type Fault, FaultPlan, RateLimits } from "./faults.js";
import { answer, readParams } from "./http.js";
import { ApiFailure, METHODS, type Params } from "./methods.js";
import type { FakeWorld } from "./state.js";
import { UpdateQueue } from "./updates.js";

const LIMITED_METHODS = new Set(["sendMessage", "sendPhoto"]);

/**
 * The HTTP face of the fake Bot API: `POST /bot<token>/<method>` on 127.0.0.1, answering
 * `{ ok: true, result }` or `{ ok: false, error_code, description, parameters }` as Telegram does.
 */
export class BotApiServer {
  readonly updates = new UpdateQueue();
  readonly faults = new FaultPlan();
  readonly limits = new RateLimits();
  /** Added before every answer, to model a network round trip in benchmarks. */
  latencyMs = 0;
  /** Calls received per method, for diagnostics only (tests assert on state, not on this). */
  readonly calls = new Map<string, number>();
  private server?: Server;

  constructor(
    private readonly world: FakeWorld,
    private readonly token: string,
  ) {}

  /** Listen on an ephemeral loopback port; resolves with the apiRoot for clients. */
  async listen(): Promise<string> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch(() => answer(res, 500, { ok: false, error_code: 500, description: "Internal Server Error" }));
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.updates.close();
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!match) return answer(res, 404, { ok: false, error_code: 404, description: "Not Found" });
    const [, token, method] = match as unknown as [string, string, string];
    const params = await readParams(req, url);
    if (this.latencyMs > 0) await sleep(this.latencyMs);
    if (token !== this.token) return answer(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1);

    const fault = this.faults.take(method);
    if (fault && this.failsBeforeWork(fault, res)) return;

    if (LIMITED_METHODS.has(method)) {
      const wait = this.limits.admit(Number(params.chat_id));
      if (wait !== undefined) return tooManyRequests(res, wait);
    }

    let status = 200;
    let body: unknown;
    try {
      const result = method === "getUpdates" ? await this.getUpdates(params, req) : await this.call(method, params);
      body = { ok: true, result };
    } catch (err) {
      if (!(err instanceof ApiFailure)) throw err;
      status = err.code;
      body = { ok: false, error_code: err.code, description: err.description, parameters: err.parameters };
    }

    if (fault?.kind === "drop-after-store") {
      res.socket?.destroy();
      return;
    }
    if (fault?.kind === "slow") await sleep(fault.ms);
    answer(res, status, body);
  }

  /** Faults that answer (or hang up) before the method runs; true when the request is finished. */
  private failsBeforeWork(fault: Fault, res: ServerResponse): boolean {
    switch (fault.kind) {
      case "rate-limit":
        tooManyRequests(res, fault.retryAfterS);
        return true;
      case "server-error": {
        const status = fault.status ?? 500;
        if (status === 502) {
          // What the real front proxy sends: an HTML page, not the API's JSON.
          res.writeHead(502, { "content-type": "text/html" });
          res.end("<html><body><h1>502 Bad Gateway</h1></body></html>");
        } else answer(res, status, { ok: false, error_code: status, description: "Internal Server Error" });
        return true;
      }
      case "drop-before-store":
        res.socket?.destroy();
        return true;
      default:
        return false;
    }
  }

  private async call(method: string, params: Params): Promise<unknown> {
    const handler = METHODS[method];
    if (!handler) throw new ApiFailure(404, "Not Found: method not found");
    return handler(this.world, this.updates, params);
  }

  private async getUpdates(params: Params, req: IncomingMessage): Promise<Update[]> {
    this.updates.setAllowed(params.allowed_updates);
    const offset = Number(params.offset ?? 0);
    const limit = Math.min(100, Math.max(1, Number(params.limit ?? 100)));
    const timeout = Number(params.timeout ?? 0);
    const hangUp = new AbortController();
    const onClose = () => hangUp.abort();
    req.socket.once("close", onClose);
    try {
      return await this.updates.poll(offset, limit, timeout, hangUp.signal).catch((reason: { code: number; description: string }) => {
        throw new ApiFailure(reason.code, reason.description);
      });
    } finally {
      req.socket.off("close", onClose);
    }
  }
}

function tooManyRequests(res: ServerResponse, retryAfterS: number): void {
  answer(res, 429, {
    ok: false,
    error_code: 429,
    description: `Too Many Requests: retry after ${retryAfterS}`,
    parameters: { retry_after: retryAfterS },
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
