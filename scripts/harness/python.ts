// Python for the plugin's Python programs: the wheels of tools/python/requirements.txt (Pulumi's
// Python SDK from PyPI and its dependencies, pinned), downloaded once into the project's cache
// (`--ensure`, which .ci/run calls), and a virtual environment per program with those wheels and the
// SDK that `pulumi package gen-sdk` generated, installed without reaching the network.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { cacheRoot, repoRoot } from "../pulumiCli";

export const REQUIREMENTS = join(repoRoot, "tools", "python", "requirements.txt");

/** The python3 the tests use (PYTHON, else python3 on PATH). */
export function python(): string {
  return process.env.PYTHON ?? "python3";
}

/** The cached wheels of the requirements (a change of the file downloads them again). */
export function wheelsDir(): string {
  const digest = createHash("sha256").update(readFileSync(REQUIREMENTS)).digest("hex").slice(0, 16);
  return join(cacheRoot(), `python-wheels-${digest}`);
}

/** Downloads the wheels once (binary wheels only: nothing is compiled). */
export function ensureWheels(log: (line: string) => void = console.error): string {
  const dir = wheelsDir();
  if (existsSync(dir)) return dir;
  const partial = `${dir}.partial-${process.pid}`;
  log(`downloading the Python wheels of ${REQUIREMENTS} into ${dir}…`);
  execFileSync(
    python(),
    ["-m", "pip", "download", "--only-binary=:all:", "-r", REQUIREMENTS, "-d", partial],
    {
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  renameSync(partial, dir);
  return dir;
}

/** A virtual environment at `venv` with the SDK packages installed from the cached wheels only. */
export function createVenv(venv: string, packages: string[]): void {
  const wheels = wheelsDir();
  if (!existsSync(wheels))
    throw new Error(
      `no Python wheels at ${wheels}: run \`node dist/scripts/harness/python.js --ensure\` first`,
    );
  rmSync(venv, { recursive: true, force: true });
  execFileSync(python(), ["-m", "venv", venv], { stdio: "ignore" });
  execFileSync(
    join(venv, "bin", "python"),
    [
      "-m",
      "pip",
      "install",
      "--quiet",
      "--no-index",
      "--find-links",
      wheels,
      "-r",
      REQUIREMENTS,
      ...packages,
    ],
    { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: "1" } },
  );
}

if (require.main === module && process.argv[2] === "--ensure") {
  console.log(ensureWheels());
}
