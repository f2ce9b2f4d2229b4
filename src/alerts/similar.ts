import { placeKey } from "./place.js";

/**
 * What makes two reports "the same incident" for grouping, as corroboration for verifiers (never
 * as confirmation): the same area within GROUP_WINDOW_MS, or the same vehicle plate while the
 * first is pending. The area is the report's place for now; where a network defines zones, the
 * zone is compared here instead (`area` is the one seam to change).
 */
export interface SimilarityKeys {
  /** The area compared within the window: today the folded place. */
  placeKey: string | null;
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
export function similarityKeys(report: { place: string | null; plate: string | null }): SimilarityKeys {
  return { placeKey: report.place ? placeKey(report.place) || null : null, plate: foldPlate(report.plate) };
}
