import { readFileSync, writeFileSync } from "node:fs";
import { loadConfig, type LoadOptions } from "../config/load.js";
import { Networks } from "../core/network/networks.js";
import { fingerprint, parsePublicKey } from "../crypto/signing.js";
import { FatalError } from "../errors.js";
import { openStore } from "../store/open.js";
import { type CapEntry, capFeed, verifyCapDocument } from "./cap.js";
import { SigningKeys } from "./keys.js";
import { AlertLedger } from "./ledger.js";
import { AlertStore } from "./store.js";
import { verifierPage } from "./verifier-page.js";

type CliOptions = Pick<LoadOptions, "file" | "dbPath">;

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

function networkIdOf(value: string | undefined): number {
  if (!value || !/^\d+$/.test(value)) throw new FatalError("USAGE", "--network takes a network id (a number; /network info shows it)");
  return Number(value);
}

/**
 * `porchlight keygen --network ID [--rotate]`: make the network's Ed25519 alert signing key in the
 * encrypted store, or with --rotate retire the current one (its public half stays, so alerts it
 * signed still verify) and make a new one. Prints the public key and its fingerprint to publish.
 */
export async function runSigningKeygen(opts: CliOptions & { network: string | undefined; rotate: boolean }): Promise<number> {
  const networkId = networkIdOf(opts.network);
  const config = loadConfig(opts);
  const store = openStore({ path: config.database.path });
  try {
    const network = new Networks(store.db).get(networkId);
    if (!network) throw new FatalError("USAGE", `there is no network ${networkId} in ${store.path}`);
    const keys = new SigningKeys(store.db);
    const now = Date.now();
    const made = store.db.transaction(() => {
      const current = keys.current(networkId);
      if (current && !opts.rotate) {
        throw new FatalError("USAGE", `network ${networkId} already has a signing key (${fingerprint(current.publicKey)}); add --rotate to replace it`);
      }
      return opts.rotate ? keys.rotate(networkId, now) : { retired: null, created: keys.create(networkId, now) };
    })();
    if (made.retired) out(`retired key ${fingerprint(made.retired.publicKey)} (alerts it signed still verify)`);
    out(`signing key of network ${networkId} (${network.name})`);
    out(`fingerprint: ${fingerprint(made.created.publicKey)}`);
    out(`public key:  ${made.created.publicKey}`);
    return 0;
  } finally {
    store.close();
  }
}

/** `porchlight export alerts --cap FILE [--network ID]`: every signed alert message as CAP 1.2 in an Atom feed. */
export async function runAlertsExport(opts: CliOptions & { cap: string | undefined; network: string | undefined }): Promise<number> {
  if (!opts.cap) throw new FatalError("USAGE", "export alerts needs --cap FILE");
  const config = loadConfig(opts);
  const store = openStore({ path: config.database.path });
  try {
    const networks = new Networks(store.db);
    const ids = opts.network
      ? [networkIdOf(opts.network)]
      : (store.db.prepare("SELECT id FROM networks ORDER BY id").all() as { id: number }[]).map((r) => r.id);
    const ledger = new AlertLedger(store.db);
    const alerts = new AlertStore(store.db);
    const keys = new SigningKeys(store.db);
    const entries: CapEntry[] = [];
    for (const id of ids) {
      if (!networks.get(id)) throw new FatalError("USAGE", `there is no network ${id}`);
      for (const message of ledger.ofNetwork(id)) {
        const alert = alerts.byId(message.alertId);
        const key = keys.byId(message.keyId);
        if (alert && key) entries.push({ message, networkId: id, alertNum: alert.num, publicKey: key.publicKey });
      }
    }
    writeFileSync(opts.cap, capFeed(entries, Date.now()), { mode: 0o600 });
    out(`wrote ${entries.length} alert message(s) as CAP 1.2 to ${opts.cap}`);
    return 0;
  } finally {
    store.close();
  }
}

/**
 * `porchlight verify --key PUBKEY FILE`: check the alerts of a CAP file (as `export alerts`
 * writes) against a network's published public key, without the database. Exit 0 only when
 * every alert in it is genuine.
 */
export async function runAlertsVerify(opts: { key: string | undefined; file: string | undefined }): Promise<number> {
  if (!opts.key || !parsePublicKey(opts.key)) throw new FatalError("USAGE", "verify needs --key PUBKEY (the public key /network key shows)");
  if (!opts.file) throw new FatalError("USAGE", "verify needs the FILE to check (a CAP export)");
  let xml: string;
  try {
    xml = readFileSync(opts.file, "utf8");
  } catch (err) {
    throw new FatalError("USAGE", `cannot read ${opts.file}: ${(err as Error).message}`);
  }
  let verdicts: ReturnType<typeof verifyCapDocument>;
  try {
    verdicts = verifyCapDocument(xml, opts.key);
  } catch {
    throw new FatalError("USAGE", `${opts.file} is not an XML document`);
  }
  if (verdicts.length === 0) {
    out(`NOT genuine: ${opts.file} holds no CAP alert`);
    return 1;
  }
  for (const v of verdicts) out(`${v.genuine ? "genuine" : "NOT genuine"}: ${v.identifier || "(no identifier)"} (${v.msgType || "?"})`);
  out(`key fingerprint ${fingerprint(parsePublicKey(opts.key)!.export({ format: "jwk" }).x as string)}`);
  return verdicts.every((v) => v.genuine) ? 0 : 1;
}

/**
 * `porchlight verifier-page --network ID --out FILE.html`: one self-contained page, with the
 * network's keys (current and retired) pinned, that checks a pasted alert in the browser, offline.
 */
export async function runVerifierPage(opts: CliOptions & { network: string | undefined; out: string | undefined }): Promise<number> {
  const networkId = networkIdOf(opts.network);
  if (!opts.out) throw new FatalError("USAGE", "verifier-page needs --out FILE.html");
  const config = loadConfig(opts);
  const store = openStore({ path: config.database.path });
  try {
    const network = new Networks(store.db).get(networkId);
    if (!network) throw new FatalError("USAGE", `there is no network ${networkId} in ${store.path}`);
    const keys = new SigningKeys(store.db).all(networkId);
    if (keys.length === 0) throw new FatalError("USAGE", `network ${networkId} has no signing key yet; make one with porchlight keygen --network ${networkId}`);
    const pinned = keys.map((k) => ({ publicKey: k.publicKey, fingerprint: fingerprint(k.publicKey), retired: k.retiredAt !== null }));
    // The page holds nothing secret: public keys and the network's name. Others may read it.
    writeFileSync(opts.out, verifierPage({ network: network.name, keys: pinned }), { mode: 0o644 });
    out(`wrote the verifier page of network ${networkId} (${network.name}) to ${opts.out}`);
    out(`pinned key fingerprint: ${pinned.find((k) => !k.retired)?.fingerprint ?? pinned[0]!.fingerprint}`);
    return 0;
  } finally {
    store.close();
  }
}
