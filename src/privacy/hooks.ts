import type { Database } from "better-sqlite3-multiple-ciphers";
import type { Config } from "../config/schema.js";
import type { CommandContext } from "../core/context.js";
import type { MessageKey } from "../core/i18n/catalog.js";
import type { Person } from "../core/people.js";

/**
 * What each job keeps about a person, and how to forget it: the registry `/privacy` and `/forgetme`
 * are built on. A job registers one hook; the hooks never see message text, only stored records.
 */

/** A message key rendered with a count: its text is `{count, plural, …}` ICU MessageFormat. */
export type CountedKey = MessageKey;

/** The retention settings hooks read to say how long they keep things. */
export type RetentionSettings = Config["retention"];

/** One kind of record a job keeps about people, and how long it is kept. */
export interface PersonalDataKind {
  /** Stable id within the hook, e.g. `signups`. */
  id: string;
  /** Plural message: "{count} shift sign-ups". */
  label: CountedKey;
  /** How long it is kept, e.g. "deleted {days} days after the shift ends". */
  kept: MessageKey;
  /** The `{days}` of `kept`, from the retention settings, where the period is configurable. */
  keptDays?: (retention: RetentionSettings) => number;
}

/** Counts per kind id; kinds with nothing stored may be left out. */
export type KindCounts = Record<string, number>;

/** A job's personal-data hook. */
export interface PersonalDataHook {
  /** The job, e.g. `shifts`, `core`. */
  id: string;
  kinds: readonly PersonalDataKind[];
  /** How many records of each kind the job holds about this person, in every network. */
  count(db: Database, person: Person): KindCounts;
  /**
   * Remove everything the job holds about the person, in every network; where a record must stay
   * (a custody chain, an audit entry, a shift others are on), keep it without anything that points
   * to them. Runs inside the `/forgetme` transaction; returns what was removed or anonymised, per
   * kind. It may tell others through `ctx` (a place opened on a shift), never in the person's name.
   */
  forget(ctx: CommandContext, person: Person): KindCounts;
}

/** Add up per-kind counts of one hook; zero when nothing is stored. */
export function total(counts: KindCounts): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}
