// The npm package as a source-based Pulumi plugin: `pulumi package add ./node_modules/pulumi-wassist`
// from the packed package, outside the repository, as docs/installation-configuration.md says —
// a Python project runs its whole lifecycle through it; for TypeScript and YAML the doc names the
// exact errors of Pulumi's tools, and these tests hold it to them.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test, vi } from "vitest";
import { parse } from "yaml";
import { SEED_IDS } from "../../emulator/index";
import {
  liveRouting,
  newProject,
  ok,
  pluginLifecycle,
  README_URL,
  readmeBlocks,
  run,
  useProjects,
} from "../../scripts/harness/consumer";
import { REPO } from "../../scripts/harness/engine";
import { createVenv, wheelsDir } from "../../scripts/harness/python";

// Each test installs from the registry and runs the CLI: minutes on a busy machine.
vi.setConfig({ testTimeout: 600_000 });

const DOC = join(REPO, "docs", "installation-configuration.md");
const { numbers, agents } = SEED_IDS;
const { add, emulatorFor } = useProjects();
const doc = readFileSync(DOC, "utf8");

describe("pulumi package add ./node_modules/pulumi-wassist", () => {
  test("Python: the SDK generated into sdks/wassist, packages: in Pulumi.yaml; up, drift, refresh, destroy", async () => {
    const [commands] = readmeBlocks("pulumi package add", DOC).sh ?? [];
    expect(commands).toContain(
      "npm install pulumi-wassist\npulumi package add ./node_modules/pulumi-wassist\n",
    );
    const p = add(
      await newProject({
        name: "wassist-package-add",
        files: {
          "Pulumi.yaml":
            "name: wassist-package-add\nruntime:\n  name: python\n  options:\n    toolchain: pip\n    virtualenv: venv\n",
          "requirements.txt": "pulumi==3.272.0\n",
          "__main__.py": readFileSync(join(REPO, "examples", "python", "__main__.py"), "utf8"),
        },
        customize: (f) => {
          f.tsconfig = null;
        },
      }),
    );
    const url = await emulatorFor(p);
    createVenv(join(p.dir, "venv"), []);
    // PyPI is the test's cache of wheels (tools/python/requirements.txt), for pip and the SDK's build.
    const env = { PIP_NO_INDEX: "1", PIP_FIND_LINKS: wheelsDir() };
    const script = (commands as string)
      .replace("npm install pulumi-wassist\n", "")
      .replaceAll(README_URL, url);
    const r = await ok(
      run("/bin/bash", ["-euo", "pipefail", "-c", script], { cwd: p.dir, env: { ...p.env, ...env } }),
      `the doc block\n${script}`,
    );
    const outputs = [`${r.stdout}${r.stderr}`];
    expect(outputs[0]).toMatch(/\+ 3 created/);
    expect(parse(readFileSync(join(p.dir, "Pulumi.yaml"), "utf8")).packages).toEqual({
      wassist: "./node_modules/pulumi-wassist",
    });
    expect(readFileSync(join(p.dir, "requirements.txt"), "utf8")).toContain("sdks/wassist");
    expect(await liveRouting(url, numbers.sales)).toEqual(["agent", null, agents.support]);
    await pluginLifecycle(p, url, env, outputs);
  });

  test("TypeScript: npm refuses the SDK's name, as the doc says (pulumi-wassist/plugin is that SDK already)", async () => {
    const p = add(
      await newProject({ name: "wassist-package-add-ts", program: { file: "index.ts", text: "" } }),
    );
    const r = await p.pulumi(["package", "add", "./node_modules/pulumi-wassist"]);
    expect(r.code).not.toBe(0);
    expect(`${r.stdout}${r.stderr}`).toContain('Invalid package name "pulumi-wassist/plugin"');
    expect(doc).toContain("`npm error code EINVALIDPACKAGENAME`");
    expect(`${r.stdout}${r.stderr}`).toContain("EINVALIDPACKAGENAME");
  });

  test("YAML: the YAML language host cannot link a package, as the doc says", async () => {
    const p = add(
      await newProject({
        name: "wassist-package-add-yaml",
        files: { "Pulumi.yaml": "name: wassist-package-add-yaml\nruntime: yaml\n" },
        customize: (f) => {
          f.tsconfig = null;
        },
      }),
    );
    const r = await p.pulumi(["package", "add", "./node_modules/pulumi-wassist"]);
    expect(r.code).not.toBe(0);
    const error = "error: linking package: method Link not implemented";
    expect(`${r.stdout}${r.stderr}`).toContain(error);
    expect(doc.replace(/\n\s*/g, " ")).toContain(error);
  });
});
