import { defineConfig } from "vitest/config";

// Two projects: fast pure tests, and integration tests that each create a throwaway
// PostgreSQL database (and use Redis) on 127.0.0.1.
//
// Timeouts are safety nets against a hang, never a speed requirement: a machine whose cores are all busy with
// other work runs every test several times slower, and must still pass.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          testTimeout: 60_000,
          hookTimeout: 60_000,
          sequence: { groupOrder: 0 },
          include: ["packages/*/src/**/*.test.ts", "apps/*/src/**/*.test.ts", "deploy/**/*.test.ts", "bench/src/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "**/node_modules/**"],
        },
      },
      {
        test: {
          name: "integration",
          include: ["packages/*/src/**/*.int.test.ts", "apps/*/src/**/*.int.test.ts", "apps/*/test/**/*.int.test.ts"],
          exclude: ["**/node_modules/**"],
          testTimeout: 600_000,
          hookTimeout: 600_000,
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
          testTimeout: 900_000,
          hookTimeout: 900_000,
          maxWorkers: 1,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
