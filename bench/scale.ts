/**
 * How big the benchmarks run. `BENCH_QUICK=1 npm run bench` runs every one at a small scale in
 * well under a minute, to see that they work (its ratios are rougher: fewer sends per limit).
 */
export const QUICK = process.env.BENCH_QUICK === "1";

export const SCALE = {
  /** Chats per platform in the broadcast fan-out. */
  chats: QUICK ? 10 : 50,
  /** Sign-up commands per round of the core benchmark, and rounds (alternating with the bare commits). */
  signups: Number(process.env.BENCH_SIGNUPS ?? (QUICK ? 300 : 2000)),
  rounds: QUICK ? 1 : 3,
  /** Members reached privately in the DM fan-out, over the three platforms. */
  members: QUICK ? 150 : 2000,
  /** Members typing at once on a raid morning. */
  raid: QUICK ? 40 : 200,
} as const;
