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
  let best: { word: string; distance: number; ownLang: boolean } | null = null;
  for (const c of candidates(registry)) {
    if (!usable(c.spec)) continue;
    const distance = editDistance(folded, c.folded);
    if (distance === 0 || distance > limit) continue;
    const ownLang = c.es === (lang === "es");
    if (!best || distance < best.distance || (distance === best.distance && ownLang && !best.ownLang)) {
      best = { word: c.word, distance, ownLang };
    }
  }
  return best?.word ?? null;
}
