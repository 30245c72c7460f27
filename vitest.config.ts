import { defineConfig } from "vitest/config";

// Two projects: fast pure tests, and integration tests that each create a throwaway
// PostgreSQL database (and use Redis) on 127.0.0.1.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          sequence: { groupOrder: 0 },
          include: ["packages/*/src/**/*.test.ts", "apps/*/src/**/*.test.ts", "deploy/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "**/node_modules/**"],
        },
      },
      {
        test: {
          name: "integration",
          include: ["packages/*/src/**/*.int.test.ts", "apps/*/src/**/*.int.test.ts", "apps/*/test/**/*.int.test.ts"],
          exclude: ["**/node_modules/**"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          maxWorkers: 2,
          // Runs after the unit project; a different worker count needs its own group.
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          // Several server processes per file: run these one file at a time, after everything else.
          name: "cluster",
          include: ["e2e/cluster/**/*.int.test.ts"],
          exclude: ["**/node_modules/**"],
          testTimeout: 240_000,
          hookTimeout: 240_000,
          maxWorkers: 1,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
