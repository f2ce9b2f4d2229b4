import { describe, expect, it } from "vitest";
import { readBlocksFile } from "../../src/canvass/import.js";
import type { Block, Canvass, Progress } from "../../src/canvass/model.js";
import { statusSvg } from "../../src/canvass/picture.js";
import { registerJobMessages } from "../../src/core/assemble.js";
import { JOBS } from "../../src/main.js";

// The pictures carry the job's words: its messages, as the app registers them.
registerJobMessages(JOBS);

const none = new Set<string>();

describe("block files", () => {
  it("reads CSV with labels and optional polygons in either notation", () => {
    const csv = 'id,label,polygon\nB1,"Main St, 100-200","-87.60 41.80; -87.59 41.80; -87.59 41.81"\nB2,Elm St 1-99,\nB3,,"[[-87.6,41.81],[-87.59,41.81],[-87.59,41.82]]"\n';
    const result = readBlocksFile(csv, none);
    expect(result).toEqual({
      ok: true,
      blocks: [
        { code: "B1", label: "Main St, 100-200", polygon: [[-87.6, 41.8], [-87.59, 41.8], [-87.59, 41.81]] },
        { code: "B2", label: "Elm St 1-99", polygon: null },
        { code: "B3", label: null, polygon: [[-87.6, 41.81], [-87.59, 41.81], [-87.59, 41.82]] },
      ],
    });
  });

  it("names the line and column of every bad row, and imports nothing", () => {
    const csv = "id,label,polygon\nB1,Main\n,Elm\nB1,Oak\nB 4,Pine\nB5,Ash,1 2; 3\nB6,Fir\n";
    const result = readBlocksFile(csv, new Set(["B6"]));
    expect(result).toEqual({
      ok: false,
      problems: [
        { at: "line", index: 3, column: "id", problem: "emptyId" },
        { at: "line", index: 4, column: "id", problem: "duplicateId" },
        { at: "line", index: 5, column: "id", problem: "badId" },
        { at: "line", index: 6, column: "polygon", problem: "badPolygon" },
        { at: "line", index: 7, column: "id", problem: "existingId" },
      ],
    });
  });

  it("refuses a CSV without an id column and an unclosed quote, with where", () => {
    expect(readBlocksFile("name,label\nB1,x\n", none)).toEqual({ ok: false, problems: [{ at: "line", index: 1, column: "id", problem: "noIdColumn" }] });
    const broken = readBlocksFile('id,label\nB1,"Main\n', none);
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.problems[0]).toMatchObject({ at: "line", problem: "unreadable" });
  });

  it("reads a GeoJSON FeatureCollection of polygons and names the feature of a bad one", () => {
    const feature = (id: unknown, type = "Polygon") => ({
      type: "Feature",
      properties: { id, label: `Block ${String(id)}` },
      geometry: { type, coordinates: [[[-87.6, 41.8], [-87.59, 41.8], [-87.59, 41.81], [-87.6, 41.8]]] },
    });
    const good = readBlocksFile(JSON.stringify({ type: "FeatureCollection", features: [feature("A1"), feature(2)] }), none);
    expect(good.ok && good.blocks.map((b) => [b.code, b.label, b.polygon?.length])).toEqual([
      ["A1", "Block A1", 4],
      ["2", "Block 2", 4],
    ]);
    const bad = readBlocksFile(JSON.stringify({ type: "FeatureCollection", features: [feature("A1"), feature("A2", "Point"), { type: "Feature", geometry: feature("x").geometry, properties: {} }] }), none);
    expect(bad).toEqual({
      ok: false,
      problems: [
        { at: "feature", index: 2, column: "geometry.type", problem: "notPolygon" },
        { at: "feature", index: 3, column: "properties.id", problem: "emptyId" },
      ],
    });
    expect(readBlocksFile('{"type":"Feature"}', none)).toEqual({ ok: false, problems: [{ at: "file", index: 0, column: "type", problem: "notFeatureCollection" }] });
  });
});

describe("status picture", () => {
  const canvass = { num: 1, title: "Elm <raid>" } as Canvass;
  const progress: Progress = { blocks: { open: 1, claimed: 1, reported: 0, done: 0 }, total: 2, doors: 0, answered: 0, cameras: 0, footage: 0, custody: 0 };
  const block = (code: string, state: Block["state"], polygon: Block["polygon"] = null): Block =>
    ({ id: 1, canvassId: 1, code, label: `${code} Main St`, polygon, state, claim: null, report: null }) as Block;

  it("draws a grid of labelled squares, with labels only where they may show", () => {
    const blocks = [block("B1", "open"), block("B2", "claimed")];
    const open = statusSvg(canvass, blocks, progress, "en", true);
    expect(open).toContain("Elm &#60;raid&#62;");
    expect(open).toContain('fill="#f2c14e"');
    expect(open).toContain("B2 Main St");
    const plain = statusSvg(canvass, blocks, progress, "en", false);
    expect(plain).not.toContain("Main St");
    expect(plain).toContain(">B2<");
  });

  it("draws outlines when every block has one", () => {
    const square = (x: number): [number, number][] => [[x, 41.8], [x + 0.01, 41.8], [x + 0.01, 41.81], [x, 41.81]];
    const svg = statusSvg(canvass, [block("B1", "open", square(-87.6)), block("B2", "claimed", square(-87.59))], progress, "es", false);
    expect(svg.match(/<polygon /g)).toHaveLength(2);
    expect(svg).toContain("libre: 1");
  });
});
