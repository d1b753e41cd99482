import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // dist/ rebuilt when a source is newer (what runs as a user runs it runs the build).
    globalSetup: ["test/globalSetup.ts"],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // Engine tests start the Pulumi CLI; two cores do not gain from running many at once.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
