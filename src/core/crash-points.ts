/**
 * Named places where a crash test can make the process die as `kill -9` would, to prove that a crash
 * anywhere loses nothing and runs nothing twice. Inert unless the environment variable
 * `PORCHLIGHT_TEST_CRASH_AT=<point>:<n>` is set when the process starts: then the n-th time (from 1)
 * the process reaches `<point>`, it sends itself SIGKILL. Nothing is flushed or closed on the way:
 * what is committed is what the disk has.
 */

/** Every crash point, where it sits, in order of a command's life. */
export const CRASH_POINTS = {
  /** Inside the event's transaction, after the command ran, before commit. */
  "before-commit": "the command ran, nothing is committed",
  /** After the command's commit (effect, seen event, replies queued), before any reply is sent. */
  "after-commit": "committed; no reply sent, the platform not yet told the update was handled",
  /** A queued row was marked `sending` and committed; its request has not left. */
  "after-mark-sending": "rows marked sending, no request made",
  /** Just before a message's request leaves. */
  "before-send": "a request is about to leave",
  /** The platform answered a send; the outcome is not yet recorded. */
  "after-send": "sent, not recorded",
  /** Send outcomes were committed. */
  "after-record": "sent and recorded",
} as const;

export type CrashPoint = keyof typeof CRASH_POINTS;

function parse(value: string | undefined): { point: string; n: number } | null {
  const m = /^([a-z-]+):(\d+)$/.exec(value ?? "");
  return m ? { point: m[1]!, n: Number(m[2]) } : null;
}

const armed = parse(process.env.PORCHLIGHT_TEST_CRASH_AT);
let reached = 0;

/** Die here if a crash test armed this point for this passage; otherwise nothing. */
export function crashPoint(point: CrashPoint): void {
  if (armed === null || armed.point !== point) return;
  reached++;
  if (reached === armed.n) process.kill(process.pid, "SIGKILL");
}
