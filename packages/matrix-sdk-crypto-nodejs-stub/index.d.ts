/**
 * Types of Porchlight's stand-in for @matrix-org/matrix-sdk-crypto-nodejs. Only matrix-bot-sdk's own
 * declaration files refer to these; Porchlight code never uses them. Every class throws when constructed.
 */
type Refused = { [member: string]: any };
export declare class Attachment { [member: string]: any }
export declare class EncryptedAttachment { [member: string]: any }
export declare class EncryptionSettings { [member: string]: any }
export declare class ShieldState { [member: string]: any }
export declare class UserId { [member: string]: any }
export declare class DeviceId { [member: string]: any }
export declare class DeviceKeyId { [member: string]: any }
export declare class DeviceKeyAlgorithm { [member: string]: any }
export declare class RoomId { [member: string]: any }
export declare class ServerName { [member: string]: any }
export declare class OlmMachine { [member: string]: any }
export declare class CrossSigningStatus { [member: string]: any }
export declare class KeysUploadRequest { [member: string]: any }
export declare class KeysQueryRequest { [member: string]: any }
export declare class KeysClaimRequest { [member: string]: any }
export declare class ToDeviceRequest { [member: string]: any }
export declare class SignatureUploadRequest { [member: string]: any }
export declare class RoomMessageRequest { [member: string]: any }
export declare class KeysBackupRequest { [member: string]: any }
export declare class DecryptedRoomEvent { [member: string]: any }
export declare class DeviceLists { [member: string]: any }
export declare class Signatures { [member: string]: any }
export declare class Signature { [member: string]: any }
export declare class MaybeSignature { [member: string]: any }
export declare class Ed25519PublicKey { [member: string]: any }
export declare class Ed25519Signature { [member: string]: any }
export declare class Curve25519PublicKey { [member: string]: any }
export declare class IdentityKeys { [member: string]: any }
export declare class Versions { [member: string]: any }
export declare enum EncryptionAlgorithm { OlmV1Curve25519AesSha2 = 0, MegolmV1AesSha2 = 1 }
export declare enum ShieldColor { Red = 0, Grey = 1, None = 2 }
export declare enum HistoryVisibility { Invited = 0, Joined = 1, Shared = 2, WorldReadable = 3 }
export declare enum DeviceKeyAlgorithmName { Ed25519 = 0, Curve25519 = 1, SignedCurve25519 = 2, Unknown = 3 }
export declare enum StoreType { Sled = 0, Sqlite = 1 }
export declare enum RequestType {
  KeysUpload = 0,
  KeysQuery = 1,
  KeysClaim = 2,
  ToDevice = 3,
  SignatureUpload = 4,
  RoomMessage = 5,
  KeysBackup = 6,
}
export declare function getVersions(): Refused;
export declare const isPorchlightStub: true;
