// The provider plugin where users are: the package packed and installed into projects outside the
// repository, the README's "Dynamic resource or plugin?" blocks run as written through the real
// CLI and its YAML, Python and Node.js language hosts, against the emulator started from the
// installed package's bin. Each case counts the requests the emulator saw: imports, the
// migration and the adoption of unchanged numbers make no write.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, test, vi } from "vitest";
import { parse, stringify } from "yaml";
import { SEED_IDS, STAGING_API_KEY } from "../../emulator/index";
import {
  DEMO_KEY,
  filesUnder,
  liveRouting,
  newProject,
  ok,
  type Project,
  README_URL,
  readmeBlocks,
  run,
  useProjects,
  writesByOrganization,
} from "../../scripts/harness/consumer";
import { REPO } from "../../scripts/harness/engine";
import { wheelsDir } from "../../scripts/harness/python";

// Each test installs from the registry and runs the CLI many times: minutes on a busy machine.
vi.setConfig({ testTimeout: 600_000 });

const KEY = DEMO_KEY;
const { numbers, webhooks, agents } = SEED_IDS;
const readme = readmeBlocks("Dynamic resource or plugin?", join(REPO, "docs", "plugin.md"));
const [yamlCommands, importOne, importAll, pythonCommands, migration] = readme.sh ?? [];
const [organizationCommands] =
  readmeBlocks("Run it", join(REPO, "examples", "organizations", "README.md")).sh ?? [];
const example = (name: string, file: string) => readFileSync(join(REPO, "examples", name, file), "utf8");

const { add, emulatorFor } = useProjects();
let emulatorUrl = "";

beforeAll(() => {
  expect(readme.sh).toHaveLength(5);
  for (const block of [yamlCommands, pythonCommands]) expect(block).toContain("npm install pulumi-wassist\n");
});

async function project(name: string, files: Record<string, string>, program?: string): Promise<Project> {
  const p = await newProject({
    name,
    files,
    program: program === undefined ? undefined : { file: "index.ts", text: program },
    customize: (f) => {
      if (program === undefined) f.tsconfig = null;
    },
  });
  add(p);
  emulatorUrl = await emulatorFor(p);
  return p;
}

function url(): string {
  return emulatorUrl;
}

/**
 * A README block as written, in the project: `npm install pulumi-wassist` is the tarball the
 * project installed, the emulator's URL the test's; the CLI this repository builds first on PATH.
 */
async function block(
  p: Project,
  text: string | undefined,
  env: Record<string, string> = {},
): Promise<string> {
  const script = (text ?? "").replace("npm install pulumi-wassist\n", "").replaceAll(README_URL, url());
  const r = await ok(
    run("bash", ["-euo", "pipefail", "-c", script], {
      cwd: p.dir,
      env: { ...p.env, ...env },
    }),
    `the README block\n${script}`,
  );
  return `${r.stdout}${r.stderr}`;
}

const live = (number: string) => liveRouting(url(), number);

/** The API requests since the last call, by endpoint (`writes`: the POSTs among them). */
async function requests(): Promise<{ counts: Record<string, number>; writes: number }> {
  const seen = (await (await fetch(`${url()}/_emulator/requests`)).json()) as {
    counts: Record<string, number>;
  };
  await fetch(`${url()}/_emulator/requests`, { method: "DELETE" });
  const writes = Object.entries(seen.counts)
    .filter(([endpoint]) => endpoint.startsWith("POST"))
    .reduce((sum, [, n]) => sum + n, 0);
  return { counts: seen.counts, writes };
}

async function dashboardChange(number: string, agentId: string): Promise<void> {
  await fetch(`${url()}/_emulator/phone-numbers/${number}/routing`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ routing: "agent", agentId }),
  });
}

async function pulumi(p: Project, args: string[]): Promise<string> {
  const r = await ok(p.pulumi(args), `pulumi ${args.join(" ")}`);
  return `${r.stdout}${r.stderr}`;
}

/** A block written inside a list item, without the list's indentation. */
function dedent(text: string): string {
  const indent = Math.min(
    ...text
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => /^ */.exec(l)?.[0].length ?? 0),
  );
  return text
    .split("\n")
    .map((l) => l.slice(indent))
    .join("\n");
}

/** `Pulumi.yaml` with the `resources:` of generated YAML programs added. */
function withResources(pulumiYaml: string, ...generated: string[]): string {
  const project = parse(pulumiYaml) as Record<string, unknown>;
  project.resources = Object.assign(
    {},
    ...generated.map((g) => (parse(g) as { resources: object }).resources),
  );
  return stringify(project);
}

/** The example's Pulumi.yaml without its resources and outputs: a program that declares nothing yet. */
function emptyYamlProgram(): string {
  const project = parse(example("yaml", "Pulumi.yaml")) as Record<string, unknown>;
  delete project.resources;
  delete project.outputs;
  return stringify(project);
}

function stateOf(p: Project): { type: string; provider?: string; outputs?: Record<string, unknown> }[] {
  const file = filesUnder(p.stateDir).find((f) => f.path.endsWith(".json") && f.path.includes("stacks"));
  return JSON.parse(file?.text ?? "{}").checkpoint?.latest?.resources ?? [];
}

describe("YAML", () => {
  test("the README's commands route three numbers; drift shows per property in plain preview --diff, as the README says; up, refresh, destroy", async () => {
    const p = await project("wassist-yaml", { "Pulumi.yaml": example("yaml", "Pulumi.yaml") });
    const outputs: string[] = [];
    outputs.push(await block(p, yamlCommands));
    expect(outputs[0]).toMatch(/\+ 4 to create/);
    expect(outputs[0]).toMatch(/\+ 4 created/);
    expect(await Promise.all([numbers.support, numbers.sales, numbers.paused].map(live))).toEqual([
      ["webhook", webhooks.crm, null],
      ["agent", null, agents.support],
      [null, null, null],
    ]);
    // The schema the CLI got from the plugin: the YAML host checked the program against it.
    const schema = JSON.parse(
      await pulumi(p, ["package", "get-schema", "./node_modules/pulumi-wassist/bin/pulumi-resource-wassist"]),
    );
    expect(Object.keys(schema.resources)).toEqual(["wassist:index:PhoneNumberRouting"]);

    await requests();
    await dashboardChange(numbers.support, agents.support);
    const diff = await pulumi(p, ["preview", "--diff"]);
    outputs.push(diff);
    expect(diff).toContain(readme.text?.[0]);
    const check = await p.pulumi(["preview", "--expect-no-changes"]);
    expect(check.code).not.toBe(0);
    expect(`${check.stdout}${check.stderr}`).toMatch(/no changes were expected .*but changes were proposed/);
    // Two previews, each one list of numbers (the refresh, the checks and the diffs share it),
    // one of agents (the target-health check of sales) and one of webhooks (the drifted number
    // will be written back to its webhook: check confirms the webhook is the organization's).
    expect(await requests()).toEqual({
      counts: { "GET /api/v1/agents/": 2, "GET /api/v1/phone-numbers/": 2, "GET /api/v1/webhooks/": 2 },
      writes: 0,
    });

    outputs.push(await pulumi(p, ["up", "--yes"]));
    expect(await live(numbers.support)).toEqual(["webhook", webhooks.crm, null]);
    expect((await requests()).writes).toBe(1);
    outputs.push(await pulumi(p, ["refresh", "--yes"]));
    outputs.push(await pulumi(p, ["preview", "--expect-no-changes"]));

    // The provider's state holds the key encrypted; nothing shows it.
    const exported = await pulumi(p, ["stack", "export"]);
    const provider = JSON.parse(exported).deployment.resources.find(
      (r: { type: string }) => r.type === "pulumi:providers:wassist",
    );
    expect(provider.inputs.apiKey).toMatchObject({
      "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
    });
    outputs.push(await pulumi(p, ["destroy", "--yes"]));
    expect(await Promise.all([numbers.support, numbers.sales, numbers.paused].map(live))).toEqual([
      ["webhook", webhooks.zendesk, null],
      ["agent", null, agents.sales],
      [null, null, null],
    ]);
    for (const text of [exported, ...outputs, ...filesUnder(p.stateDir).map((f) => f.text)])
      expect(text).not.toContain(KEY);
  });
});

describe("two organizations", () => {
  test("examples/organizations: one stack, an explicit provider per organization, targets by name; destroy restores each", async () => {
    const p = await project("wassist-organizations", {
      "Pulumi.yaml": example("organizations", "Pulumi.yaml"),
    });
    await requests();
    const out = await block(p, organizationCommands);
    expect(out).toMatch(/\+ 6 created/);
    const ids = (await pulumi(p, ["stack", "output", "--json"])) as string;
    expect(JSON.parse(ids)).toEqual({ productionCrm: webhooks.crm, stagingCrm: webhooks.stagingCrm });
    expect(await live(numbers.support)).toEqual(["webhook", webhooks.crm, null]);
    expect(await liveRouting(url(), numbers.stagingSupport, STAGING_API_KEY)).toEqual([
      "webhook",
      webhooks.stagingCrm,
      null,
    ]);
    expect(await liveRouting(url(), numbers.stagingSales, STAGING_API_KEY)).toEqual([
      "agent",
      null,
      agents.stagingSales,
    ]);
    // Each write carried its own organization's key.
    expect(await writesByOrganization(url())).toEqual([
      `${SEED_IDS.acme} /api/v1/phone-numbers/${numbers.support}/subscribe/`,
      `${SEED_IDS.staging} /api/v1/phone-numbers/${numbers.stagingSupport}/subscribe/`,
      `${SEED_IDS.staging} /api/v1/phone-numbers/${numbers.stagingSales}/connect-agent/`,
    ]);
    await pulumi(p, ["destroy", "--yes"]);
    expect(await live(numbers.support)).toEqual(["webhook", webhooks.zendesk, null]);
    expect(await liveRouting(url(), numbers.stagingSupport, STAGING_API_KEY)).toEqual([null, null, null]);
    for (const f of filesUnder(p.stateDir)) {
      expect(f.text).not.toContain(KEY);
      expect(f.text).not.toContain(STAGING_API_KEY);
      // No lookup result carries a webhook's signing secret.
      expect(f.text).not.toContain("whsec_");
    }
  });
});

describe("import", () => {
  test("one number: no write, the code printed, an empty preview after; previousRouting is what was found", async () => {
    const p = await project("wassist-yaml", { "Pulumi.yaml": emptyYamlProgram() });
    await block(p, (yamlCommands ?? "").split("\npulumi preview")[0]);
    await requests();
    const out = await block(p, importOne);
    expect(out).toMatch(/= 1 imported/);
    expect((await requests()).writes).toBe(0);
    const generated = readFileSync(join(p.dir, "support.yaml"), "utf8");
    expect(parse(generated).resources.support).toEqual({
      type: "wassist:PhoneNumberRouting",
      properties: {
        applyToExisting: false,
        number: numbers.support,
        onDelete: "restore",
        routing: "webhook",
        webhookId: webhooks.zendesk,
      },
      options: { protect: true },
    });
    const imported = stateOf(p).find((r) => r.type === "wassist:index:PhoneNumberRouting");
    expect(imported?.outputs?.previousRouting).toEqual({
      routing: "webhook",
      webhookId: webhooks.zendesk,
      agentId: null,
    });

    writeFileSync(join(p.dir, "Pulumi.yaml"), withResources(emptyYamlProgram(), generated));
    await pulumi(p, ["preview", "--expect-no-changes"]);
    const ghost = await p.pulumi([
      "import",
      "wassist:index:PhoneNumberRouting",
      "ghost",
      "447700900999",
      "--yes",
    ]);
    expect(ghost.code).not.toBe(0);
    expect(`${ghost.stdout}${ghost.stderr}`).toContain(
      "importing 447700900999: 447700900999 is not a number of this Wassist account (the organization of the API key)",
    );
    expect((await requests()).writes).toBe(0);
  });

  test("the whole account: wassist-discover makes one request, the bulk import no write, and the preview after is empty", async () => {
    const p = await project("wassist-yaml", { "Pulumi.yaml": emptyYamlProgram() });
    await block(p, (yamlCommands ?? "").split("\npulumi preview")[0]);
    await requests();
    const out = await block(p, importAll);
    expect(out).toContain(
      "wassist-discover: 3 numbers (2 routed) written to numbers.json; 1 sandbox numbers left out",
    );
    expect(out).toMatch(/= 3 imported/);
    const seen = await requests();
    expect(seen.writes).toBe(0);
    expect(JSON.parse(readFileSync(join(p.dir, "numbers.json"), "utf8")).resources).toEqual(
      [numbers.support, numbers.sales, numbers.paused].map((n) => ({
        type: "wassist:index:PhoneNumberRouting",
        name: `number-${n}`,
        id: n,
      })),
    );
    writeFileSync(
      join(p.dir, "Pulumi.yaml"),
      withResources(emptyYamlProgram(), readFileSync(join(p.dir, "numbers.yaml"), "utf8")),
    );
    await pulumi(p, ["preview", "--expect-no-changes"]);
    expect((await requests()).writes).toBe(0);
  });
});

describe("Python", () => {
  test("the README's commands: an SDK generated from the schema, Pulumi's Python SDK, up, an empty preview, destroy", async () => {
    const p = await project("wassist-python", {
      "Pulumi.yaml": example("python", "Pulumi.yaml"),
      "__main__.py": example("python", "__main__.py"),
    });
    expect(example("python", "__main__.py")).toContain(readme.python?.[0]?.split("\n\n")[1]?.trim());
    // pip installs from the wheels .ci/run downloaded: the test reaches no network.
    const out = await block(p, pythonCommands, { PIP_NO_INDEX: "1", PIP_FIND_LINKS: wheelsDir() });
    expect(out).toMatch(/\+ 3 created/);
    expect(await Promise.all([numbers.support, numbers.sales].map(live))).toEqual([
      ["webhook", webhooks.crm, null],
      ["agent", null, agents.support],
    ]);
    const outputs = JSON.parse(await pulumi(p, ["stack", "output", "--json"]));
    expect(outputs).toEqual({
      supportRouting: "webhook",
      salesPrevious: { routing: "agent", agentId: agents.sales },
    });
    await pulumi(p, ["preview", "--expect-no-changes"]);
    await pulumi(p, ["destroy", "--yes"]);
    expect(await Promise.all([numbers.support, numbers.sales].map(live))).toEqual([
      ["webhook", webhooks.zendesk, null],
      ["agent", null, agents.sales],
    ]);
  });
});

describe("migration", () => {
  test("a TypeScript stack moves from the dynamic resource to the plugin without a write; destroy still restores the original", async () => {
    const plugin = dedent(readme.ts?.[0] ?? "");
    expect(plugin).toContain('from "pulumi-wassist/plugin"');
    // The same program as it was before: the dynamic resource, no alias.
    const dynamic = plugin
      .replace('from "pulumi-wassist/plugin"', 'from "pulumi-wassist"')
      .replace(/\nconst moved = .*\n/, "\n")
      .replace(", moved);", ");");
    const p = await project("wassist-ts", {}, dynamic);
    await pulumi(p, ["stack", "init", "dev"]);
    await pulumi(p, ["config", "set", "wassist:baseUrl", url()]);
    await pulumi(p, ["config", "set", "--secret", "wassist:apiKey", KEY]);
    await pulumi(p, ["up", "--yes"]);
    expect(await live(numbers.support)).toEqual(["webhook", webhooks.crm, null]);
    expect(stateOf(p).map((r) => r.type)).toContain("pulumi-nodejs:dynamic/wassist:PhoneNumberRouting");

    const pulumiYaml = parse(readFileSync(join(p.dir, "Pulumi.yaml"), "utf8"));
    pulumiYaml.plugins = parse(readme.yaml?.[0] ?? "").plugins;
    writeFileSync(join(p.dir, "Pulumi.yaml"), stringify(pulumiYaml));
    writeFileSync(join(p.dir, "index.ts"), plugin);
    await ok(run("npx", ["tsc", "--noEmit"], { cwd: p.dir }), "tsc --noEmit");
    await requests();
    const out = await block(p, migration);
    expect(out).toMatch(/2 unchanged/);
    const seen = await requests();
    expect(seen.writes).toBe(0);
    const routing = stateOf(p).find((r) => r.type === "wassist:index:PhoneNumberRouting");
    // The SDK asks for its version and download URL, which the default provider's name carries.
    expect(routing?.provider).toMatch(/::pulumi:providers:wassist::default_0_1_0_[^:]*::/);
    expect(Object.keys(routing?.outputs ?? {})).not.toContain("__provider");
    expect(routing?.outputs?.previousRouting).toEqual({
      routing: "webhook",
      webhookId: webhooks.zendesk,
      agentId: null,
    });
    expect(stateOf(p).map((r) => r.type)).not.toContain("pulumi-nodejs:dynamic/wassist:PhoneNumberRouting");

    await pulumi(p, ["destroy", "--yes"]);
    expect(await live(numbers.support)).toEqual(["webhook", webhooks.zendesk, null]);
  });
});
