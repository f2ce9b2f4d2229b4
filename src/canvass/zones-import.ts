import { readFileSync } from "node:fs";
import { z } from "zod";
import { loadConfig, type LoadOptions } from "../config/load.js";
import { audit } from "../core/audit.js";
import { type Lang, t, tn } from "../core/i18n/catalog.js";
import { Networks } from "../core/network/networks.js";
import { MAX_ZONES, zoneKey, zoneNameProblem, Zones } from "../core/network/zones.js";
import { FatalError } from "../errors.js";
import { openStore } from "../store/open.js";
import { ringSchema } from "./import.js";

/** What is wrong with a zones file, and where: a GeoJSON feature (1-based) and field, or the whole file. */
export interface ZoneImportProblem {
  at: "feature" | "file";
  index: number;
  column: string;
  problem: "unreadable" | "notFeatureCollection" | "notPolygon" | "badPolygon" | "noName" | "badName" | "duplicateName" | "existingName" | "tooMany" | "empty";
}

/** The zones a file holds (name and outline), or every problem found: then nothing is imported. */
export type ZoneImportResult = { ok: true; zones: { name: string; polygon: [number, number][] }[] } | { ok: false; problems: ZoneImportProblem[] };

const featureSchema = z.object({
  type: z.literal("Feature"),
  geometry: z.object({ type: z.literal("Polygon"), coordinates: z.array(ringSchema).min(1) }),
  properties: z.object({ name: z.unknown().optional(), label: z.unknown().optional() }).passthrough(),
});

/**
 * Read zones from a GeoJSON FeatureCollection: each Polygon feature named by `properties.name`
 * (or `label`) becomes a zone of that name, with its outer ring kept as its outline.
 */
export function readZonesFile(text: string, existing: ReadonlySet<string>): ZoneImportResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    return { ok: false, problems: [{ at: "file", index: 0, column: "", problem: "unreadable" }] };
  }
  const collection = z.object({ type: z.literal("FeatureCollection"), features: z.array(z.unknown()) }).safeParse(doc);
  if (!collection.success) return { ok: false, problems: [{ at: "file", index: 0, column: "type", problem: "notFeatureCollection" }] };
  const problems: ZoneImportProblem[] = [];
  const zones: { name: string; polygon: [number, number][] }[] = [];
  const seen = new Set<string>();
  for (const [i, raw] of collection.data.features.entries()) {
    const at = { at: "feature" as const, index: i + 1 };
    const f = featureSchema.safeParse(raw);
    if (!f.success) {
      const column = f.error.issues[0]!.path.join(".");
      problems.push({ ...at, column, problem: column === "geometry.type" ? "notPolygon" : column.startsWith("geometry") ? "badPolygon" : "noName" });
      continue;
    }
    const named = f.data.properties.name ?? f.data.properties.label;
    const name = typeof named === "string" ? named.trim() : "";
    const column = f.data.properties.name !== undefined ? "properties.name" : "properties.label";
    if (name === "") problems.push({ ...at, column: "properties.name", problem: "noName" });
    else if (zoneNameProblem(name)) problems.push({ ...at, column, problem: "badName" });
    else if (existing.has(zoneKey(name))) problems.push({ ...at, column, problem: "existingName" });
    else if (seen.has(zoneKey(name))) problems.push({ ...at, column, problem: "duplicateName" });
    seen.add(zoneKey(name));
    zones.push({ name, polygon: f.data.geometry.coordinates[0]! });
  }
  if (collection.data.features.length === 0) problems.push({ at: "file", index: 0, column: "", problem: "empty" });
  if (zones.length + existing.size > MAX_ZONES) problems.push({ at: "file", index: 0, column: "", problem: "tooMany" });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, zones };
}

/**
 * `porchlight zones import NETWORK FILE`: add a network's zones from a GeoJSON file. Every problem
 * is printed with its feature and field, and then nothing is imported.
 */
export async function runZonesImport(args: readonly string[], opts: Pick<LoadOptions, "file" | "dbPath">): Promise<number> {
  const [id, file] = args;
  if (!id || !file || !/^\d+$/.test(id)) throw new FatalError("USAGE", "usage: porchlight zones import NETWORK FILE");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new FatalError("USAGE", `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const config = loadConfig(opts);
  const store = openStore({ path: config.database.path });
  const lang: Lang = config.defaults.language;
  try {
    return store.db.transaction(() => {
      const networks = new Networks(store.db);
      const network = networks.get(Number(id));
      if (!network) throw new FatalError("USAGE", t(lang, "canvass.zones.noNetwork", { id }));
      const zones = new Zones(store.db, networks);
      const result = readZonesFile(text, new Set(zones.list(network.id).map((z) => zoneKey(z.name))));
      if (!result.ok) {
        for (const p of result.problems) {
          const problem = t(lang, `canvass.zones.${p.problem}`, { max: MAX_ZONES });
          process.stderr.write(`${file}: ${t(lang, `canvass.import.${p.at}`, { index: p.index, column: p.column, problem })}\n`);
        }
        process.stderr.write(`${t(lang, "canvass.import.nothingChanged")}\n`);
        return 1;
      }
      const now = Date.now();
      for (const z of result.zones) zones.add(network.id, z.name, z.polygon, now);
      audit(store.db, { networkId: network.id, actorId: null, action: "canvass.importZones", subject: `zones:${result.zones.length}`, at: now });
      process.stdout.write(`${t(lang, "canvass.zones.done", { network: network.name, added: tn(lang, "canvass.zones.count", result.zones.length) })}\n`);
      return 0;
    }).immediate();
  } finally {
    store.close();
  }
}
