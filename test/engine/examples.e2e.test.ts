// Every example, and the repository's own Pulumi.yaml, run as directory programs by the Pulumi
// CLI through Pulumi's Node.js language host (type-checked by ts-node) against the emulator.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { expect, test } from "vitest";
import { SEED_IDS, STAGING_API_KEY } from "../../emulator/index";
import { emulatorConfig, useStacks } from "../../scripts/harness/e2e";
import { routed, useEmulator } from "../../scripts/harness/emulator";
import { REPO } from "../../scripts/harness/engine";
import { exampleConfig } from "../../scripts/harness/stackConfig";

const emu = useEmulator({ per: "file" });
const { numbers, webhooks, agents } = SEED_IDS;
const stacks = useStacks();

const example = (name: string) => join(REPO, "examples", name);
const routings = () =>
  [numbers.support, numbers.sales, numbers.paused].map((n) => emu.current.emulator.routingOf(n));

test("basic: numbers and targets from stack config", async () => {
  const current = await stacks.create({
    directory: example("basic"),
    stackName: "dev",
    config: exampleConfig("basic", emu.current),
  });
  const up = await current.stack.up();
  expect(up.summary.resourceChanges).toEqual({ create: 4 });
  // The language host and the dynamic-provider launcher are found beside the CLI, not on PATH.
  expect(`${up.stdout}${up.stderr}`).not.toContain("from $PATH");
  expect(routings()).toEqual([routed.webhook(webhooks.crm), routed.agent(agents.support), routed.none]);
  expect(up.outputs.numbers?.value).toHaveLength(3);
  await current.stack.destroy();
  expect(routings()).toEqual([routed.webhook(webhooks.zendesk), routed.agent(agents.sales), routed.none]);
});

test("pulumi about reports Pulumi's own Node.js language host, beside the CLI", async () => {
  const current = await stacks.create({ directory: example("basic"), stackName: "about" });
  const about = await new Promise<string>((resolve) =>
    execFile(
      current.cli,
      ["about"],
      { cwd: join(current.dir, "program"), env: { ...process.env, ...current.env }, timeout: 120_000 },
      (_err, stdout, stderr) => resolve(`${stdout}${stderr}`),
    ),
  );
  expect(about).toMatch(/\nlanguage\s+nodejs\s+3\.274\.1\n/);
  // Only the real host answers About with the program's runtime (map order varies).
  expect(about).toMatch(/This project is written in nodejs: executable='.+' version='v\d+\.\d+\.\d+' /);
  expect(about).toMatch(/typescriptVersion='5\.\d+\.\d+'/);
  expect(about).toContain("packagemanager='npm'");
  expect(about).not.toContain("from $PATH");
});

test("bootstrap: a new environment from a YAML manifest (prod)", async () => {
  const current = await stacks.create({
    directory: example("bootstrap"),
    stackName: "prod",
    config: exampleConfig("bootstrap", emu.current),
  });
  const up = await current.stack.up();
  expect(up.summary.resourceChanges).toEqual({ create: 4 });
  expect(up.outputs.numbers?.value).toEqual([
    "447700900100: webhook",
    "447700900200: agent",
    "447700900300: agent",
  ]);
  expect(up.outputs.targets?.value).toEqual([
    `447700900100: ${webhooks.zendesk}`,
    `447700900200: ${agents.sales}`,
    `447700900300: ${agents.support}`,
  ]);
  expect(emu.current.emulator.routingOf(numbers.paused)).toEqual(routed.agent(agents.support));
});

test("bootstrap by name: the same program against the staging organization (same names, other ids)", async () => {
  const staging = { url: emu.current.url, apiKey: STAGING_API_KEY };
  const current = await stacks.create({
    directory: example("bootstrap"),
    stackName: "staging",
    config: exampleConfig("bootstrap", staging, { manifest: "numbers.staging.yaml" }),
  });
  emu.current.emulator.clearRequests();
  const up = await current.stack.up();
  expect(up.outputs.targets?.value).toEqual([
    `447700901100: ${webhooks.stagingZendesk}`,
    `447700901200: ${agents.stagingSales}`,
  ]);
  expect(emu.current.emulator.routingOf(numbers.stagingSupport)).toEqual(
    routed.webhook(webhooks.stagingZendesk),
  );
  expect(emu.current.emulator.routingOf(numbers.stagingSales)).toEqual(routed.agent(agents.stagingSales));
  // Every request went with the staging key, to the staging organization.
  expect(new Set(emu.current.emulator.requests().log.map((r) => r.organization))).toEqual(
    new Set([SEED_IDS.staging]),
  );
});

test("bootstrap: the dev stack uses the sandbox number", async () => {
  const current = await stacks.create({
    directory: example("bootstrap"),
    stackName: "dev",
    config: exampleConfig("bootstrap", emu.current, { manifest: "numbers.dev.yaml" }),
  });
  const up = await current.stack.up();
  expect(up.outputs.numbers?.value).toEqual(["447424845871: agent"]);
  const mine = emu.current.emulator.data.conversations.find(
    (c) => c.whatsappNumber === numbers.sandbox && c.organization === "org_acme",
  );
  expect([mine?.routing, mine?.activeAgent]).toEqual(["agent", agents.support]);
});

test("the repository's Pulumi.yaml is a runnable project", async () => {
  const current = await stacks.create({
    directory: REPO,
    inPlace: true,
    stackName: "e2e-root",
    config: emulatorConfig(emu.current),
  });
  const preview = await current.stack.preview();
  expect(preview.changeSummary).toEqual({ create: 4 });
  const up = await current.stack.up();
  expect(up.summary.resourceChanges).toEqual({ create: 4 });
  await current.stack.destroy();
});
