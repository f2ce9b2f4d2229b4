import { getRequestFn, MatrixError } from "matrix-bot-sdk";

/** One raw /sync response body. */
export type SyncResponse = Record<string, unknown> & { next_batch: string };

/** Thrown by an aborted /sync: the adapter is stopping. */
export class SyncAborted extends Error {
  constructor() {
    super("sync aborted");
  }
}

/** A /sync in flight that can be cut short. */
export interface PendingSync {
  response: Promise<SyncResponse>;
  abort(): void;
}

/**
 * GET /sync through matrix-bot-sdk's own HTTP function (the `request` package it is built on), but
 * keeping hold of the request so stop() can abort the long poll: the SDK's own loop cannot, and
 * leaves it dangling for up to its timeout. Errors look like the SDK's (MatrixError or a network error).
 */
export function startSync(
  homeserverUrl: string,
  accessToken: string,
  since: string | null,
  timeoutMs: number,
): PendingSync {
  let abort!: () => void;
  const response = new Promise<SyncResponse>((resolve, reject) => {
    const qs: Record<string, string> = { timeout: String(timeoutMs), full_state: "false" };
    if (since) qs.since = since;
    const request = getRequestFn()(
      {
        uri: `${homeserverUrl.replace(/\/$/, "")}/_matrix/client/v3/sync`,
        method: "GET",
        qs,
        useQuerystring: true,
        headers: { Authorization: `Bearer ${accessToken}` },
        // The server holds the request up to timeoutMs; allow a margin before calling it dead.
        timeout: timeoutMs + 15000,
        forever: true,
      },
      (err: unknown, res: { statusCode: number }, body: unknown) => {
        if (err) return reject(err);
        const parsed = parseBody(body);
        if (res.statusCode < 200 || res.statusCode >= 300) {
          const errBody = parsed && typeof parsed === "object" ? parsed : { errcode: "M_UNKNOWN", error: "" };
          return reject(new MatrixError(errBody as never, res.statusCode));
        }
        if (!parsed || typeof parsed !== "object" || typeof (parsed as SyncResponse).next_batch !== "string") {
          return reject(Object.assign(new Error("malformed /sync response"), { code: "EBADSYNC" }));
        }
        resolve(parsed as SyncResponse);
      },
    );
    abort = () => {
      request.abort();
      reject(new SyncAborted());
    };
  });
  return { response, abort };
}

function parseBody(body: unknown): unknown {
  if (typeof body !== "string") return body;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
