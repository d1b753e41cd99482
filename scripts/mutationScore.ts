// After `stryker run` (npm run mutate): the mutation score of provider/ and of emulator/, from
// Stryker's JSON report, against the targets (85 % and 70 %). Score = mutants detected (killed or
// timed out) / mutants that count (detected, survived, or not covered by any test), as Stryker
// computes it. Writes the scores to reports/mutation-scores.json (committed: CONTRIBUTING.md's
// figures are tested against it; Stryker's own reports are not committed). Exits 1 when a folder
// is under its target.
//   node dist/scripts/mutationScore.js [--report reports/mutation/mutation.json] [--out reports/mutation-scores.json]
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";

const TARGETS: Record<string, number> = { "provider/": 85, "emulator/": 70 };

const reportSchema = z.object({
  files: z.record(z.string(), z.object({ mutants: z.array(z.object({ status: z.string() })) })),
});

export interface FolderScore {
  folder: string;
  detected: number;
  survived: number;
  noCoverage: number;
  score: number;
  target: number;
}

export function scores(report: unknown): FolderScore[] {
  const { files } = reportSchema.parse(report);
  return Object.entries(TARGETS).map(([folder, target]) => {
    const statuses = Object.entries(files)
      .filter(([path]) => path.replace(/\\/g, "/").startsWith(folder))
      .flatMap(([, file]) => file.mutants.map((m) => m.status));
    const count = (...wanted: string[]) => statuses.filter((s) => wanted.includes(s)).length;
    const detected = count("Killed", "Timeout");
    const survived = count("Survived");
    const noCoverage = count("NoCoverage");
    const valid = detected + survived + noCoverage;
    return {
      folder,
      detected,
      survived,
      noCoverage,
      score: valid === 0 ? 0 : (100 * detected) / valid,
      target,
    };
  });
}

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      report: { type: "string", default: "reports/mutation/mutation.json" },
      out: { type: "string", default: "reports/mutation-scores.json" },
    },
  });
  const rows = scores(JSON.parse(readFileSync(values.report, "utf8")));
  writeFileSync(values.out, `${JSON.stringify(rows, null, 2)}\n`);
  for (const r of rows) {
    console.log(
      `${r.folder.padEnd(10)} mutation score ${r.score.toFixed(1)} % (target ${r.target} %): ${r.detected} detected, ${r.survived} survived, ${r.noCoverage} not covered`,
    );
  }
  process.exitCode = rows.every((r) => r.score >= r.target) ? 0 : 1;
}
