import { afterEach } from "vitest";
import { tempDir } from "./app.js";

/**
 * Temp folders for the tests of one `describe` block, each removed after the test that made it.
 * Call inside the block: `folder()` makes one; `onCleanup` adds anything else to remove.
 */
export function useTempFolders(prefix?: string): { folder: () => string; onCleanup: (cleanup: () => void) => void } {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });
  return {
    folder: () => {
      const d = tempDir(prefix);
      cleanups.push(d.cleanup);
      return d.dir;
    },
    onCleanup: (cleanup) => void cleanups.push(cleanup),
  };
}
