// The suites `npm run mutate` runs against each mutant: the unit and integration tests, which
// import the sources. Not the engine, consumer and recipe suites (they run the built package in
// other processes, where a mutant of the sources is not active), nor the packaging checks.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: [
      "test/engine/**",
      "test/consumer/**",
      "test/recipes.test.ts",
      "test/package.test.ts",
      "test/pulumiCli.test.ts",
      // Runs the Pulumi CLI's code generators in other processes (the schema itself is pinned by
      // test/plugin/main.test.ts's snapshot, which runs in this process).
      "test/sdk.test.ts",
      // Serializes provider code with Pulumi's closure serializer, which Stryker's instrumentation breaks.
      "test/dynamic/shim.test.ts",
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
