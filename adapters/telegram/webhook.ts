import { createHash, timingSafeEqual } from "node:crypto";
import { type IncomingMessage, type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Update } from "grammy/types";
import type { Logger } from "../../src/core/port.js";

/** Telegram caps an update well below this; anything larger is not from Telegram. */
const MAX_BODY_BYTES = 1_000_000;
/**
 * Telegram re-sends an update it got no 2xx for. Answer once handling ends, or after this long
 * (the handling goes on), so a slow core does not earn a duplicate delivery.
 */
const ANSWER_WITHIN_MS = 8000;

export interface WebhookReceiverOptions {
  host: string;
  port: number;
  /** Path of the public webhook URL; other paths answer 404. */
  path: string;
  secretToken: string;
  handle(update: Update): Promise<void>;
  log: Logger;
}

/** A running webhook receiver. */
export interface WebhookReceiver {
  port: number;
  close(): Promise<void>;
}

/**
 * An HTTP endpoint for Telegram's webhook pushes. A request without the right
 * `X-Telegram-Bot-Api-Secret-Token` gets 401 and is never dispatched.
 */
export async function startWebhookReceiver(opts: WebhookReceiverOptions): Promise<WebhookReceiver> {
  const expected = digest(opts.secretToken);
  const server: Server = createServer((req, res) => {
    const reply = (status: number) => {
      res.writeHead(status, { "content-type": "text/plain" }).end();
    };
    const path = new URL(req.url ?? "/", "http://webhook").pathname;
    if (req.method !== "POST" || path !== opts.path) return reply(404);
    const given = req.headers["x-telegram-bot-api-secret-token"];
    if (typeof given !== "string" || !timingSafeEqual(digest(given), expected)) {
      opts.log.warn({ code: "WEBHOOK_BAD_SECRET" }, "telegram: webhook request with a wrong secret refused");
      req.resume();
      return reply(401);
    }
    readJson(req)
      .then(async (update) => {
        if (!update) return reply(400);
        const handled = opts.handle(update).catch(() => {
          opts.log.error({ code: "WEBHOOK_HANDLER_FAILED" }, "telegram: handling a webhook update failed");
        });
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<void>((r) => {
          timer = setTimeout(r, ANSWER_WITHIN_MS);
        });
        await Promise.race([handled, late]);
        clearTimeout(timer);
        reply(200);
      })
      .catch(() => reply(400));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Comparing fixed-length digests keeps the comparison constant-time whatever the length given. */
function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

async function readJson(req: IncomingMessage): Promise<Update | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    const parsed = JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown;
    return typeof parsed === "object" && parsed !== null && "update_id" in parsed ? (parsed as Update) : undefined;
  } catch {
    return undefined;
  }
}
