// The wassist policy pack (policy/, in the package) under the real engine: `pulumi preview
// --policy-pack policy --policy-pack-config FILE` on a production stack, on both shells' type
// tokens. A compliant stack passes; each rule's violation fails the preview with a message naming
// the resource, the number and the rule; the key is in no output.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test, vi } from "vitest";
import { SEED_IDS } from "../../emulator/index";
import type { PhoneNumberRoutingArgs } from "../../provider/index";
import { readmeBlocks } from "../../scripts/harness/consumer";
import { emulatorConfig, routesProgram, SHELLS, useStacks } from "../../scripts/harness/e2e";
import { useEmulator } from "../../scripts/harness/emulator";
import { REPO } from "../../scripts/harness/engine";
import { BASIC_ROUTES, exampleConfig } from "../../scripts/harness/stackConfig";

vi.setConfig({ testTimeout: 400_000 });

const emu = useEmulator({ per: "file" });
const stacks = useStacks();
const { numbers, webhooks, agents } = SEED_IDS;
const PACK = join(REPO, "policy");

const scratch = mkdtempSync(join(tmpdir(), "wassist-policy-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const CONFIG = join(scratch, "policy.json");
writeFileSync(
  CONFIG,
  JSON.stringify({
    // Targets by name (resolved in the stack's organization) and by id.
    "wassist-approved-targets": { webhooks: ["CRM intake", webhooks.zendesk], agents: ["Sales Bot"] },
    "wassist-every-number-declared": { enforcementLevel: "mandatory", ignore: [numbers.paused] },
  }),
);

const COMPLIANT: Record<string, PhoneNumberRoutingArgs> = {
  support: { number: "+44 7700 900100", routing: "webhook", webhookId: webhooks.crm },
  sales: { number: numbers.sales, routing: "agent", agentId: agents.sales },
};

describe.each(SHELLS)("the policy pack on the $name", (shell) => {
  test("passes a compliant production stack and refuses each rule's violation", async () => {
    let routes = COMPLIANT;
    const current = await stacks.create({
      program: routesProgram(() => routes, shell.Resource),
      stackName: "prod",
      config: emulatorConfig(emu.current),
      plugin: shell.plugin,
    });
    const preview = async (next: Record<string, PhoneNumberRoutingArgs>) => {
      routes = next;
      const outcome = await current.stack.preview({ policyPacks: [PACK], policyPackConfigs: [CONFIG] }).then(
        (r) => ({ ok: true, text: `${r.stdout}${r.stderr}` }),
        (err: Error) => ({ ok: false, text: err.message }),
      );
      expect(outcome.text).not.toContain(emu.current.apiKey);
      return outcome;
    };

    const compliant = await preview(COMPLIANT);
    expect(compliant.text).toContain("Policies:");
    expect(compliant.ok).toBe(true);

    const unrouted = await preview({ ...COMPLIANT, sales: { number: numbers.sales, routing: "none" } });
    expect(unrouted.ok).toBe(false);
    expect(unrouted.text).toContain("wassist-production-never-unrouted");
    expect(unrouted.text).toContain(
      'PhoneNumberRouting "sales" (447700900200) routes to none in production stack prod: inbound messages would reach nobody; route it to a webhook or an agent',
    );

    const unapproved = await preview({
      ...COMPLIANT,
      sales: { number: numbers.sales, routing: "agent", agentId: agents.support },
    });
    expect(unapproved.ok).toBe(false);
    expect(unapproved.text).toContain("wassist-approved-targets");
    expect(unapproved.text).toContain(
      `PhoneNumberRouting "sales" (447700900200) routes to agent ${agents.support}, which is not on the approved agents (Sales Bot); route it to an approved agent, or approve this one in the policy's config`,
    );

    const existing = await preview({
      ...COMPLIANT,
      sales: { ...COMPLIANT.sales, applyToExisting: true } as PhoneNumberRoutingArgs,
    });
    expect(existing.ok).toBe(false);
    expect(existing.text).toContain("wassist-apply-to-existing-in-production");
    expect(existing.text).toContain(
      'PhoneNumberRouting "sales" (447700900200) sets applyToExisting in production stack prod, which re-routes its live conversations; add "447700900200" to the rule\'s allow list if that is intended',
    );

    const sandbox = await preview({
      ...COMPLIANT,
      trial: { number: numbers.sandbox, routing: "webhook", webhookId: webhooks.crm },
    });
    expect(sandbox.ok).toBe(false);
    expect(sandbox.text).toContain("wassist-sandbox-outside-production");
    expect(sandbox.text).toContain(
      'PhoneNumberRouting "trial" (447424845871) is the shared sandbox number, in production stack prod; use a number of the organization\'s WhatsApp Business Account',
    );

    const undeclared = await preview({ sales: COMPLIANT.sales as PhoneNumberRoutingArgs });
    expect(undeclared.ok).toBe(false);
    expect(undeclared.text).toContain("wassist-every-number-declared");
    expect(undeclared.text).toContain(
      'number 447700900100 of the Wassist account is not declared in this stack: declare a PhoneNumberRouting for it, or add "447700900100" to the rule\'s ignore list',
    );
  });
});

test("docs/policy.md's command and configuration, as written, in a project with the package installed", async () => {
  const blocks = readmeBlocks("Run it", join(REPO, "docs", "policy.md"));
  const [command, config] = [blocks.sh?.[0] ?? "", blocks.json?.[0] ?? ""];
  const current = await stacks.create({
    directory: join(REPO, "examples", "basic"),
    stackName: "prod",
    config: exampleConfig("basic", emu.current),
  });
  const project = join(current.dir, "program");
  writeFileSync(join(project, "policy.json"), config);
  const run = () =>
    new Promise<{ code: number; out: string }>((resolve) =>
      // Asynchronously: the emulator answers from this very process.
      execFile(
        "bash",
        ["-c", command],
        { cwd: project, env: { ...process.env, ...current.env }, timeout: 300_000 },
        (err, stdout, stderr) =>
          resolve({
            code: err ? Number((err as { code?: number }).code ?? -1) : 0,
            out: `${stdout}${stderr}`,
          }),
      ),
    );
  // examples/basic's routes: the sales agent is not approved, it sets applyToExisting, and paused routes to none.
  const refused = await run();
  expect(refused.code).not.toBe(0);
  for (const rule of [
    "wassist-approved-targets",
    "wassist-apply-to-existing-in-production",
    "wassist-production-never-unrouted",
  ])
    expect(refused.out).toContain(
      `- [mandatory]  ${rule}  (pulumi-nodejs:dynamic/wassist:PhoneNumberRouting: `,
    );
  expect(refused.out).toContain(
    'PhoneNumberRouting "paused" (447700900300) routes to none in production stack prod: inbound messages would reach nobody; route it to a webhook or an agent',
  );
  expect(refused.out).not.toContain(emu.current.apiKey);
  const compliant = BASIC_ROUTES.filter((r) => r.name !== "paused").map((r) =>
    r.name === "sales" ? { name: "sales", number: r.number, routing: "agent", agent: "Sales Bot" } : r,
  );
  await current.stack.setConfig("wassist-basic:routes", { value: JSON.stringify(compliant) });
  const passed = await run();
  expect(passed.out).toContain("Policies:");
  expect(passed.code).toBe(0);
});
