// The GitOps templates of examples/gitops/ci, as CI runs them: each job's shell steps, read from
// the GitHub Actions workflow and the GitLab CI file, run as written in the example's project
// (set-up steps — checkout, Node.js, the Pulumi CLI, `npm ci` — are the runner's and are checked
// to be there); and the workflow passes actionlint, which also fails a broken copy.
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test, vi } from "vitest";
import { parse } from "yaml";
import { SEED_IDS } from "../../emulator/index";
import { dashboardChange, useStacks } from "../../scripts/harness/e2e";
import { routed, useEmulator } from "../../scripts/harness/emulator";
import { REPO } from "../../scripts/harness/engine";
import { ensureActionlint } from "../../scripts/harness/go";
import { exampleConfig } from "../../scripts/harness/stackConfig";

vi.setConfig({ testTimeout: 300_000 });

const emu = useEmulator({ per: "file" });
const stacks = useStacks();
const { numbers, webhooks, agents } = SEED_IDS;
const CI = join(REPO, "examples", "gitops", "ci");
const WORKFLOW = join(CI, "github-actions.yml");

type GithubStep = { uses?: string; run?: string };
const github = parse(readFileSync(WORKFLOW, "utf8")) as {
  env: Record<string, string>;
  jobs: Record<
    string,
    { steps: GithubStep[]; concurrency?: { group: string; "cancel-in-progress": boolean } }
  >;
};
const gitlab = parse(readFileSync(join(CI, "gitlab-ci.yml"), "utf8")) as Record<string, unknown> & {
  variables: Record<string, string>;
  default: { before_script: string[] };
};

/** A job's shell steps after set-up: GitHub's `run:` steps but `npm ci`, GitLab's `script`. */
const githubSteps = (job: string) =>
  (github.jobs[job]?.steps ?? []).flatMap((s) => (s.run && s.run !== "npm ci" ? [s.run] : []));
const gitlabSteps = (job: string) => (gitlab[job] as { script: string[] }).script;

const scratch = mkdtempSync(join(tmpdir(), "wassist-gitops-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test("every job sets up Node.js, the Pulumi CLI and the project's dependencies before its steps", () => {
  for (const job of ["review", "drift", "up"]) {
    const uses = (github.jobs[job]?.steps ?? []).flatMap((s) => (s.uses ? [s.uses] : []));
    expect(uses.slice(0, 3)).toEqual(["actions/checkout@v6", "actions/setup-node@v6", "pulumi/actions@v6"]);
    expect(github.jobs[job]?.steps.map((s) => s.run)).toContain("npm ci");
  }
  expect(github.jobs.up?.concurrency).toEqual({ group: "wassist-up-prod", "cancel-in-progress": false });
  expect(gitlab.default.before_script).toContain("npm ci");
  expect((gitlab.up as { resource_group: string }).resource_group).toBe("wassist-prod");
  expect(github.env.STACK).toBe("prod");
  expect(gitlab.variables.STACK).toBe("prod");
});

test("GitLab's jobs run the very steps of GitHub's (so the scenario below runs both)", () => {
  for (const job of ["review", "drift", "up"]) {
    expect(gitlabSteps(job)).toEqual(githubSteps(job));
    expect(githubSteps(job)).toHaveLength(1);
  }
});

{
  const ci = { stack: github.env.STACK as string, steps: githubSteps };
  test("up on merge, the review report, the drift job failing on dashboard drift", async () => {
    const current = await stacks.create({
      directory: join(REPO, "examples", "gitops"),
      stackName: ci.stack,
      config: exampleConfig("gitops", emu.current),
    });
    const project = join(current.dir, "program");
    const summary = join(mkdtempSync(join(scratch, "summary-")), "summary.md");
    /** Runs one job's shell steps in order; the exit status of the first failing one, or 0. */
    const job = async (name: string) => {
      for (const step of ci.steps(name)) {
        const code = await new Promise<number>((resolve) =>
          // Asynchronously: the emulator answers from this very process.
          execFile(
            "bash",
            ["-c", step],
            {
              cwd: project,
              env: { ...process.env, ...current.env, STACK: ci.stack, GITHUB_STEP_SUMMARY: summary },
              timeout: 240_000,
            },
            (err) => resolve(err ? Number((err as { code?: number }).code ?? -1) : 0),
          ),
        );
        if (code !== 0) return code;
      }
      return 0;
    };
    const report = () => readFileSync(join(project, "wassist-report.md"), "utf8");

    expect(await job("up")).toBe(0);
    expect(emu.current.emulator.routingOf(numbers.sales)).toEqual(routed.agent(agents.sales));
    expect(await job("review")).toBe(0);
    expect(report()).toContain("stack prod is in sync");
    expect(await job("drift")).toBe(0);

    await dashboardChange(emu.current, numbers.sales, "webhook", webhooks.crm);
    // The review passes (the report is its point); the drift job fails with exit 3.
    expect(await job("review")).toBe(0);
    expect(report()).toContain(
      '| sales | 447700900200 | webhook "CRM intake" | agent "Sales Bot" | agent "Sales Bot" | route it to agent "Sales Bot" |',
    );
    expect(JSON.parse(readFileSync(join(project, "wassist-report.json"), "utf8"))).toMatchObject({
      status: "drift",
      exitCode: 3,
    });
    expect(await job("drift")).toBe(3);
    expect(readFileSync(summary, "utf8")).toContain("drift");

    // The next merge's up puts the code's routing back; the drift job passes again.
    expect(await job("up")).toBe(0);
    expect(emu.current.emulator.routingOf(numbers.sales)).toEqual(routed.agent(agents.sales));
    expect(await job("drift")).toBe(0);

    // A check that cannot run fails the review step too (exit 1), rather than passing silently.
    await current.stack.setConfig("wassist:apiKey", { value: "wsk_revoked_0000000000", secret: true });
    expect(await job("review")).toBe(1);
  });
}

test("the GitHub workflow passes actionlint, which fails a broken copy", () => {
  const actionlint = ensureActionlint();
  const lint = (file: string) => {
    try {
      return { code: 0, out: execFileSync(actionlint, ["-no-color", file], { encoding: "utf8" }) };
    } catch (err) {
      const e = err as { status: number; stdout: string };
      return { code: e.status, out: e.stdout };
    }
  };
  expect(lint(WORKFLOW)).toEqual({ code: 0, out: "" });
  const broken = join(scratch, "broken.yml");
  writeFileSync(
    broken,
    readFileSync(WORKFLOW, "utf8").replace(
      "if: github.event_name == 'push'",
      "if: github.event_nmae == 'push'",
    ),
  );
  const result = lint(broken);
  expect(result.code).toBe(1);
  expect(result.out).toContain('property "event_nmae" is not defined');
});
