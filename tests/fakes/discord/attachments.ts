/**
 * Message attachments as Discord takes them: each uploaded `files[N]` part becomes an attachment,
 * described by the payload's `attachments: [{ id: N, filename?, description? }]`. On an edit, an
 * `attachments` list names the existing attachments to keep (by id) plus new uploads; without
 * one, uploads are added to what the message already has.
 */
import type { Upload } from "./multipart.js";
import type { FakeAttachment, FakeDiscordState } from "./state.js";
import { type Answer, apiError } from "./validate.js";

/** Bots may upload 10 MiB per file in a server without boosts. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
const MAX_ATTACHMENTS = 10;
const MAX_DESCRIPTION = 1024;

interface AttachmentRef {
  id?: unknown;
  filename?: unknown;
  description?: unknown;
}

const invalid = (why: string): Answer => ({
  status: 400,
  body: { message: "Invalid Form Body", code: 50035, errors: { attachments: { _errors: [{ code: "BASE_TYPE_INVALID", message: why }] } } },
});

function refsOf(body: Record<string, unknown>): AttachmentRef[] | Answer {
  const refs = body.attachments;
  if (refs === undefined || refs === null) return [];
  if (!Array.isArray(refs) || refs.some((r) => !r || typeof r !== "object")) return invalid("attachments");
  return refs as AttachmentRef[];
}

/** Store the uploads of a request as attachments; an Answer when Discord would refuse them. */
function store(state: FakeDiscordState, refs: AttachmentRef[], uploads: Upload[]): FakeAttachment[] | Answer {
  const made: FakeAttachment[] = [];
  for (const upload of uploads) {
    const slot = /^files\[(\d+)\]$/.exec(upload.field)?.[1];
    if (slot === undefined) return invalid(`unexpected form field ${upload.field}`);
    if (upload.bytes.length > MAX_FILE_BYTES) return apiError(413, 40005, "Request entity too large");
    const ref = refs.find((r) => String(r.id) === slot);
    const description = ref?.description;
    if (description !== undefined && (typeof description !== "string" || description.length > MAX_DESCRIPTION)) return invalid("description");
    const filename = typeof ref?.filename === "string" && ref.filename ? ref.filename : upload.filename;
    const id = state.ids.next();
    state.files.set(id, upload.bytes);
    made.push({
      id,
      filename,
      size: upload.bytes.length,
      url: `https://cdn.fake-discord.invalid/attachments/${id}/${encodeURIComponent(filename)}`,
      proxy_url: `https://media.fake-discord.invalid/attachments/${id}/${encodeURIComponent(filename)}`,
      ...(upload.contentType ? { content_type: upload.contentType } : {}),
      ...(typeof description === "string" ? { description } : {}),
    });
  }
  return made;
}

/** Attachments of a new message from its payload and uploads. */
export function newAttachments(state: FakeDiscordState, body: Record<string, unknown>, uploads: Upload[]): FakeAttachment[] | Answer {
  const refs = refsOf(body);
  if (!Array.isArray(refs)) return refs;
  const made = store(state, refs, uploads);
  if (Array.isArray(made) && made.length > MAX_ATTACHMENTS) return invalid("too many attachments");
  return made;
}

/** Attachments of an edited message: the kept existing ones, then the new uploads. */
export function editedAttachments(
  state: FakeDiscordState,
  existing: FakeAttachment[],
  body: Record<string, unknown>,
  uploads: Upload[],
): FakeAttachment[] | Answer {
  const refs = refsOf(body);
  if (!Array.isArray(refs)) return refs;
  const listed = body.attachments !== undefined && body.attachments !== null;
  const kept = listed ? existing.filter((a) => refs.some((r) => String(r.id) === a.id)) : existing;
  const made = store(state, refs, uploads);
  if (!Array.isArray(made)) return made;
  const all = [...kept, ...made];
  return all.length > MAX_ATTACHMENTS ? invalid("too many attachments") : all;
}
