import type { Lang } from "../i18n/catalog.js";
import { foldWord } from "./grammar.js";
import type { AnyCommand, Registry } from "./registry.js";

/**
 * "Did you mean…?" for a mistyped command word: the registry's word nearest to what was typed, in
 * either language, by edit distance with swapped neighbours counting as one edit (`shfit` → `shift`).
 */

/** How many edits a typed word may be from a command word and still be taken for it. */
function allowedEdits(length: number): number {
  if (length <= 3) return 0;
  if (length <= 6) return 1;
  return 2;
}

/** Edits between `a` and `b`: insert, delete, replace, or swap two neighbours (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) => Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[x.length]![y.length]!;
}

/** Whether rank `a` comes before rank `b`, element by element. */
function before(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}

/** A command word the registry knows, with the command it starts and whether it is a Spanish word. */
interface Candidate {
  word: string;
  folded: string;
  spec: AnyCommand;
  es: boolean;
}

function candidates(registry: Registry): Candidate[] {
  const out: Candidate[] = [];
  for (const spec of registry.all) {
    const add = (word: string | undefined, es: boolean) => {
      if (word && !out.some((c) => c.word === word)) out.push({ word, folded: foldWord(word), spec, es });
    };
    add(spec.words[0], false);
    add(spec.esWords?.[0], true);
    for (const alias of spec.aliases ?? []) add(alias[0], false);
    for (const alias of spec.esAliases ?? []) add(alias[0], true);
  }
  return out;
}

/**
 * The command word nearest to `typed`, as it should be shown (`shift`, `turnos`), or null when none
 * is close enough. Ties go to a word of the reader's language, then to the first in help order.
 * `usable` leaves out commands the reader may not run here, so the hint never points at a refusal.
 */
export function suggestCommand(registry: Registry, typed: string, lang: Lang, usable: (spec: AnyCommand) => boolean = () => true): string | null {
  const folded = foldWord(typed);
  const limit = allowedEdits([...folded].length);
  if (limit === 0) return null;
  // Compared in order: fewer edits, the reader's language, the typed length (a swap is the likeliest slip).
  let best: { word: string; rank: [number, number, number] } | null = null;
  for (const c of candidates(registry)) {
    if (!usable(c.spec)) continue;
    const distance = editDistance(folded, c.folded);
    if (distance === 0 || distance > limit) continue;
    const rank: [number, number, number] = [distance, c.es === (lang === "es") ? 0 : 1, c.folded.length === folded.length ? 0 : 1];
    if (!best || before(rank, best.rank)) best = { word: c.word, rank };
  }
  return best?.word ?? null;
}
