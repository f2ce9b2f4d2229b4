import { placeKey } from "./place.js";

/**
 * What makes two reports "the same incident" for grouping, as corroboration for verifiers (never
 * as confirmation): the same area within GROUP_WINDOW_MS, or the same vehicle plate while the
 * first is pending. The area is the report's zone where it names one, else its folded place: two
 * reports of one zone are grouped whatever street each names, since people on the scene name
 * the same corner differently.
 */
export interface SimilarityKeys {
  /** The folded place, compared within the window when the report names no zone. */
  placeKey: string | null;
  /** The report's zone (one of its network's), compared within the window instead of the place. */
  zoneId: number | null;
  plate: string | null;
}

/** Reports about the same area within this long are grouped. */
export const GROUP_WINDOW_MS = 30 * 60 * 1000;

/** A plate as compared: letters and digits only, upper case (`7abc 123`, `7-ABC-123` are one). Null when too short to mean anything. */
export function foldPlate(plate: string | null | undefined): string | null {
  if (!plate) return null;
  const folded = plate
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]/gu, "");
  return folded.length >= 3 ? folded.slice(0, 12) : null;
}

/** The keys of a new report. */
export function similarityKeys(report: { place: string | null; plate: string | null; zoneId?: number | null }): SimilarityKeys {
  return { placeKey: report.place ? placeKey(report.place) || null : null, zoneId: report.zoneId ?? null, plate: foldPlate(report.plate) };
}
