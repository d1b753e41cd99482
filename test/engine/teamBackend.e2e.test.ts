// A team backend for real: a throwaway PostgreSQL 15 server, Pulumi's postgres:// DIY backend, and
// two CI runners (two checkouts of examples/gitops) on one stack. The login block of
// docs/recipes.md runs as written; two previews and two wassist-drift runs at once succeed; a
// second `up` while one runs fails at once with Pulumi's lock message and changes nothing; the
// first `up` completes and every number ends as declared.
import { execFile, execFileSync } from "node:child_process";
import { copyFileSync, cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type EngineEvent, LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { SEED_IDS } from "../../emulator/index";
import { readmeBlocks } from "../../scripts/harness/consumer";
import { dashboardChange } from "../../scripts/harness/e2e";
import { routed, useEmulator } from "../../scripts/harness/emulator";
import { engineEnv, linkModules, pulumiCommand, REPO } from "../../scripts/harness/engine";
import { type Postgres, startPostgres } from "../../scripts/harness/postgres";
import { exampleConfig } from "../../scripts/harness/stackConfig";

vi.setConfig({ testTimeout: 400_000, hookTimeout: 120_000 });

const emu = useEmulator({ per: "file" });
const { numbers, webhooks, agents } = SEED_IDS;
const DOC_URL = "postgres://pulumi:SECRET@db.example.internal:5432/pulumi?sslmode=require";
const [login] =
  readmeBlocks("A team backend: state without Pulumi Cloud", join(REPO, "docs", "recipes.md")).sh ?? [];

let pg: Postgres;
let base = "";
beforeAll(async () => {
  pg = await startPostgres();
  base = mkdtempSync(join(tmpdir(), "wassist-team-backend-"));
});
afterAll(() => {
  pg?.stop();
  rmSync(base, { recursive: true, force: true });
});

/** A CI runner: its own checkout of the project, its own Pulumi home, the shared backend. */
async function runner(name: string) {
  const { cli } = await pulumiCommand();
  const dir = join(base, name);
  const source = join(REPO, "examples", "gitops");
  cpSync(source, dir, { recursive: true, filter: (src) => !src.includes("node_modules") });
  linkModules(dir);
  const env = {
    ...engineEnv(base, cli),
    PULUMI_HOME: join(base, `${name}-home`),
    PULUMI_BACKEND_URL: pg.url,
    PULUMI_CONFIG_PASSPHRASE: "the-team-passphrase",
  };
  return { dir, env };
}

function bash(script: string, cwd: string, env: Record<string, string>) {
  return execFileSync("bash", ["-euo", "pipefail", "-c", script], {
    cwd,
    env: { ...process.env, ...env },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function wassistDrift(r: {
  dir: string;
  env: Record<string, string>;
}): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) =>
    // Asynchronously: the emulator answers from this very process.
    execFile(
      process.execPath,
      [join(REPO, "bin", "wassist-drift"), "--stack", "prod", "--cwd", r.dir],
      { env: { ...process.env, ...r.env }, timeout: 200_000 },
      (err, stdout) => resolve({ code: err ? Number((err as { code?: number }).code ?? -1) : 0, stdout }),
    ),
  );
}

test("two runners on one postgres:// stack: concurrent previews and drift checks, a second up refused by the lock", async () => {
  expect(login).toContain(DOC_URL);
  const [a, b] = [await runner("runner-a"), await runner("runner-b")];
  const { cmd } = await pulumiCommand();

  // The docs' block, as written, with the throwaway server's URL.
  const { PULUMI_BACKEND_URL: _url, ...withoutUrl } = a.env;
  bash((login as string).replace(DOC_URL, pg.url), a.dir, withoutUrl);
  const open = async (r: { dir: string; env: Record<string, string> }): Promise<Stack> =>
    LocalWorkspace.selectStack({ stackName: "prod", workDir: r.dir }, { pulumiCommand: cmd, envVars: r.env });
  const stackA = await open(a);
  await stackA.setAllConfig(exampleConfig("gitops", emu.current));
  // Both runners check out the same commit: the stack's config file is the same file.
  copyFileSync(join(a.dir, "Pulumi.prod.yaml"), join(b.dir, "Pulumi.prod.yaml"));
  const stackB = await open(b);
  expect(bash("pulumi stack ls --json", b.dir, b.env)).toContain('"name": "prod"');

  expect((await stackA.up()).summary.resourceChanges).toEqual({ create: 4 });

  // Reviews take no lock: two previews and two wassist-drift runs at once, from both runners.
  const [previewA, previewB, driftA, driftB] = await Promise.all([
    stackA.preview(),
    stackB.preview(),
    wassistDrift(a),
    wassistDrift(b),
  ]);
  expect(previewA.changeSummary).toEqual({ same: 4 });
  expect(previewB.changeSummary).toEqual({ same: 4 });
  expect([driftA.code, driftB.code]).toEqual([0, 0]);

  // Someone re-routes sales in the dashboard; the next merge's up puts it back, slowly (the write
  // waits 25 s), and a second up from the other runner arrives meanwhile.
  await dashboardChange(emu.current, numbers.sales, "webhook", webhooks.crm);
  emu.current.emulator.clearRequests();
  emu.current.emulator.addFault({
    method: "POST",
    path: "/api/v1/phone-numbers/{number}/connect-agent/",
    script: [{ delayMs: 25_000 }],
  });
  let firstDone = false;
  let updating: () => void = () => undefined;
  const started = new Promise<void>((resolve) => {
    updating = resolve;
  });
  const first = stackA
    .up({
      onEvent: (event: EngineEvent) => {
        if (event.resourcePreEvent?.metadata.op === "update") updating();
      },
    })
    .finally(() => {
      firstDone = true;
    });
  await started;
  const second = await stackB.up().then(
    () => "succeeded",
    (err: Error) => err.message,
  );
  expect(firstDone).toBe(false);
  expect(second).toContain("the stack is currently locked by 1 lock(s)");

  expect((await first).summary.resourceChanges).toEqual({ same: 3, update: 1 });
  expect(emu.current.emulator.routingOf(numbers.sales)).toEqual(routed.agent(agents.sales));
  expect(emu.current.emulator.routingOf(numbers.support)).toEqual(routed.webhook(webhooks.zendesk));
  // One write in all: the first up's. The refused up wrote nothing.
  expect(
    emu.current.emulator
      .requests()
      .log.filter((r) => r.method === "POST")
      .map((r) => r.path),
  ).toEqual([`/api/v1/phone-numbers/${numbers.sales}/connect-agent/`]);
  // The lock is gone with the first up: the other runner sees the stack in sync.
  expect((await wassistDrift(b)).code).toBe(0);
  await stackB.destroy();
});
