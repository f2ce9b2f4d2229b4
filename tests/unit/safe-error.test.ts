import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { Scheduler } from "../../src/core/scheduler.js";
import { safeError } from "../../src/errors.js";
import { createLogger } from "../../src/log.js";
import { startTestApp, type TestApp } from "../support/app.js";

/** A logger like the real one, writing its lines where the test can read them. */
function capturedLogger(): { log: ReturnType<typeof createLogger>; lines: () => string } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { log: createLogger({ destination }), lines: () => chunks.join("") };
}

/** What a member typed, the way a failing job could carry it in an error's message. */
const TYPED = "meet at 41 Elm St, ask for Rosa";

class StoreFailure extends Error {
  override readonly name = "StoreFailure";
  readonly code = "SQLITE_CONSTRAINT";
}

describe("safeError", () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it("keeps an error's name and code, never its message", () => {
    expect(safeError(new StoreFailure(`bad row: ${TYPED}`))).toEqual({ name: "StoreFailure", code: "SQLITE_CONSTRAINT" });
    expect(safeError(new TypeError(TYPED))).toEqual({ name: "TypeError" });
    expect(safeError(TYPED)).toEqual({ name: "string" });
    expect(safeError(null)).toEqual({ name: "object" });
  });

  it("logs a scheduled task that throws by its kind only, without what the member typed, and runs the others", async () => {
    t = await startTestApp();
    const { log, lines } = capturedLogger();
    let ran = 0;
    const jobs = [
      {
        name: "reminders",
        run() {
          throw new StoreFailure(`cannot remind about “${TYPED}”`);
        },
      },
      { name: "purge", run: () => void ran++ },
    ];
    new Scheduler(t.app.store.db, jobs, t.clock, 60_000, log, () => {}).runOnce();
    log.flush();
    const logged = lines();
    expect(logged).toContain('"job":"reminders"');
    expect(logged).toContain('"name":"StoreFailure"');
    expect(logged).toContain('"code":"SQLITE_CONSTRAINT"');
    expect(logged).not.toContain("Elm");
    expect(logged).not.toContain("Rosa");
    expect(ran).toBe(1);
  });
});
