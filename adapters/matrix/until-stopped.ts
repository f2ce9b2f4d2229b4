import { AdapterError } from "../../src/core/port.js";

/** `work`, or a rejection as soon as `signal` aborts (the adapter stopping during its start). */
export function untilStopped<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  const stopped = () => new AdapterError("TRANSIENT", "matrix: stopped while starting");
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(stopped());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(stopped());
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
