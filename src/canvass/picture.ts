import { Resvg } from "@resvg/resvg-js";
import { type Lang, t } from "../core/i18n/catalog.js";
import { inertText } from "../core/inert.js";
import { BLOCK_STATES, type Block, type BlockState, type Canvass, type Progress } from "./model.js";
import { stateCounts } from "./render.js";

/**
 * The canvass status picture: blocks coloured by state, as their outlines when every block has one,
 * else as a grid of labelled squares, with a legend. Built as SVG and rendered to PNG by resvg.
 * `showLabels` is false wherever addresses must not appear (a group that is not encrypted): the
 * picture then carries block ids only.
 */
export function statusPicture(canvass: Canvass, blocks: Block[], progress: Progress, lang: Lang, showLabels: boolean): { png: string; alt: string } {
  const svg = statusSvg(canvass, blocks, progress, lang, showLabels);
  const png = new Resvg(svg, {
    font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" },
    fitTo: { mode: "width", value: WIDTH },
  })
    .render()
    .asPng();
  const counts = stateCounts(progress, lang);
  return { png: Buffer.from(png).toString("base64"), alt: t(lang, "canvass.pictureAlt", { num: canvass.num, counts }) };
}

/** State colours, told apart without relying on red and green alone. */
export const STATE_COLOURS: Record<BlockState, string> = {
  open: "#d9d9d9",
  claimed: "#f2c14e",
  reported: "#4e79a7",
  done: "#59a14f",
};

const WIDTH = 800;
const MARGIN = 20;
const HEADER = 50;
const LEGEND = 50;

/** The SVG text of the status picture. */
export function statusSvg(canvass: Canvass, blocks: Block[], progress: Progress, lang: Lang, showLabels: boolean): string {
  const mapped = blocks.length > 0 && blocks.every((b) => b.polygon && b.polygon.length >= 3);
  const body = mapped ? mapBody(blocks) : gridBody(blocks, showLabels);
  const height = HEADER + body.height + LEGEND;
  const title = t(lang, "canvass.pictureTitle", { num: canvass.num, title: canvass.title });
  const legend = BLOCK_STATES.map((s, i) => {
    const x = MARGIN + i * 190;
    const y = HEADER + body.height + 15;
    return `<rect x="${x}" y="${y}" width="18" height="18" fill="${STATE_COLOURS[s]}" stroke="#333"/><text x="${x + 26}" y="${y + 14}" font-size="15">${esc(t(lang, `canvass.state.${s}`))}: ${progress.blocks[s]}</text>`;
  }).join("");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="DejaVu Sans, sans-serif">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${MARGIN}" y="32" font-size="20" font-weight="bold">${esc(title)}</text>`,
    body.svg,
    legend,
    "</svg>",
  ].join("");
}

/** Blocks as squares in rows, each with its id (and label, where labels may show). */
function gridBody(blocks: Block[], showLabels: boolean): { svg: string; height: number } {
  const columns = Math.min(6, Math.max(1, blocks.length));
  const size = Math.floor((WIDTH - 2 * MARGIN) / columns) - 10;
  const cell = size + 10;
  const rows = Math.ceil(blocks.length / columns);
  const parts = blocks.map((b, i) => {
    const x = MARGIN + (i % columns) * cell;
    const y = HEADER + Math.floor(i / columns) * cell;
    const label = showLabels && b.label ? `<text x="${x + size / 2}" y="${y + size / 2 + 22}" font-size="12" text-anchor="middle">${esc(shorten(b.label, Math.floor(size / 8)))}</text>` : "";
    return `<rect x="${x}" y="${y}" width="${size}" height="${size}" rx="6" fill="${STATE_COLOURS[b.state]}" stroke="#333"/><text x="${x + size / 2}" y="${y + size / 2 + 2}" font-size="20" font-weight="bold" text-anchor="middle">${esc(b.code)}</text>${label}`;
  });
  return { svg: parts.join(""), height: Math.max(1, rows) * cell };
}

/** Blocks as their outlines, longitude and latitude projected onto the picture (north up). */
function mapBody(blocks: Block[]): { svg: string; height: number } {
  const points = blocks.flatMap((b) => b.polygon!);
  const lons = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  const [minLon, maxLon, minLat, maxLat] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  // A degree of longitude shrinks with the cosine of the latitude.
  const squash = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = Math.max((maxLon - minLon) * squash, 1e-9);
  const spanY = Math.max(maxLat - minLat, 1e-9);
  const scale = Math.min((WIDTH - 2 * MARGIN) / spanX, 500 / spanY);
  const height = Math.ceil(spanY * scale) + 10;
  const project = ([lon, lat]: [number, number]): [number, number] => [
    MARGIN + (lon - minLon) * squash * scale,
    HEADER + (maxLat - lat) * scale,
  ];
  const parts = blocks.map((b) => {
    const projected = b.polygon!.map(project);
    const cx = projected.reduce((s, p) => s + p[0], 0) / projected.length;
    const cy = projected.reduce((s, p) => s + p[1], 0) / projected.length;
    const d = projected.map((p) => `${p[0].toFixed(1)},${p[1].toFixed(1)}`).join(" ");
    return `<polygon points="${d}" fill="${STATE_COLOURS[b.state]}" stroke="#333" stroke-width="2"/><text x="${cx.toFixed(1)}" y="${(cy + 6).toFixed(1)}" font-size="16" font-weight="bold" text-anchor="middle">${esc(b.code)}</text>`;
  });
  return { svg: parts.join(""), height };
}

function shorten(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(1, max - 1)).join("")}…`;
}

/**
 * Escape text for SVG. XML 1.0 forbids most control characters even as `&#N;` references, and
 * resvg then refuses the whole picture; titles and labels stored before typed text was made inert
 * may hold them, so they are made inert here too.
 */
function esc(text: string): string {
  return inertText(text, { multiline: false }).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
