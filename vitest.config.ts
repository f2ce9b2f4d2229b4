import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/synapse/**", "node_modules/**"],
    pool: "forks",
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Two cores here: more workers only thrash.
    maxWorkers: 2,
  },
});
