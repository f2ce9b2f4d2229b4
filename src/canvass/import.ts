import { parse as parseCsv } from "csv-parse/sync";
import { z } from "zod";
import { BLOCK_CODE, type BlockInput, MAX_LABEL } from "./model.js";

/** Most blocks one canvass may hold. */
export const MAX_BLOCKS = 500;

/** What is wrong with a file, and where: a CSV line and column, or a GeoJSON feature and field. */
export interface ImportProblem {
  /** `line` for CSV (the file's line number), `feature` for GeoJSON (1-based), `file` for the whole file. */
  at: "line" | "feature" | "file";
  index: number;
  column: string;
  problem: ImportProblemCode;
}

/** Problem codes; the CLI shows each through the message catalog. */
export type ImportProblemCode =
  | "unreadable"
  | "noIdColumn"
  | "emptyId"
  | "badId"
  | "duplicateId"
  | "existingId"
  | "labelTooLong"
  | "badPolygon"
  | "notFeatureCollection"
  | "notPolygon"
  | "tooMany"
  | "empty";

/** The blocks a file holds, or every problem found (nothing is imported when there is one). */
export type ImportResult = { ok: true; blocks: BlockInput[] } | { ok: false; problems: ImportProblem[] };

/** Read blocks from a file's text: GeoJSON when it starts with `{`, else CSV with a header row. */
export function readBlocksFile(text: string, existingCodes: ReadonlySet<string>): ImportResult {
  const body = text.replace(/^\uFEFF/, "");
  const read = body.trimStart().startsWith("{") ? readGeoJson(body) : readCsv(body);
  if (!read.ok) return read;
  return checkBlocks(read.rows, existingCodes);
}

interface RawRow {
  at: "line" | "feature";
  index: number;
  id: string;
  label: string;
  polygon: [number, number][] | null;
  /** A polygon cell that could not be read. */
  badPolygon?: boolean;
}

type RawResult = { ok: true; rows: RawRow[] } | { ok: false; problems: ImportProblem[] };

function readCsv(text: string): RawResult {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parseCsv(text, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), info: true, skip_empty_lines: true, trim: true, relax_column_count: true });
  } catch (err) {
    const e = err as { lines?: number; column?: string };
    return { ok: false, problems: [{ at: "line", index: e.lines ?? 1, column: e.column ?? "", problem: "unreadable" }] };
  }
  const header = text.split(/\r?\n/, 1)[0]!.toLowerCase().split(",").map((h) => h.trim().replace(/^"|"$/g, ""));
  if (!header.includes("id")) return { ok: false, problems: [{ at: "line", index: 1, column: "id", problem: "noIdColumn" }] };
  return {
    ok: true,
    rows: records.map(({ record, info }) => {
      const cell = record.polygon ?? "";
      const polygon = cell === "" ? null : parsePolygonCell(cell);
      return { at: "line", index: info.lines, id: record.id ?? "", label: record.label ?? "", polygon, ...(cell !== "" && !polygon ? { badPolygon: true } : {}) };
    }),
  };
}

/** A polygon cell: `lon lat; lon lat; ...` or JSON `[[lon, lat], ...]`. */
function parsePolygonCell(cell: string): [number, number][] | null {
  let points: unknown;
  if (cell.startsWith("[")) {
    try {
      points = JSON.parse(cell);
    } catch {
      return null;
    }
  } else {
    points = cell.split(";").map((pair) => pair.trim().split(/\s+/).map(Number));
  }
  const ring = ringSchema.safeParse(points);
  return ring.success ? ring.data : null;
}

const point = z.tuple([z.number().finite().min(-180).max(180), z.number().finite().min(-90).max(90)]).rest(z.number());
export const ringSchema = z
  .array(point)
  .min(3)
  .max(1000)
  .transform((pts) => pts.map((p) => [p[0], p[1]] as [number, number]));

const featureSchema = z.object({
  type: z.literal("Feature"),
  geometry: z.object({ type: z.literal("Polygon"), coordinates: z.array(ringSchema).min(1) }),
  properties: z.object({ id: z.union([z.string(), z.number()]).transform(String), label: z.string().optional() }),
});

function readGeoJson(text: string): RawResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { ok: false, problems: [{ at: "file", index: 0, column: "", problem: "unreadable" }] };
  }
  const collection = z.object({ type: z.literal("FeatureCollection"), features: z.array(z.unknown()) }).safeParse(doc);
  if (!collection.success) return { ok: false, problems: [{ at: "file", index: 0, column: "type", problem: "notFeatureCollection" }] };
  const rows: RawRow[] = [];
  const problems: ImportProblem[] = [];
  for (const [i, raw] of collection.data.features.entries()) {
    const f = featureSchema.safeParse(raw);
    if (!f.success) {
      const issue = f.error.issues[0]!;
      const column = issue.path.join(".");
      const problem: ImportProblemCode = column.startsWith("geometry") ? (column === "geometry.type" ? "notPolygon" : "badPolygon") : "emptyId";
      problems.push({ at: "feature", index: i + 1, column, problem });
      continue;
    }
    rows.push({ at: "feature", index: i + 1, id: f.data.properties.id.trim(), label: f.data.properties.label?.trim() ?? "", polygon: f.data.geometry.coordinates[0]! });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows };
}

/** Check ids, labels and outlines; report every problem with its place. */
function checkBlocks(rows: RawRow[], existingCodes: ReadonlySet<string>): ImportResult {
  const problems: ImportProblem[] = [];
  const seen = new Set<string>();
  const idColumn = (r: RawRow) => (r.at === "feature" ? "properties.id" : "id");
  for (const r of rows) {
    const where = { at: r.at, index: r.index };
    if (r.id === "") problems.push({ ...where, column: idColumn(r), problem: "emptyId" });
    else if (!BLOCK_CODE.test(r.id)) problems.push({ ...where, column: idColumn(r), problem: "badId" });
    else if (existingCodes.has(r.id.toUpperCase())) problems.push({ ...where, column: idColumn(r), problem: "existingId" });
    else if (seen.has(r.id.toUpperCase())) problems.push({ ...where, column: idColumn(r), problem: "duplicateId" });
    seen.add(r.id.toUpperCase());
    if ([...r.label].length > MAX_LABEL) problems.push({ ...where, column: r.at === "feature" ? "properties.label" : "label", problem: "labelTooLong" });
    if (r.badPolygon) problems.push({ ...where, column: "polygon", problem: "badPolygon" });
  }
  if (rows.length === 0) problems.push({ at: "file", index: 0, column: "", problem: "empty" });
  if (rows.length + existingCodes.size > MAX_BLOCKS) problems.push({ at: "file", index: 0, column: "", problem: "tooMany" });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, blocks: rows.map((r) => ({ code: r.id, label: r.label === "" ? null : r.label, polygon: r.polygon })) };
}
