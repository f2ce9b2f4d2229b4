import { defineConfig } from "vitest/config";

/**
 * The real-Synapse suite, run by tests/synapse/run.sh (`npm run test:synapse`), which starts the
 * sandbox and registers users first; plain `npm test` excludes tests/synapse.
 */
export default defineConfig({
  test: {
    include: ["tests/synapse/**/*.test.ts"],
    pool: "forks",
    // One homeserver: files run one after another.
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 60_000,
    // matrix-js-sdk and its Rust crypto write debug lines (ids, keys) to the console: keep them out.
    onConsoleLog: () => false,
  },
});
