// TypeScript through the plugin's generated Node.js SDK (`pulumi-wassist/plugin`), from the packed
// package and the plugin archive, outside the repository: docs/plugin.md's program with two
// explicit Provider instances and targets by name (each write with its organization's key), drift,
// refresh and destroy; the code `pulumi import` prints compiles as printed and previews with no
// changes; the program type-checks with the newest TypeScript npm serves, besides the template's.
import { copyFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { beforeAll, describe, expect, test, vi } from "vitest";
import { SEED_IDS, STAGING_API_KEY } from "../../emulator/index";
import {
  DEMO_KEY,
  filesUnder,
  liveRouting,
  NEWEST_TYPESCRIPT,
  newProject,
  ok,
  type Project,
  pathWithoutPackageBins,
  pulumiIn,
  README_URL,
  readmeBlocks,
  run,
  typeCheck,
  useProjects,
  writesByOrganization,
} from "../../scripts/harness/consumer";
import { REPO } from "../../scripts/harness/engine";
import { buildArchive } from "../../scripts/pluginArchive";

vi.setConfig({ testTimeout: 600_000, hookTimeout: 600_000 });

const VERSION = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")).version as string;
const { numbers, webhooks, agents } = SEED_IDS;
const section = readmeBlocks("Many organizations in one stack", join(REPO, "docs", "plugin.md"));
const { add, emulatorFor } = useProjects();
let archive = "";

beforeAll(async () => {
  archive = await buildArchive(() => {});
});

async function tsProject(name: string, program: string): Promise<{ p: Project; url: string }> {
  const p = add(await newProject({ name, program: { file: "index.ts", text: program } }));
  const url = await emulatorFor(p);
  copyFileSync(archive, join(p.dir, basename(archive)));
  // The installed archive is the only plugin: none from a node_modules/.bin on PATH.
  p.env.PATH = pathWithoutPackageBins(p);
  return { p, url };
}

describe("TypeScript through pulumi-wassist/plugin", () => {
  test("two organizations, two Provider instances, targets by name: up, drift, refresh, destroy; each write with its own key", async () => {
    const [program] = section.ts ?? [];
    const [commands] = section.sh ?? [];
    expect(program).toContain("new wassist.Provider(name, ");
    const { p, url } = await tsProject("wassist-sdk-orgs", program as string);
    await typeCheck(p);
    await typeCheck(p, NEWEST_TYPESCRIPT);
    const script = (commands as string)
      .replace("npm install pulumi-wassist\n", "")
      .replaceAll(README_URL, url);
    const first = await ok(
      run("/bin/bash", ["-euo", "pipefail", "-c", script], { cwd: p.dir, env: p.env }),
      `the doc block\n${script}`,
    );
    const outputs = [`${first.stdout}${first.stderr}`];
    expect(outputs[0]).toMatch(/\+ 5 created/);
    expect(await liveRouting(url, numbers.support)).toEqual(["webhook", webhooks.crm, null]);
    expect(await liveRouting(url, numbers.stagingSupport, STAGING_API_KEY)).toEqual([
      "webhook",
      webhooks.stagingCrm,
      null,
    ]);
    expect(await writesByOrganization(url)).toEqual([
      `${SEED_IDS.acme} /api/v1/phone-numbers/${numbers.support}/subscribe/`,
      `${SEED_IDS.staging} /api/v1/phone-numbers/${numbers.stagingSupport}/subscribe/`,
    ]);
    // Each explicit provider asks for the plugin version the SDK was generated for.
    const state = JSON.parse(await pulumiIn(p, ["stack", "export"]));
    const providers = state.deployment.resources.filter(
      (r: { type: string }) => r.type === "pulumi:providers:wassist",
    );
    expect(providers.map((r: { inputs: { version?: string } }) => r.inputs.version)).toEqual([
      VERSION,
      VERSION,
    ]);

    await fetch(`${url}/_emulator/phone-numbers/${numbers.stagingSupport}/routing`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ routing: "agent", agentId: agents.stagingSales }),
    });
    const diff = await pulumiIn(p, ["preview", "--diff"]);
    outputs.push(diff);
    expect(diff).toMatch(/~ routing\s*: "agent" => "webhook"/);
    outputs.push(await pulumiIn(p, ["up", "--yes"]));
    outputs.push(await pulumiIn(p, ["refresh", "--yes"]));
    outputs.push(await pulumiIn(p, ["preview", "--expect-no-changes"]));
    outputs.push(await pulumiIn(p, ["destroy", "--yes"]));
    expect(await liveRouting(url, numbers.support)).toEqual(["webhook", webhooks.zendesk, null]);
    expect(await liveRouting(url, numbers.stagingSupport, STAGING_API_KEY)).toEqual([null, null, null]);
    for (const text of outputs) expect(text).not.toContain("from $PATH");
    for (const text of [...outputs, ...filesUnder(p.stateDir).map((f) => f.text)]) {
      expect(text).not.toContain(DEMO_KEY);
      expect(text).not.toContain(STAGING_API_KEY);
    }
  });

  test("the code `pulumi import --out index.ts` prints compiles as printed and previews with no changes", async () => {
    const { p, url } = await tsProject("wassist-sdk-import", 'import * as pulumi from "@pulumi/pulumi";\n');
    const setup = [
      `pulumi plugin install resource wassist ${VERSION} --file ${basename(archive)}`,
      "pulumi stack init dev",
      `pulumi config set wassist:baseUrl ${url}`,
      `pulumi config set --secret wassist:apiKey ${DEMO_KEY}`,
    ];
    for (const line of setup)
      await ok(run("/bin/bash", ["-euo", "pipefail", "-c", line], { cwd: p.dir, env: p.env }), line);
    await pulumiIn(p, [
      "import",
      "wassist:index:PhoneNumberRouting",
      "support",
      numbers.support,
      "--yes",
      "--out",
      "imported.ts",
    ]);
    const printed = readFileSync(join(p.dir, "imported.ts"), "utf8");
    expect(printed).toContain('import * as wassist from "pulumi-wassist/plugin";');
    writeFileSync(join(p.dir, "index.ts"), printed);
    rmSync(join(p.dir, "imported.ts"));
    await typeCheck(p);
    await typeCheck(p, NEWEST_TYPESCRIPT);
    await pulumiIn(p, ["preview", "--expect-no-changes"]);
    expect(await liveRouting(url, numbers.support)).toEqual(["webhook", webhooks.zendesk, null]);
    // Pulumi's Node.js language host cannot run a project whose own TypeScript is 7, as the doc says.
    await ok(
      run("npm", ["install", "--no-audit", "--no-fund", "-D", `typescript@${NEWEST_TYPESCRIPT}`], {
        cwd: p.dir,
      }),
      "npm install typescript",
    );
    const refused = await p.pulumi(["preview"]);
    expect(refused.code).not.toBe(0);
    const error = "TypeError: Cannot read properties of undefined (reading 'readFile')";
    expect(`${refused.stdout}${refused.stderr}`).toContain(error);
    expect(`${refused.stdout}${refused.stderr}`).toContain("vendor/ts-node@7.0.1/index.js");
    const doc = readFileSync(join(REPO, "docs", "installation-configuration.md"), "utf8").replace(/\n/g, " ");
    expect(doc).toContain(error);
  });
});
