/**
 * Request bodies of the fake Discord REST API: JSON, or multipart/form-data the way Discord takes
 * uploads (the JSON in a `payload_json` part, or as plain fields, and each file as `files[N]`).
 * Parsing uses the platform's own Fetch API (undici), so the fake reads what a real client sends.
 */

/** One uploaded file part. */
export interface Upload {
  /** The form field name, e.g. `files[0]`. */
  field: string;
  filename: string;
  contentType: string;
  bytes: Buffer;
}

/** A parsed request body: the JSON payload and any uploaded files. */
export interface ParsedBody {
  body: Record<string, unknown> | unknown[];
  uploads: Upload[];
}

/** Parse a raw body by its content type; null when it is malformed (Discord answers 400). */
export async function parseBody(raw: Buffer, contentType: string | undefined): Promise<ParsedBody | null> {
  if (contentType?.toLowerCase().startsWith("multipart/form-data")) return parseMultipart(raw, contentType);
  try {
    const text = raw.toString("utf8");
    return { body: text ? (JSON.parse(text) as ParsedBody["body"]) : {}, uploads: [] };
  } catch {
    return null;
  }
}

async function parseMultipart(raw: Buffer, contentType: string): Promise<ParsedBody | null> {
  let form: FormData;
  try {
    form = await new Response(raw, { headers: { "content-type": contentType } }).formData();
  } catch {
    return null;
  }
  let body: Record<string, unknown> = {};
  const uploads: Upload[] = [];
  for (const [field, value] of form.entries()) {
    if (typeof value !== "string") {
      const file = value as Blob & { name?: string };
      uploads.push({ field, filename: file.name ?? "", contentType: file.type, bytes: Buffer.from(await file.arrayBuffer()) });
    } else if (field === "payload_json") {
      try {
        const parsed = JSON.parse(value) as unknown;
        if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return null;
        body = { ...body, ...(parsed as Record<string, unknown>) };
      } catch {
        return null;
      }
    } else {
      // Fields sent as form values instead of payload_json (discord.js `appendToFormData`).
      body[field] = value;
    }
  }
  return { body, uploads };
}
