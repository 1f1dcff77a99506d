import { defineConfig } from "vitest/config";

// Two projects: fast pure tests, and integration tests that cross a real Docker engine, a real
// Redis and real network namespaces. Integration files run one at a time: they share one engine
// and one Redis, and the kernel's routing tables are global to the host.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["{libs,apps}/*/test/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "**/node_modules/**"],
        },
      },
      {
        test: {
          name: "integration",
          include: ["{libs,apps}/*/test/**/*.int.test.ts", "test/**/*.int.test.ts"],
          exclude: ["**/node_modules/**"],
          globalSetup: ["test/harness/global-setup.ts"],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
