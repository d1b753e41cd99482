// The per-folder mutation score `npm run mutate` prints, from Stryker's JSON report.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { type FolderScore, scores } from "../scripts/mutationScore";

const ROOT = join(__dirname, "..");
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

test("CONTRIBUTING.md's scores are those of the committed summary of the last run", () => {
  const rows: FolderScore[] = JSON.parse(readFileSync(join(ROOT, "reports/mutation-scores.json"), "utf8"));
  expect(rows.map((r) => r.folder)).toEqual(["provider/", "emulator/"]);
  const contributing = readFileSync(join(ROOT, "CONTRIBUTING.md"), "utf8");
  const n = (value: number) => value.toLocaleString("en-US");
  for (const s of rows) {
    expect(contributing).toContain(`| \`${s.folder}\` | ${s.target} % |`);
    expect(contributing).toContain(
      `**${s.score.toFixed(1)} %** (${n(s.detected)} detected, ${n(s.survived)} survived, ${n(s.noCoverage)} not covered)`,
    );
  }
});
