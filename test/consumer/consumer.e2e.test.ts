// The user's path: the packed package in a brand-new project outside the repository,
// laid out as `pulumi new typescript` lays it out, dependencies from the registry, type-checked
// with the template's tsconfig, run by the Pulumi CLI through its real Node.js language host
// against the emulator started from the installed package's bin. The program and the commands
// are the README's "Using it in your own project" section. Runs under whatever Node.js is first
// on PATH (.ci/run repeats it under Node 22, 24 and 26).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, test, vi } from "vitest";
import { SEED_IDS } from "../../emulator/seed";
import {
  DEMO_KEY,
  filesUnder,
  liveRouting,
  NEWEST_TYPESCRIPT,
  newProject,
  ok,
  type Project,
  README_URL,
  readmeBlocks,
  run,
  typeCheck,
  useProjects,
} from "../../scripts/harness/consumer";

// Each test installs from the registry and runs the CLI several times: minutes on a busy machine.
vi.setConfig({ testTimeout: 300_000 });

const KEY = DEMO_KEY;
const { numbers, webhooks, agents } = SEED_IDS;
const readme = readmeBlocks("Using it in your own project");
const program = readme.ts?.[0] ?? "";
const commands = (readme.sh?.[0] ?? "")
  .split("\n")
  .map((line) => line.trim())
  .filter((line) => line !== "" && !line.startsWith("#"));

const { add, emulatorFor } = useProjects();

const live = liveRouting;

async function project(name: string, customize?: Parameters<typeof newProject>[0]["customize"]) {
  return add(await newProject({ name, program: { file: "index.ts", text: program }, customize }));
}

/** The README's commands: `npm install pulumi-wassist` is the tarball newProject installed. */
async function readmeCommands(p: Project, url: string): Promise<string[]> {
  const outputs: string[] = [];
  await ok(p.pulumi(["stack", "init", "dev"]), "pulumi stack init (what pulumi new does)");
  for (const line of commands) {
    if (line === "npm install pulumi-wassist") continue;
    const [tool, ...args] = line.replaceAll(README_URL, url).split(/\s+/);
    expect(tool).toBe("pulumi");
    // A person confirms `pulumi up` at the prompt; without a terminal that is --yes.
    const r = await ok(p.pulumi(args[0] === "up" ? [...args, "--yes"] : args), line);
    outputs.push(r.stdout);
  }
  return outputs;
}

beforeAll(() => {
  expect(program).toContain('from "pulumi-wassist"');
  expect(commands).toContain("npm install pulumi-wassist");
});

test(`the README's project, type-checked and run through its whole lifecycle (node ${process.version})`, async () => {
  const p = await project("my-routing");
  // The template's tsconfig: no skipLibCheck, no esModuleInterop; its TypeScript, and the newest.
  await typeCheck(p);
  await typeCheck(p, NEWEST_TYPESCRIPT);
  const url = await emulatorFor(p);
  const outputs = await readmeCommands(p, url);
  expect(outputs.some((o) => /\+ 4 to create/.test(o))).toBe(true);
  expect(
    await Promise.all([numbers.support, numbers.sales, numbers.paused].map((n) => live(url, n))),
  ).toEqual([
    ["webhook", webhooks.crm, null],
    ["agent", null, agents.support],
    [null, null, null],
  ]);

  const stackOutputs = JSON.parse((await ok(p.pulumi(["stack", "output", "--json"]), "stack output")).stdout);
  expect(stackOutputs.routes.paused).toMatchObject({
    number: numbers.paused,
    routing: "none",
    webhookId: null,
    agentId: null,
    applyToExisting: false,
    onDelete: "retain",
    numberId: "0b6d1f7e-8a41-4c1e-9d3a-1e2f3a4b5c03",
    whatsappPhoneNumberId: "109876543210003",
    whatsappBusinessAccountId: "waba-acme-1",
    isSandbox: false,
    previousRouting: { routing: "none", webhookId: null, agentId: null },
  });
  expect(stackOutputs.routes.sales).toMatchObject({
    applyToExisting: true,
    onDelete: "restore",
    previousRouting: { routing: "agent", webhookId: null, agentId: agents.sales },
  });

  // A person re-routes the support number in the dashboard.
  await fetch(`${url}/_emulator/phone-numbers/${numbers.support}/routing`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ routing: "agent", agentId: agents.sales }),
  });
  const drift = await p.pulumi(["preview", "--expect-no-changes"]);
  expect(drift.code).not.toBe(0);
  expect(`${drift.stdout}${drift.stderr}`).toContain(
    `447700900100 has drifted: Wassist routes it to agent ${agents.sales}, the stack declares webhook ${webhooks.crm}`,
  );
  await ok(p.pulumi(["refresh", "--yes"]), "pulumi refresh");
  await ok(p.pulumi(["up", "--yes"]), "pulumi up (reconcile)");
  expect(await live(url, numbers.support)).toEqual(["webhook", webhooks.crm, null]);
  await ok(p.pulumi(["destroy", "--yes"]), "pulumi destroy");
  // support and sales get back the routing found at adoption; paused is retained as declared.
  expect(
    await Promise.all([numbers.support, numbers.sales, numbers.paused].map((n) => live(url, n))),
  ).toEqual([
    ["webhook", webhooks.zendesk, null],
    ["agent", null, agents.sales],
    [null, null, null],
  ]);
  const exported = await ok(p.pulumi(["stack", "export"]), "stack export");
  expect(exported.stdout).not.toContain(KEY);
  const stateFiles = filesUnder(p.stateDir);
  expect(stateFiles.length).toBeGreaterThan(0);
  expect(stateFiles.filter((f) => f.text.includes(KEY)).map((f) => f.path)).toEqual([]);
});

/** The @pulumi/pulumi a project got, and what the registry's latest is. */
async function pulumiVersions(p: Project): Promise<{ installed: string; latest: string }> {
  const installed = JSON.parse(
    (
      await ok(
        run("node", ["-p", "JSON.stringify(require('@pulumi/pulumi/package.json').version)"], { cwd: p.dir }),
        "version",
      )
    ).stdout,
  );
  const latest = (
    await ok(run("npm", ["view", "@pulumi/pulumi", "version"], { cwd: p.dir }), "npm view")
  ).stdout.trim();
  return { installed, latest };
}

test("npm picks the newest @pulumi/pulumi this Node.js runs, and the template project uses it", async () => {
  const p = await project("newest-sdk");
  const { installed, latest } = await pulumiVersions(p);
  const major = Number(process.versions.node.split(".")[0]);
  // @pulumi/pulumi >= 3.249.0 declares Node >= 22; on Node 20 npm settles for the last that runs there.
  if (major >= 22) expect(installed).toBe(latest);
  else expect(installed).toBe("3.248.0");
  // The policy pack's @pulumi/policy is an optional peer: a plain install does not bring it.
  expect(existsSync(join(p.dir, "node_modules", "@pulumi", "policy"))).toBe(false);
  const url = await emulatorFor(p);
  await readmeCommands(p, url);
  await ok(p.pulumi(["destroy", "--yes"]), "pulumi destroy");
  expect(await live(url, numbers.sales)).toEqual(["agent", null, agents.sales]);
});

test("the low end of the peer range, @pulumi/pulumi 3.216.0: type-checks, up and destroy", async () => {
  const p = await project("oldest-sdk", (files) => {
    (files.packageJson.dependencies as Record<string, string>)["@pulumi/pulumi"] = "3.216.0";
  });
  expect((await pulumiVersions(p)).installed).toBe("3.216.0");
  await ok(run("npx", ["tsc", "--noEmit"], { cwd: p.dir }), "tsc --noEmit");
  const url = await emulatorFor(p);
  await readmeCommands(p, url);
  expect(await live(url, numbers.support)).toEqual(["webhook", webhooks.crm, null]);
  await ok(p.pulumi(["destroy", "--yes"]), "pulumi destroy");
  expect(await live(url, numbers.support)).toEqual(["webhook", webhooks.zendesk, null]);
});

test("a consumer with moduleResolution node (module commonjs) type-checks and previews", async () => {
  const p = await project("node-resolution", (files) => {
    const options = (files.tsconfig as { compilerOptions: Record<string, unknown> }).compilerOptions;
    options.module = "commonjs";
    options.moduleResolution = "node";
  });
  await ok(run("npx", ["tsc", "--noEmit"], { cwd: p.dir }), "tsc --noEmit");
  const url = await emulatorFor(p);
  await ok(p.pulumi(["stack", "init", "dev"]), "stack init");
  await ok(p.pulumi(["config", "set", "wassist:baseUrl", url]), "config set");
  await ok(p.pulumi(["config", "set", "--secret", "wassist:apiKey", KEY]), "config set --secret");
  const preview = await ok(p.pulumi(["preview"]), "pulumi preview");
  expect(preview.stdout).toMatch(/\+ 4 to create/);
});

test("a plain CommonJS JavaScript program: up and destroy", async () => {
  const js = `"use strict";
const { PhoneNumberRouting } = require("pulumi-wassist");

const sales = new PhoneNumberRouting("sales", { number: "+44 7700 900200", routing: "none" });
exports.salesRouting = sales.routing;
exports.salesOnDelete = sales.onDelete;
`;
  const p = await newProject({
    name: "plain-js",
    program: { file: "index.js", text: js },
    customize: (files) => {
      files.packageJson.main = "index.js";
      files.packageJson.devDependencies = {};
      files.tsconfig = null;
    },
  });
  add(p);
  const url = await emulatorFor(p);
  await ok(p.pulumi(["stack", "init", "dev"]), "stack init");
  await ok(p.pulumi(["config", "set", "wassist:baseUrl", url]), "config set");
  const up = await p.pulumi(["up", "--yes"]);
  expect(up.stdout).toContain("has a problem: no Wassist API key");
  p.env.WASSIST_API_KEY = KEY;
  await ok(p.pulumi(["up", "--yes"]), "pulumi up with WASSIST_API_KEY");
  const outs = JSON.parse((await ok(p.pulumi(["stack", "output", "--json"]), "stack output")).stdout);
  expect(outs).toEqual({ salesRouting: "none", salesOnDelete: "restore" });
  expect(await live(url, numbers.sales)).toEqual([null, null, null]);
  await ok(p.pulumi(["destroy", "--yes"]), "pulumi destroy");
  expect(await live(url, numbers.sales)).toEqual(["agent", null, agents.sales]);
  expect(filesUnder(p.stateDir).filter((f) => f.text.includes(KEY))).toEqual([]);
});
