// `npm run demo`: the main job, end to end, against the local emulator with the real Pulumi
// engine. A stack declares the routing of the seeded numbers (examples/basic, stack "dev"), a
// person changes one number in the "dashboard", `pulumi preview` shows the drift, `pulumi up`
// puts the declared routing back, and `pulumi destroy` restores what was there before.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { SEED_IDS, startEmulator } from "../emulator/index";
import { createStack, REPO } from "./harness/engine";
import { dashboardChange } from "./harness/fixtures";
import { exampleConfig } from "./harness/stackConfig";

const NUMBERS = [SEED_IDS.numbers.support, SEED_IDS.numbers.sales, SEED_IDS.numbers.paused];
const NAMES: Record<string, string> = Object.fromEntries([
  ...Object.entries(SEED_IDS.webhooks).map(([k, v]) => [v, `webhook:${k}`]),
  ...Object.entries(SEED_IDS.agents).map(([k, v]) => [v, `agent:${k}`]),
]);

/** The package's wassist-drift bin on the demo's stack, as a CI job runs it. */
function wassistDrift(cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string }> {
  const bin = join(REPO, "bin", "wassist-drift");
  return new Promise((resolve) =>
    // Asynchronously: the emulator answers from this very process.
    execFile(process.execPath, [bin, "--stack", "demo", "--cwd", cwd], { env }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout: `${stdout}${stderr}` }),
    ),
  );
}

function step(text: string): void {
  console.log(`\n== ${text}`);
}

async function main(): Promise<number> {
  const emulator = await startEmulator({ port: 0 });
  const live = (n: string) => {
    const r = emulator.emulator.routingOf(n);
    const target = r.defaultWebhook ?? r.activeAgent;
    return r.defaultRouting === null ? "none" : `${r.defaultRouting} → ${NAMES[target ?? ""] ?? target}`;
  };
  const before = Object.fromEntries(NUMBERS.map((n) => [n, live(n)]));
  console.log(`Wassist emulator on ${emulator.url} (built-in seed; key from stack config as a secret)`);
  step("finding the Pulumi CLI (built from the Go module proxy on first use, then cached)");
  const engine = await createStack({
    directory: join(REPO, "examples", "basic"),
    stackName: "demo",
    config: exampleConfig("basic", emulator),
  });
  const { stack } = engine;
  const drift: string[] = [];
  try {
    step("pulumi up: declare the routing of three numbers (examples/basic, in a temporary stack)");
    const up = await stack.up();
    console.log(`   ${JSON.stringify(up.summary.resourceChanges)}`);
    const desired = Object.fromEntries(NUMBERS.map((n) => [n, live(n)]));

    step(`someone re-routes ${SEED_IDS.numbers.support} in the dashboard (to the Sales Bot)`);
    await dashboardChange(emulator, SEED_IDS.numbers.support, "agent", SEED_IDS.agents.sales);

    step("pulumi preview: the drift shows up");
    const preview = await stack.preview({
      onOutput: (line) => {
        for (const text of line.split("\n")) {
          const message = text.includes("has drifted")
            ? text.slice(text.indexOf("pulumi-wassist:")).trim()
            : "";
          if (message && !drift.includes(message)) drift.push(message);
        }
      },
    });
    console.log(`   ${JSON.stringify(preview.changeSummary)}`);
    for (const line of drift) console.log(`   ${line}`);

    step("wassist-drift: the report a pull request or a scheduled job gets (exit 3: drift)");
    const report = await wassistDrift(join(engine.dir, "program"), { ...process.env, ...engine.env });
    for (const line of report.stdout.trimEnd().split("\n")) console.log(`   ${line}`);
    console.log(`   (exit ${report.code})`);

    step("pulumi up: reconcile");
    const reconcile = await stack.up();
    console.log(`   ${JSON.stringify(reconcile.summary.resourceChanges)}`);
    const afterUp = Object.fromEntries(NUMBERS.map((n) => [n, live(n)]));

    step("pulumi destroy: onDelete restore/retain put back what was there before");
    const destroy = await stack.destroy();
    console.log(`   ${JSON.stringify(destroy.summary.resourceChanges)}`);
    const afterDestroy = Object.fromEntries(NUMBERS.map((n) => [n, live(n)]));

    step("result");
    const rows = [
      ["number", "before", "desired", "live after reconcile", "after destroy"],
      ...NUMBERS.map((n) => [n, before[n], desired[n], afterUp[n], afterDestroy[n]]),
    ];
    const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => String(r[i]).length))) ?? [];
    for (const row of rows)
      console.log(`   ${row.map((cell, i) => String(cell).padEnd(widths[i] ?? 0)).join("  ")}`);

    const ok =
      drift.length === 1 &&
      report.code === 3 &&
      NUMBERS.every((n) => afterUp[n] === desired[n]) &&
      // support and sales are restored; paused has onDelete "retain" and stays as declared (none).
      NUMBERS.every((n) => afterDestroy[n] === before[n]);
    console.log(
      ok
        ? "\ndemo: OK — drift detected, reconciled, and restored on destroy"
        : "\ndemo: FAILED — see the table above",
    );
    return ok ? 0 : 1;
  } finally {
    await engine.cleanup();
    await emulator.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`demo failed: ${(err as Error).message}`);
    process.exit(1);
  },
);
