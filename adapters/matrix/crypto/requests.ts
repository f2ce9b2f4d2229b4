import {
  KeysBackupRequest,
  KeysClaimRequest,
  KeysQueryRequest,
  KeysUploadRequest,
  type OlmMachine,
  RoomMessageRequest,
  SignatureUploadRequest,
  ToDeviceRequest,
} from "@matrix-org/matrix-sdk-crypto-wasm";
import type { Logger } from "../../../src/core/port.js";
import { describeFailure, failureFacts } from "../errors.js";

/** One authenticated client-server API call; resolves with the parsed JSON answer. */
export type HomeserverCall = (
  method: "GET" | "POST" | "PUT",
  path: string,
  body: unknown,
  qs?: Record<string, string>,
) => Promise<unknown>;

/** A request the OlmMachine asks the adapter to make (what `outgoingRequests()` and friends return). */
export type MachineRequest =
  | KeysUploadRequest
  | KeysQueryRequest
  | KeysClaimRequest
  | ToDeviceRequest
  | SignatureUploadRequest
  | RoomMessageRequest
  | KeysBackupRequest;

const V3 = "/_matrix/client/v3";
const enc = encodeURIComponent;

/** Make one machine request over HTTP and tell the machine it was sent (with the homeserver's answer). */
export async function sendMachineRequest(machine: OlmMachine, call: HomeserverCall, req: MachineRequest): Promise<void> {
  const body = JSON.parse(req.body) as unknown;
  let answer: unknown;
  if (req instanceof KeysUploadRequest) answer = await call("POST", `${V3}/keys/upload`, body);
  else if (req instanceof KeysQueryRequest) answer = await call("POST", `${V3}/keys/query`, body);
  else if (req instanceof KeysClaimRequest) answer = await call("POST", `${V3}/keys/claim`, body);
  else if (req instanceof ToDeviceRequest) {
    answer = await call("PUT", `${V3}/sendToDevice/${enc(req.event_type)}/${enc(req.txn_id)}`, body);
  } else if (req instanceof SignatureUploadRequest) answer = await call("POST", `${V3}/keys/signatures/upload`, body);
  else if (req instanceof RoomMessageRequest) {
    answer = await call("PUT", `${V3}/rooms/${enc(req.room_id)}/send/${enc(req.event_type)}/${enc(req.txn_id)}`, body);
  } else if (req instanceof KeysBackupRequest) {
    answer = await call("PUT", `${V3}/room_keys/keys`, body, { version: req.version });
  } else {
    throw new Error("unknown crypto request type");
  }
  // A request made outside outgoingRequests() (a signature upload of a bootstrap) may have no id.
  if (req.id) await machine.markRequestAsSent(req.id, req.type, JSON.stringify(answer ?? {}));
}

/** What a flush did: how many requests went out, and the names and first error of those that failed. */
export interface FlushResult {
  sent: number;
  failed: string[];
  firstError?: unknown;
}

/**
 * Send everything the machine has queued (key uploads, key queries, to-device messages, ...). A
 * failed request is logged with its codes and stays queued: the machine offers it again next time.
 */
export async function flushOutgoing(machine: OlmMachine, call: HomeserverCall, log: Logger): Promise<FlushResult> {
  const result: FlushResult = { sent: 0, failed: [] };
  for (const req of (await machine.outgoingRequests()) as MachineRequest[]) {
    try {
      await sendMachineRequest(machine, call, req);
      result.sent += 1;
    } catch (err) {
      result.failed.push(requestName(req));
      result.firstError ??= err;
      log.warn({ request: requestName(req), failure: describeFailure(failureFacts(err)) }, "matrix: crypto request failed");
    }
  }
  return result;
}

/** A content-free name of a request, for logs. */
export function requestName(req: MachineRequest): string {
  if (req instanceof KeysUploadRequest) return "keys/upload";
  if (req instanceof KeysQueryRequest) return "keys/query";
  if (req instanceof KeysClaimRequest) return "keys/claim";
  if (req instanceof ToDeviceRequest) return "sendToDevice";
  if (req instanceof SignatureUploadRequest) return "keys/signatures/upload";
  if (req instanceof RoomMessageRequest) return "room message";
  return "room_keys";
}
