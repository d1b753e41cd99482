// The per-folder mutation score `npm run mutate` prints, from Stryker's JSON report.
import { expect, test } from "vitest";
import { scores } from "../scripts/mutationScore";

const mutants = (...statuses: string[]) => ({ mutants: statuses.map((status) => ({ status })) });

test("detected / (detected + survived + not covered), per folder; ignored and invalid mutants do not count", () => {
  const report = {
    files: {
      "provider/wassist/client.ts": mutants("Killed", "Killed", "Timeout", "Survived"),
      "provider/inputs.ts": mutants("Killed", "NoCoverage", "Ignored", "CompileError"),
      "emulator/store.ts": mutants("Killed", "Survived"),
      "scripts/bench.ts": mutants("Survived"),
    },
  };
  expect(scores(report)).toEqual([
    { folder: "provider/", detected: 4, survived: 1, noCoverage: 1, score: (100 * 4) / 6, target: 85 },
    { folder: "emulator/", detected: 1, survived: 1, noCoverage: 0, score: 50, target: 70 },
  ]);
});
