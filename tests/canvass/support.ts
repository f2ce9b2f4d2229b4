import { CanvassStore } from "../../src/canvass/store.js";
import { startTestApp, type TestApp } from "../support/app.js";

export const HOUR = 3_600_000;
/** A valid SHA-256 hex digest (of the empty file). */
export const HASH = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/**
 * A network "Eastside" in group `main` (not encrypted), run by Lena (admin and lead) in
 * America/Chicago, with members Ana and Ben known to it, and canvass #1 with blocks B1-B3.
 */
export async function canvassNetwork(opts: { blocks?: boolean } = {}): Promise<TestApp> {
  const t = await startTestApp();
  await t.say("main", "Lena", "/network create Eastside");
  await t.say("main", "Lena", "/network tz America/Chicago");
  await t.say("main", "Lena", "/role grant Lena lead");
  await t.say("main", "Ana", "/shifts");
  await t.say("main", "Ben", "/shifts");
  await t.say("main", "Lena", '/canvass new "Elm raid" "Elm & 5th" deadline=72h');
  if (opts.blocks ?? true) {
    await t.say("main", "Lena", '/canvass blocks 1 B1 "Maple Rd 100-200" B2 "Cedar Ln 1-99" B3 "Oak Ave 300-400"');
  }
  return t;
}

/** The store of a test app, for assertions on what is stored. */
export function canvassStore(t: TestApp): CanvassStore {
  return new CanvassStore(t.app.store.db);
}
