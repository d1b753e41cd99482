// GitOps where users are: the packed package installed into a new project outside the repository
// (with @pulumi/policy from the registry), the GitOps program and the CI templates' two steps
// copied in as a team copies them. The steps run the installed wassist-drift (exit 0 in sync, 3 on
// dashboard drift, the report's row), and the installed policy pack refuses a production stack's
// violations through the real CLI; the key is in no output.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test, vi } from "vitest";
import { SEED_IDS } from "../../emulator/index";
import { DEMO_KEY, newProject, ok, readmeBlocks, run, useProjects } from "../../scripts/harness/consumer";
import { REPO } from "../../scripts/harness/engine";

vi.setConfig({ testTimeout: 600_000 });

const { numbers, webhooks } = SEED_IDS;
const { add, emulatorFor } = useProjects();
const gitops = (file: string) => readFileSync(join(REPO, "examples", "gitops", file), "utf8");
const POLICY_VERSION = (
  JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as {
    devDependencies: Record<string, string>;
  }
).devDependencies["@pulumi/policy"] as string;

test("the installed wassist-drift in the CI steps, and the installed policy pack, in a project of the user's", async () => {
  const p = add(
    await newProject({
      name: "routing-gitops",
      program: { file: "index.ts", text: gitops("index.ts") },
      files: { "policy.json": readmeBlocks("Run it", join(REPO, "docs", "policy.md")).json?.[0] ?? "" },
      customize: (files) => {
        (files.packageJson.devDependencies as Record<string, string>)["@pulumi/policy"] = POLICY_VERSION;
      },
    }),
  );
  mkdirSync(join(p.dir, "ci"));
  for (const step of ["review.sh", "drift.sh"]) {
    writeFileSync(join(p.dir, "ci", step), gitops(join("ci", step)));
    chmodSync(join(p.dir, "ci", step), 0o755);
  }
  const url = await emulatorFor(p);
  await ok(p.pulumi(["stack", "init", "prod"]), "stack init");
  await ok(p.pulumi(["config", "set", "wassist:baseUrl", url]), "config set");
  await ok(p.pulumi(["config", "set", "--secret", "wassist:apiKey", DEMO_KEY]), "config set --secret");
  await ok(p.pulumi(["up", "--yes"]), "pulumi up");
  const step = (name: string) => run("bash", [`ci/${name}.sh`, "prod"], { cwd: p.dir, env: p.env });

  const inSync = await step("drift");
  expect(inSync.code).toBe(0);
  expect(inSync.stdout).toContain("stack prod is in sync: Wassist, the stack and the code agree");

  await fetch(`${url}/_emulator/phone-numbers/${numbers.sales}/routing`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ routing: "webhook", webhookId: webhooks.crm }),
  });
  const review = await step("review");
  expect(review.code).toBe(0);
  expect(readFileSync(join(p.dir, "wassist-report.md"), "utf8")).toContain(
    '| sales | 447700900200 | webhook "CRM intake" | agent "Sales Bot" | agent "Sales Bot" | route it to agent "Sales Bot" |',
  );
  const drift = await step("drift");
  expect(drift.code).toBe(3);

  const policy = await p.pulumi([
    "preview",
    "--stack",
    "prod",
    "--policy-pack",
    "node_modules/pulumi-wassist/policy",
    "--policy-pack-config",
    "policy.json",
  ]);
  const out = `${policy.stdout}${policy.stderr}`;
  expect(policy.code).not.toBe(0);
  expect(out).toContain("wassist@v0.1.0 (local: node_modules/pulumi-wassist/policy)");
  expect(out).toContain(
    'PhoneNumberRouting "paused" (447700900300) routes to none in production stack prod: inbound messages would reach nobody; route it to a webhook or an agent',
  );
  expect(out).toContain(
    `PhoneNumberRouting "support" (447700900100) routes to webhook ${webhooks.zendesk}, which is not on the approved webhooks (CRM intake); route it to an approved webhook, or approve this one in the policy's config`,
  );
  for (const text of [inSync.stdout, review.stdout, review.stderr, drift.stdout, out])
    expect(text).not.toContain(DEMO_KEY);
});
