"use strict";
/*
 * Stand-in for @matrix-org/matrix-sdk-crypto-nodejs (the native binding matrix-bot-sdk 0.7.1 requires at
 * import time). Its real install step downloads a prebuilt binary, which Porchlight's machines cannot fetch.
 * matrix-bot-sdk only touches these names when its own crypto is enabled (a cryptoStore passed to
 * MatrixClient), which Porchlight never does: end-to-end encryption goes through
 * @matrix-org/matrix-sdk-crypto-wasm in adapters/matrix. So every class here refuses to be built and every
 * function refuses to run, with an error that says why.
 */

const REFUSAL =
  "matrix-bot-sdk's built-in crypto is disabled in Porchlight (@matrix-org/matrix-sdk-crypto-nodejs is a stub); " +
  "encryption is done by adapters/matrix with @matrix-org/matrix-sdk-crypto-wasm";

function refusingClass(name) {
  const cls = class {
    constructor() {
      throw new Error(`${name}: ${REFUSAL}`);
    }
  };
  Object.defineProperty(cls, "name", { value: name });
  return cls;
}

const CLASSES = [
  "Attachment",
  "EncryptedAttachment",
  "EncryptionSettings",
  "ShieldState",
  "UserId",
  "DeviceId",
  "DeviceKeyId",
  "DeviceKeyAlgorithm",
  "RoomId",
  "ServerName",
  "OlmMachine",
  "CrossSigningStatus",
  "KeysUploadRequest",
  "KeysQueryRequest",
  "KeysClaimRequest",
  "ToDeviceRequest",
  "SignatureUploadRequest",
  "RoomMessageRequest",
  "KeysBackupRequest",
  "DecryptedRoomEvent",
  "DeviceLists",
  "Signatures",
  "Signature",
  "MaybeSignature",
  "Ed25519PublicKey",
  "Ed25519Signature",
  "Curve25519PublicKey",
  "IdentityKeys",
  "Versions",
];
for (const name of CLASSES) module.exports[name] = refusingClass(name);

// Enums keep their real values: harmless, and code that only reads a constant still works.
module.exports.EncryptionAlgorithm = Object.freeze({ OlmV1Curve25519AesSha2: 0, MegolmV1AesSha2: 1 });
module.exports.ShieldColor = Object.freeze({ Red: 0, Grey: 1, None: 2 });
module.exports.HistoryVisibility = Object.freeze({ Invited: 0, Joined: 1, Shared: 2, WorldReadable: 3 });
module.exports.DeviceKeyAlgorithmName = Object.freeze({ Ed25519: 0, Curve25519: 1, SignedCurve25519: 2, Unknown: 3 });
module.exports.StoreType = Object.freeze({ Sled: 0, Sqlite: 1 });
module.exports.RequestType = Object.freeze({
  KeysUpload: 0,
  KeysQuery: 1,
  KeysClaim: 2,
  ToDevice: 3,
  SignatureUpload: 4,
  RoomMessage: 5,
  KeysBackup: 6,
});

module.exports.getVersions = function getVersions() {
  throw new Error(`getVersions: ${REFUSAL}`);
};

/** True in this stub, so a test or a doctor check can tell the native binding is not present. */
module.exports.isPorchlightStub = true;
