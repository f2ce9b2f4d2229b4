import type { IncomingMessage, ServerResponse } from "node:http";
import type { Params } from "./methods.js";

/** Read a request body and decode it the ways the Bot API accepts: JSON, urlencoded form, multipart, query. */
export async function readParams(req: IncomingMessage, url: URL): Promise<Params> {
  const params: Params = {};
  for (const [k, v] of url.searchParams) params[k] = decodeField(v);
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const raw = body.toString("utf8");
  if (raw === "") return params;
  const type = req.headers["content-type"] ?? "";
  if (type.includes("application/json")) {
    Object.assign(params, JSON.parse(raw) as Params);
  } else if (type.includes("application/x-www-form-urlencoded")) {
    for (const [k, v] of new URLSearchParams(raw)) params[k] = decodeField(v);
  } else if (type.includes("multipart/form-data")) {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
    if (boundary) Object.assign(params, parseMultipart(body, boundary[1] ?? boundary[2]!));
  }
  return params;
}

/** Form fields carry objects (reply_markup, scope) as JSON text; numbers stay strings, as handlers coerce. */
function decodeField(value: string): unknown {
  if (/^\s*[[{]/.test(value) || value === "true" || value === "false") {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

/**
 * Fields of a multipart body. Parts with a filename are uploaded files: kept as bytes (a Buffer),
 * which is how the fake stores photos; other parts are text fields.
 */
function parseMultipart(body: Buffer, boundary: string): Params {
  const params: Params = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const part = body.subarray(start + delimiter.length, next);
    start = next;
    const split = part.indexOf("\r\n\r\n");
    if (split < 0) continue;
    const head = part.subarray(0, split).toString("utf8");
    const name = /name="([^"]+)"/.exec(head);
    if (!name) continue;
    // The part ends with the CRLF that precedes the next delimiter.
    const content = part.subarray(split + 4, part.length - 2);
    params[name[1]!] = /filename=/i.test(head) ? Buffer.from(content) : decodeField(content.toString("utf8"));
  }
  return params;
}

/** Write a Bot API answer with the matching HTTP status. */
export function answer(res: ServerResponse, status: number, body: unknown): void {
  if (res.destroyed || res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
