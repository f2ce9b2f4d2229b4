import type { OlmMachine } from "@matrix-org/matrix-sdk-crypto-wasm";
import type { Logger } from "../../../src/core/port.js";
import { describeFailure, failureFacts } from "../errors.js";
import { type HomeserverCall, type MachineRequest, sendMachineRequest } from "./requests.js";

/**
 * Give the bot's account a cross-signing identity (master, self-signing and user-signing keys) and
 * sign the bot's device with it, once: unless `uploaded` says an earlier start did so and the store
 * still holds the keys. Resolves true when the identity is (now) on the homeserver.
 *
 * keys/device_signing/upload normally needs user-interactive auth, which a bot with only an access
 * token cannot do. Synapse (MSC3967, on by default in 1.160) accepts the FIRST upload for an account
 * that has no cross-signing keys without it; a later reset would need the account password. So when
 * the homeserver asks for auth the bot logs it and goes on without cross-signing: encryption still
 * works, the bot's device is only shown as not cross-signed.
 */
export async function ensureCrossSigning(
  machine: OlmMachine,
  call: HomeserverCall,
  log: Logger,
  uploaded: boolean,
): Promise<boolean> {
  const status = await machine.crossSigningStatus();
  if (uploaded && status.hasMaster && status.hasSelfSigning && status.hasUserSigning) return true;
  const requests = await machine.bootstrapCrossSigning(true);
  try {
    if (requests.uploadKeysRequest) await sendMachineRequest(machine, call, requests.uploadKeysRequest as MachineRequest);
    await call("POST", "/_matrix/client/v3/keys/device_signing/upload", JSON.parse(requests.uploadSigningKeysRequest.body));
    await sendMachineRequest(machine, call, requests.uploadSignaturesRequest);
    log.info({}, "matrix: cross-signing keys uploaded and the bot's device signed");
    return true;
  } catch (err) {
    const facts = failureFacts(err);
    const needsAuth = facts.status === 401;
    log.warn(
      { failure: describeFailure(facts), needsAuth },
      needsAuth
        ? "matrix: the homeserver wants the account password to set up cross-signing; going on without it"
        : "matrix: cross-signing setup failed; going on without it",
    );
    return false;
  }
}
