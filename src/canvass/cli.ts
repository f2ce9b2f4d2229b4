import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Database } from "better-sqlite3-multiple-ciphers";
import { loadConfig, type LoadOptions } from "../config/load.js";
import { audit } from "../core/audit.js";
import { type Lang, t, tn } from "../core/i18n/catalog.js";
import { FatalError } from "../errors.js";
import { openStore } from "../store/open.js";
import { sql } from "../store/statements.js";
import { CustodyStore } from "./custody.js";
import { readBlocksFile } from "./import.js";
import type { Canvass } from "./model.js";
import { CanvassStore } from "./store.js";

type CliOptions = Pick<LoadOptions, "file" | "dbPath">;

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

/**
 * Find a canvass by what the operator typed: `N` when only one network has a canvass #N, else
 * `NETWORK/N` with the network's id.
 */
export function resolveCanvass(db: Database, id: string, lang: Lang): Canvass {
  const m = /^(?:(\d+)\/)?(\d+)$/.exec(id.trim());
  const store = new CanvassStore(db);
  const found = m ? (m[1] ? [store.byNum(Number(m[1]), Number(m[2]))].filter((c) => c !== null) : store.allByNum(Number(m[2]))) : [];
  if (found.length === 0) throw new FatalError("USAGE", t(lang, "canvass.cli.notFound", { id }));
  if (found.length > 1) {
    const names = found.map((c) => {
      const row = sql(db, "SELECT name FROM networks WHERE id = ?").get(c.networkId) as { name: string } | undefined;
      return `${c.networkId} ${row?.name ?? ""}`.trim();
    });
    throw new FatalError("USAGE", t(lang, "canvass.cli.ambiguous", { id, networks: names.join(", "), example: `${found[0]!.networkId}/${id}` }));
  }
  return found[0]!;
}

/** Open the configured store, run `fn` in one transaction, and close it. */
function withStore<T>(opts: CliOptions, fn: (db: Database, lang: Lang) => T): T {
  const config = loadConfig(opts);
  const store = openStore({ path: config.database.path });
  try {
    return store.db.transaction(() => fn(store.db, config.defaults.language)).immediate();
  } finally {
    store.close();
  }
}

/**
 * `porchlight canvass import ID FILE`: add blocks from a CSV (`id,label,polygon`) or GeoJSON file.
 * Every problem is printed with its line (or feature) and column, and then nothing is imported.
 */
export async function runCanvassImport(args: string[], opts: CliOptions): Promise<number> {
  const [id, file] = args;
  if (!id || !file) throw new FatalError("USAGE", "usage: porchlight canvass import ID FILE");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new FatalError("USAGE", `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return withStore(opts, (db, lang) => {
    const canvass = resolveCanvass(db, id, lang);
    if (canvass.closedAt !== null) throw new FatalError("USAGE", t(lang, "canvass.closed", { num: canvass.num }));
    const store = new CanvassStore(db);
    const result = readBlocksFile(text, store.codes(canvass.id));
    if (!result.ok) {
      for (const p of result.problems) {
        process.stderr.write(`${file}: ${t(lang, `canvass.import.${p.at}`, { index: p.index, column: p.column, problem: t(lang, `canvass.import.${p.problem}`) })}\n`);
      }
      process.stderr.write(`${t(lang, "canvass.import.nothingChanged")}\n`);
      return 1;
    }
    store.addBlocks(canvass.id, result.blocks);
    audit(db, { networkId: canvass.networkId, actorId: null, action: "canvass.import", subject: `canvass:${canvass.num}`, at: Date.now() });
    out(t(lang, "canvass.import.done", { num: canvass.num, added: tn(lang, "canvass.blocks", result.blocks.length) }));
    return 0;
  });
}

/** One CSV field, quoted when it holds a comma, quote or line break. */
function csvField(value: string | number | null): string {
  const text = value === null ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const CSV_COLUMNS = ["entry", "block", "sha256", "received_by", "received_at_utc", "camera", "time_range", "contact"] as const;

/**
 * `porchlight export canvass ID [--out DIR]`: the custody record as CSV and JSON for the legal team.
 * Times are UTC ISO 8601. The export itself is recorded in the audit log.
 */
export async function runCanvassExport(args: string[], opts: CliOptions & { out?: string | undefined }): Promise<number> {
  const [id] = args;
  if (!id) throw new FatalError("USAGE", "usage: porchlight export canvass ID [--out DIR]");
  const dir = resolve(opts.out ?? ".");
  return withStore(opts, (db, lang) => {
    const canvass = resolveCanvass(db, id, lang);
    const entries = new CustodyStore(db).entries(canvass.id);
    const rows = entries.map((e) => ({
      entry: `F${e.num}`,
      block: e.blockCode,
      sha256: e.sha256,
      received_by: e.receivedByName,
      received_at_utc: new Date(e.receivedAt).toISOString(),
      camera: e.camera,
      time_range: e.timeRange,
      contact: e.contact,
    }));
    const base = join(dir, `canvass-${canvass.networkId}-${canvass.num}-custody`);
    const csv = [CSV_COLUMNS.join(","), ...rows.map((r) => CSV_COLUMNS.map((c) => csvField(r[c])).join(","))].join("\r\n");
    const json = {
      canvass: {
        network: canvass.networkId,
        number: canvass.num,
        title: canvass.title,
        incident_at_utc: canvass.incidentAt === null ? null : new Date(canvass.incidentAt).toISOString(),
        deadline_utc: new Date(canvass.deadlineAt).toISOString(),
        closed_at_utc: canvass.closedAt === null ? null : new Date(canvass.closedAt).toISOString(),
      },
      exported_at_utc: new Date().toISOString(),
      custody: rows,
    };
    try {
      writeFileSync(`${base}.csv`, `${csv}\r\n`, { mode: 0o600 });
      writeFileSync(`${base}.json`, `${JSON.stringify(json, null, 2)}\n`, { mode: 0o600 });
    } catch (err) {
      throw new FatalError("USAGE", `cannot write to ${dir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    audit(db, { networkId: canvass.networkId, actorId: null, action: "canvass.export", subject: `canvass:${canvass.num}`, at: Date.now() });
    out(t(lang, "canvass.export.done", { num: canvass.num, count: entries.length, csv: `${base}.csv`, json: `${base}.json` }));
    return 0;
  });
}
