import type { IncomingMessage, ServerResponse } from "node:http";
import type { Params } from "./methods.js";

/** Read a request body and decode it the ways the Bot API accepts: JSON, urlencoded form, multipart, query. */
export async function readParams(req: IncomingMessage, url: URL): Promise<Params> {
  const params: Params = {};
  for (const [k, v] of url.searchParams) params[k] = decodeField(v);
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString("utf8");
  if (raw === "") return params;
  const type = req.headers["content-type"] ?? "";
  if (type.includes("application/json")) {
    Object.assign(params, JSON.parse(raw) as Params);
  } else if (type.includes("application/x-www-form-urlencoded")) {
    for (const [k, v] of new URLSearchParams(raw)) params[k] = decodeField(v);
  } else if (type.includes("multipart/form-data")) {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
    if (boundary) Object.assign(params, parseMultipart(raw, boundary[1] ?? boundary[2]!));
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

/** Text fields of a multipart body (file parts are kept as text; the fake stores no files). */
function parseMultipart(raw: string, boundary: string): Params {
  const params: Params = {};
  for (const part of raw.split(`--${boundary}`)) {
    const name = /name="([^"]+)"/.exec(part);
    const split = part.indexOf("\r\n\r\n");
    if (!name || split < 0) continue;
    params[name[1]!] = decodeField(part.slice(split + 4).replace(/\r\n$/, ""));
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
