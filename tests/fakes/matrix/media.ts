import { randomId, SERVER_NAME } from "./model.js";
import { MatrixHttpError, type Session } from "./server-state.js";

/** One file in the fake's media repository, exactly as it was uploaded. */
export interface StoredMedia {
  bytes: Buffer;
  contentType: string;
  uploader: string;
}

/** Largest upload the fake accepts (Synapse's default max_upload_size is 50 MiB). */
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/** A binary answer (a download), written as is instead of as JSON. */
export class RawAnswer {
  constructor(
    readonly bytes: Buffer,
    readonly contentType: string,
  ) {}
}

/** The media repository: uploads keyed by media id, served back under `mxc://fake.test/<id>`. */
export class MediaStore {
  private readonly files = new Map<string, StoredMedia>();

  /** Store an upload and return its content uri. */
  upload(session: Session, bytes: Buffer, contentType: string | undefined): string {
    if (bytes.length === 0) throw new MatrixHttpError(400, "M_BAD_JSON", "Empty upload");
    if (bytes.length > MAX_UPLOAD_BYTES) throw new MatrixHttpError(413, "M_TOO_LARGE", "Upload too large");
    const mediaId = randomId(18);
    this.files.set(mediaId, {
      bytes: Buffer.from(bytes),
      contentType: contentType ?? "application/octet-stream",
      uploader: session.userId,
    });
    return `mxc://${SERVER_NAME}/${mediaId}`;
  }

  /** The file behind `mxc://server/id`, or undefined. */
  byUri(uri: string): StoredMedia | undefined {
    const m = /^mxc:\/\/([^/]+)\/([^/]+)$/.exec(uri);
    return m ? this.get(m[1]!, m[2]!) : undefined;
  }

  get(serverName: string, mediaId: string): StoredMedia | undefined {
    return serverName === SERVER_NAME ? this.files.get(mediaId) : undefined;
  }

  /** How many files were uploaded (orphans included). */
  get count(): number {
    return this.files.size;
  }
}

/** A media request after the prefix, e.g. `/upload` or `/download/fake.test/abc`. */
export interface MediaRequest {
  method: string;
  path: string;
  session: Session;
  bytes: Buffer;
  contentType: string | undefined;
}

/** POST /upload and GET /download/{server}/{id}[/{filename}] of the media API (v3 and authenticated v1). */
export function handleMedia(store: MediaStore, req: MediaRequest): unknown {
  if (req.path === "/upload") {
    if (req.method !== "POST") throw new MatrixHttpError(405, "M_UNRECOGNIZED", "Unrecognized request");
    return { content_uri: store.upload(req.session, req.bytes, req.contentType) };
  }
  const download = /^\/download\/([^/]+)\/([^/]+)(?:\/[^/]+)?$/.exec(req.path);
  if (download) {
    if (req.method !== "GET") throw new MatrixHttpError(405, "M_UNRECOGNIZED", "Unrecognized request");
    const file = store.get(decodeURIComponent(download[1]!), decodeURIComponent(download[2]!));
    if (!file) throw new MatrixHttpError(404, "M_NOT_FOUND", "Not found");
    return new RawAnswer(file.bytes, file.contentType);
  }
  throw new MatrixHttpError(404, "M_UNRECOGNIZED", "Unrecognized request");
}
