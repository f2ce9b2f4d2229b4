/**
 * Abuse limits: how many of something one person (or one chat) may do within a window, on the
 * injected Clock, so tests and the console's moved clock see the same answers as production.
 *
 * Counts live in memory, as a sliding log of times per subject, and that is deliberate: a table of
 * who filed a report when would keep on disk the very link from reporter to report that the
 * need-to-know rule deletes, for whoever seizes the server. The windows are short (a minute, an
 * hour), so a restart forgets at most one window's worth; and a restart needs the operator, not a
 * member. Network creation, counted over a day, is read from where it is already kept: the audit
 * log records who created which network (see `stored`), so that limit survives restarts.
 */

import type { LimitDefault, LimitsConfig } from "../config/schema.js";
import { type Lang, tn } from "./i18n/catalog.js";

/** The limits, as configured (`limits:` in the configuration): the core's and each job's. */
export type LimitSettings = LimitsConfig;

/**
 * What can be limited: the core's here, a job's added by declaration merging
 * (`declare module "../core/limits.js" { interface LimitNames { reports: true } }`).
 */
export interface LimitNames {
  /** Commands one person may send per minute. */
  commands: true;
  /** Commands one chat may send per minute, all its people together. */
  chatCommands: true;
  /** Networks one person may create per day. */
  networks: true;
}

/** What can be limited. */
export type LimitName = keyof LimitNames;

/**
 * One limit: its name in code, its key under `limits:` and its window. A job lists its own in its
 * descriptor's `settings.limits`; a refusal is worded by the message `limit.<name>`.
 */
export interface LimitSpec extends LimitDefault {
  name: LimitName;
  windowMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The core's limits. */
const CORE_LIMITS: readonly LimitSpec[] = [
  { name: "commands", key: "commandsPerMinute", max: 30, windowMs: MINUTE },
  { name: "chatCommands", key: "commandsPerChatPerMinute", max: 200, windowMs: MINUTE },
  { name: "networks", key: "networksPerDay", max: 2, windowMs: DAY },
];

/** The answer to "may this subject do one more?". */
export interface LimitCheck {
  /** 0 when allowed; else how long until one more is, in ms. */
  waitMs: number;
  /** The most allowed per window. */
  max: number;
  /** True for the first refusal since the subject was last allowed: tell them once, not at every try. */
  firstRefusal: boolean;
}

/** Times of earlier events kept elsewhere (the audit log), newest window only, for limits that must survive restarts. */
export type StoredHits = (subject: string, since: number) => number[];

/** How often (in recorded events) forgotten subjects are swept out of memory. */
const SWEEP_EVERY = 1000;

/** The limits of one running bot. */
export class Limits {
  private readonly hits = new Map<string, number[]>();
  private readonly refused = new Set<string>();
  private recorded = 0;

  private readonly specs: ReadonlyMap<string, LimitSpec>;

  /** `jobLimits`: the limits the listed jobs add (their descriptors' `settings.limits`). */
  constructor(
    private readonly settings: LimitSettings,
    private readonly stored: Partial<Record<LimitName, StoredHits>> = {},
    jobLimits: readonly LimitSpec[] = [],
  ) {
    this.specs = new Map([...CORE_LIMITS, ...jobLimits].map((spec) => [spec.name, spec]));
  }

  /** How many `name` the configuration allows per window, and the window. */
  private specOf(name: LimitName): { max: number; windowMs: number } {
    const spec = this.specs.get(name);
    if (!spec) throw new Error(`limit "${name}" is not declared by the core or a listed job`);
    return { max: (this.settings as unknown as Readonly<Record<string, number>>)[spec.key] ?? spec.max, windowMs: spec.windowMs };
  }

  /** Whether `subject` may do one more `name` at `now`; records nothing. */
  check(name: LimitName, subject: string, now: number): LimitCheck {
    const { max, windowMs } = this.specOf(name);
    const since = now - windowMs;
    const times = this.timesOf(name, subject, since);
    const key = `${name}|${subject}`;
    if (times.length < max) {
      this.refused.delete(key);
      return { waitMs: 0, max, firstRefusal: false };
    }
    // One more is allowed when the oldest counted event leaves the window.
    const waitMs = times[times.length - max]! + windowMs - now;
    const firstRefusal = !this.refused.has(key);
    this.refused.add(key);
    return { waitMs: Math.max(1, waitMs), max, firstRefusal };
  }

  /** Count one `name` by `subject` at `now` (limits read from `stored` count themselves). */
  record(name: LimitName, subject: string, now: number): void {
    if (this.stored[name]) return;
    const key = `${name}|${subject}`;
    const since = now - this.specOf(name).windowMs;
    const times = (this.hits.get(key) ?? []).filter((t) => t > since);
    times.push(now);
    this.hits.set(key, times);
    if (++this.recorded % SWEEP_EVERY === 0) this.sweep(now);
  }

  /** Check and, when allowed, record: the usual way for counts that are not confirmed later. */
  take(name: LimitName, subject: string, now: number): LimitCheck {
    const result = this.check(name, subject, now);
    if (result.waitMs === 0) this.record(name, subject, now);
    return result;
  }

  private timesOf(name: LimitName, subject: string, since: number): number[] {
    const stored = this.stored[name];
    if (stored) return stored(subject, since).sort((a, b) => a - b);
    return (this.hits.get(`${name}|${subject}`) ?? []).filter((t) => t > since);
  }

  /** Forget subjects with nothing left in their window, so memory stays bounded. */
  private sweep(now: number): void {
    for (const [key, times] of this.hits) {
      const name = key.slice(0, key.indexOf("|")) as LimitName;
      if (times.every((t) => t <= now - this.specOf(name).windowMs)) {
        this.hits.delete(key);
        this.refused.delete(key);
      }
    }
  }
}

/** "40 seconds", "3 minutes", "2 hours": a wait in words, rounded up to the unit that reads best. */
export function describeWait(lang: Lang, ms: number): string {
  if (ms < MINUTE) return tn(lang, "limit.wait.seconds", Math.max(1, Math.ceil(ms / 1000)));
  if (ms < HOUR) return tn(lang, "limit.wait.minutes", Math.ceil(ms / MINUTE));
  return tn(lang, "limit.wait.hours", Math.ceil(ms / HOUR));
}
