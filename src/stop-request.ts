/**
 * The process's one request to stop: the first SIGINT or SIGTERM. A service manager sends one
 * SIGTERM and then kills; every later step of a stop (a start cut short, the flush, the database
 * close) follows from this one signal.
 */

/** Listened for by `porchlight start` and `porchlight console`. */
export interface StopRequest {
  /** Aborted at the first SIGINT or SIGTERM. */
  readonly signal: AbortSignal;
  /** Resolves at the first SIGINT or SIGTERM. */
  readonly requested: Promise<void>;
}

const SIGNALS = ["SIGINT", "SIGTERM"] as const;

/**
 * Listen for SIGINT and SIGTERM from now on. The listeners stay (`on`, not `once`): a second signal
 * during the stop must not fall through to Node's default action, which kills the process with the
 * database open. The stop itself is bounded, so a second signal is not needed to end it.
 */
export function listenForStop(onRepeat?: (signal: NodeJS.Signals) => void): StopRequest {
  const controller = new AbortController();
  let resolve!: () => void;
  const requested = new Promise<void>((r) => {
    resolve = r;
  });
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      onRepeat?.(signal);
      return;
    }
    controller.abort();
    resolve();
  };
  for (const name of SIGNALS) process.on(name, onSignal);
  return { signal: controller.signal, requested };
}
