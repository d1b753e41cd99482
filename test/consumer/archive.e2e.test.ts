// The provider plugin installed the way Pulumi installs providers: the release archive that
// `npm run plugin:archive` writes, installed with `pulumi plugin install --file`, and the programs
// of docs/installation-configuration.md run as written outside the repository — YAML with no
// Node.js on PATH and no `plugins:` block, Python with the SDK's wheel. Each: up, drift in a plain
// `preview --diff`, refresh, destroy restoring the original routing, the key in no state file.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { parse, stringify } from "yaml";
import { SEED_IDS, STAGING_API_KEY } from "../../emulator/index";
import {
  DEMO_KEY,
  filesUnder,
  liveRouting,
  newProject,
  ok,
  type Project,
  packedTarball,
  pathWithoutPackageBins,
  pluginLifecycle,
  pulumiIn,
  README_URL,
  readmeBlocks,
  run,
  useProjects,
  writesByOrganization,
} from "../../scripts/harness/consumer";
import { REPO } from "../../scripts/harness/engine";
import { ensureGoModules, GO_EXAMPLE } from "../../scripts/harness/go";
import { createVenv, wheelsDir } from "../../scripts/harness/python";
import { buildArchive } from "../../scripts/pluginArchive";
import { findPulumiCli } from "../../scripts/pulumiCli";
import { buildWheel } from "../../scripts/sdk";

// Each test installs from the registry and runs the CLI many times: minutes on a busy machine.
vi.setConfig({ testTimeout: 600_000, hookTimeout: 600_000 });

const VERSION = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")).version as string;
const DOC = join(REPO, "docs", "installation-configuration.md");
const { numbers, agents } = SEED_IDS;
const { add, emulatorFor } = useProjects();
const scratch = mkdtempSync(join(tmpdir(), "wassist-archive-test-"));
let archive = "";
let wheel = "";

beforeAll(async () => {
  archive = await buildArchive(() => {});
  const venv = join(scratch, "build-venv");
  createVenv(venv, []);
  wheel = buildWheel(join(scratch, "wheel"), join(venv, "bin", "python"));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The example's Pulumi.yaml without its `plugins:` block: the installed plugin is found by itself. */
function withoutPlugins(example: string): string {
  const project = parse(readFileSync(join(REPO, "examples", example, "Pulumi.yaml"), "utf8"));
  delete project.plugins;
  return stringify(project);
}

/** A directory holding only the CLI and one language host: a PATH with no `node` on it. */
function pathWithoutNode(host: string): string {
  const cli = findPulumiCli();
  const bin = join(scratch, `bin-${host}`);
  mkdirSync(bin, { recursive: true });
  for (const name of ["pulumi", `pulumi-language-${host}`])
    symlinkSync(join(dirname(cli), name), join(bin, name));
  return bin;
}

/** A doc block as written, in the project, against the test's emulator. */
async function block(
  p: Project,
  text: string,
  url: string,
  env: Record<string, string> = {},
): Promise<string> {
  const script = text.replaceAll(README_URL, url);
  const r = await ok(
    run("/bin/bash", ["-euo", "pipefail", "-c", script], { cwd: p.dir, env: { ...p.env, ...env } }),
    `the doc block\n${script}`,
  );
  return `${r.stdout}${r.stderr}`;
}

/** The archive installed as `version` (Pulumi names the plugin by the version given), and no other. */
async function installOnly(p: Project, version: string, env: Record<string, string>): Promise<void> {
  await pulumiIn(p, ["plugin", "rm", "resource", "wassist", "--all", "--yes"], env);
  await pulumiIn(p, ["plugin", "install", "resource", "wassist", version, "--file", basename(archive)], env);
  expect(await pulumiIn(p, ["plugin", "ls"], env)).toMatch(
    new RegExp(`wassist\\s+resource\\s+${version.replaceAll(".", "\\.")}`),
  );
}

describe("the plugin archive", () => {
  test("YAML: installed with `pulumi plugin install --file`, the doc's commands run with no node on PATH and no plugins block", async () => {
    const [commands] = readmeBlocks("YAML", DOC).sh ?? [];
    const [install] = readmeBlocks("Install", DOC).sh ?? [];
    expect(install).toBe(`pulumi plugin install resource wassist ${VERSION} --file ${basename(archive)}\n`);
    expect(commands?.startsWith(install as string)).toBe(true);
    expect(readmeBlocks("Python", DOC).sh?.[0]?.startsWith(install as string)).toBe(true);
    expect(commands).toContain(
      `pulumi plugin install resource wassist ${VERSION} --file ${basename(archive)}`,
    );
    const p = add(
      await newProject({
        name: "wassist-archive-yaml",
        files: { "Pulumi.yaml": withoutPlugins("yaml") },
        customize: (f) => {
          f.tsconfig = null;
        },
      }),
    );
    const url = await emulatorFor(p);
    copyFileSync(archive, join(p.dir, basename(archive)));
    const env = { PATH: pathWithoutNode("yaml") };
    expect((await run("/bin/bash", ["-c", "command -v node"], { cwd: p.dir, env })).code).not.toBe(0);
    const outputs = [await block(p, commands as string, url, env)];
    expect(outputs[0]).toMatch(/\+ 4 created/);
    expect(await liveRouting(url, numbers.sales)).toEqual(["agent", null, agents.support]);
    await pluginLifecycle(p, url, env, outputs, VERSION);
    // A program that names no version runs with whichever version is installed.
    await installOnly(p, "0.2.0", env);
    expect(await pulumiIn(p, ["preview"], env)).toMatch(/\+ 4 to create/);
  });

  test("Python: the SDK's wheel installed from the file, the plugin from the archive; the state records the plugin version", async () => {
    const [commands] = readmeBlocks("Python", DOC).sh ?? [];
    expect(commands).toContain(`venv/bin/pip install pulumi==3.272.0 ${basename(wheel)}\n`);
    const p = add(
      await newProject({
        name: "wassist-archive-python",
        files: {
          "Pulumi.yaml": withoutPlugins("python"),
          "__main__.py": readFileSync(join(REPO, "examples", "python", "__main__.py"), "utf8"),
        },
        customize: (f) => {
          f.tsconfig = null;
        },
      }),
    );
    const url = await emulatorFor(p);
    copyFileSync(archive, join(p.dir, basename(archive)));
    copyFileSync(wheel, join(p.dir, basename(wheel)));
    // PyPI is the test's cache of wheels (tools/python/requirements.txt): no network.
    const offline = (commands as string).replace(
      "venv/bin/pip install ",
      `venv/bin/pip install --quiet --no-index --find-links ${wheelsDir()} `,
    );
    const env = { PATH: pathWithoutPackageBins(p) };
    const outputs = [await block(p, offline, url, env)];
    expect(outputs[0]).toMatch(/\+ 3 created/);
    const state = JSON.parse(await pulumiIn(p, ["stack", "export"]));
    const provider = state.deployment.resources.find(
      (r: { type: string }) => r.type === "pulumi:providers:wassist",
    );
    expect(provider.inputs.version).toBe(VERSION);
    await pluginLifecycle(p, url, env, outputs, VERSION);
    // The SDK asks for the plugin of its own version, from its download URL: with only another
    // version installed, preview fails naming the version it needs, and writes nothing.
    await installOnly(p, "0.2.0", env);
    const refused = await run(findPulumiCli(), ["preview", "--non-interactive"], {
      cwd: p.dir,
      env: { ...p.env, ...env },
    });
    const said = `${refused.stdout}${refused.stderr}`;
    expect(refused.code, said).not.toBe(0);
    expect(said).toContain(
      `no resource plugin 'pulumi-resource-wassist' found in the workspace at version v${VERSION} or on your $PATH`,
    );
    expect(readFileSync(DOC, "utf8").replace(/\n/g, " ")).toContain(
      "no resource plugin 'pulumi-resource-wassist' found in the workspace at version v0.1.0 or on your $PATH",
    );
  });

  test("Go: the SDK module from the npm tarball, the plugin from the archive; built with no module download", async () => {
    const [commands] = readmeBlocks("Go", DOC).sh ?? [];
    const tarball = await packedTarball();
    expect(commands).toContain(`tar -xzf ${basename(tarball)} package/sdk/go\n`);
    ensureGoModules();
    const p = add(
      await newProject({
        name: "wassist-archive-go",
        files: Object.fromEntries(
          ["Pulumi.yaml", "main.go", "go.mod", "go.sum"].map((f) => [
            f,
            readFileSync(join(GO_EXAMPLE, f), "utf8"),
          ]),
        ),
        customize: (f) => {
          f.tsconfig = null;
        },
      }),
    );
    const url = await emulatorFor(p);
    copyFileSync(archive, join(p.dir, basename(archive)));
    copyFileSync(tarball, join(p.dir, basename(tarball)));
    const env = { GOPROXY: "off", GOFLAGS: "-mod=mod", PATH: pathWithoutPackageBins(p) };
    const outputs = [await block(p, commands as string, url, env)];
    expect(outputs[0]).toMatch(/\+ 3 created/);
    expect(await liveRouting(url, numbers.sales)).toEqual(["agent", null, agents.support]);
    const state = JSON.parse(await pulumiIn(p, ["stack", "export"], env));
    const provider = state.deployment.resources.find(
      (r: { type: string }) => r.type === "pulumi:providers:wassist",
    );
    expect(provider.inputs.version).toBe(VERSION);
    await pluginLifecycle(p, url, env, outputs, VERSION);
  });

  test("Python: two organizations, an explicit Provider each, targets by name (docs/plugin.md); each write with its own key", async () => {
    const section = readmeBlocks("Many organizations in one stack", join(REPO, "docs", "plugin.md"));
    const [program] = section.python ?? [];
    const commands = section.sh?.[1];
    expect(program).toContain("wassist.Provider(name, api_key=api_key");
    const p = add(
      await newProject({
        name: "wassist-archive-python-orgs",
        files: { "Pulumi.yaml": withoutPlugins("python"), "__main__.py": program as string },
        customize: (f) => {
          f.tsconfig = null;
        },
      }),
    );
    const url = await emulatorFor(p);
    copyFileSync(archive, join(p.dir, basename(archive)));
    copyFileSync(wheel, join(p.dir, basename(wheel)));
    const env = { PATH: pathWithoutPackageBins(p) };
    const offline = (commands as string).replace(
      "venv/bin/pip install ",
      `venv/bin/pip install --quiet --no-index --find-links ${wheelsDir()} `,
    );
    const outputs = [await block(p, offline, url, env)];
    expect(outputs[0]).toMatch(/\+ 5 created/);
    expect(await liveRouting(url, numbers.support)).toEqual(["webhook", SEED_IDS.webhooks.crm, null]);
    expect(await liveRouting(url, numbers.stagingSupport, STAGING_API_KEY)).toEqual([
      "webhook",
      SEED_IDS.webhooks.stagingCrm,
      null,
    ]);
    expect(await writesByOrganization(url)).toEqual([
      `${SEED_IDS.acme} /api/v1/phone-numbers/${numbers.support}/subscribe/`,
      `${SEED_IDS.staging} /api/v1/phone-numbers/${numbers.stagingSupport}/subscribe/`,
    ]);
    outputs.push(await pulumiIn(p, ["destroy", "--yes"], env));
    expect(await liveRouting(url, numbers.support)).toEqual(["webhook", SEED_IDS.webhooks.zendesk, null]);
    expect(await liveRouting(url, numbers.stagingSupport, STAGING_API_KEY)).toEqual([null, null, null]);
    for (const text of [...outputs, ...filesUnder(p.stateDir).map((f) => f.text)]) {
      expect(text).not.toContain("from $PATH");
      expect(text).not.toContain(DEMO_KEY);
      expect(text).not.toContain(STAGING_API_KEY);
    }
  });
});
