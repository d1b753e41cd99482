// The plugin's SDKs, generated from its schema by the Pulumi CLI's own code generators
// (`pulumi package gen-sdk`, through the Node.js, Python and Go language hosts), committed under
// sdk/: sdk/nodejs (compiled by the build into dist/sdk/nodejs, the package's `pulumi-wassist/plugin`
// export), sdk/python (the `pulumi_wassist` wheel, `--wheel`) and sdk/go (the Go module; its go.mod is
// kept by hand, the rest generated).
//
//   node dist/scripts/sdk.js            regenerates sdk/ from the built schema
//   node dist/scripts/sdk.js --check    fails naming every file that differs from what the schema generates
//   node dist/scripts/sdk.js --wheel D  builds the Python SDK's wheel into D (prints its path)
import { execFileSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { packageVersion } from "../provider/plugin/main";
import { packageSchema } from "../provider/plugin/schema";
import { findPulumiCli, pulumiPath, repoRoot } from "./pulumiCli";

export const SDK_LANGUAGES = ["nodejs", "python", "go"] as const;
export const SDK_DIR = join(repoRoot, "sdk");
/** Files under sdk/ that are not generated (kept by hand): the Go module's manifest. */
export const HAND_KEPT = ["go/go.mod", "go/go.sum"];
/**
 * Generated files left out of sdk/: the Node.js SDK's package.json declares the plugin
 * (`"pulumi": {"resource": true, …}`), and Pulumi's Node.js language host reads every package.json
 * under a program's node_modules, where programs in this repository find the repository itself
 * (`pulumi-wassist: file:…`): each would then ask for the plugin. The build writes the one file of
 * it the SDK reads (its version) beside the compiled SDK instead.
 */
export const NOT_COMMITTED = ["nodejs/package.json"];

/** Every file under `dir`, relative, sorted. */
export function filesUnder(dir: string, base = dir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? filesUnder(path, base) : [relative(base, path)];
    })
    .sort();
}

/** Generates every SDK from the schema of this package's version into `out` (out/nodejs, out/python, out/go). */
export function generateSdks(out: string, cli = findPulumiCli()): void {
  const work = mkdtempSync(join(tmpdir(), "wassist-sdk-"));
  try {
    const schema = join(work, "schema.json");
    writeFileSync(schema, `${JSON.stringify(packageSchema(packageVersion()), null, 2)}\n`);
    for (const language of SDK_LANGUAGES) {
      execFileSync(cli, ["package", "gen-sdk", schema, "--language", language, "--out", out], {
        cwd: work,
        stdio: ["ignore", "pipe", "pipe"],
        env: {
          ...process.env,
          PATH: pulumiPath(cli),
          PULUMI_HOME: join(work, "home"),
          PULUMI_SKIP_UPDATE_CHECK: "true",
        },
      });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The generated files that differ from sdk/ (changed, missing or extra), relative to sdk/. */
export function staleSdkFiles(cli = findPulumiCli()): string[] {
  const fresh = mkdtempSync(join(tmpdir(), "wassist-sdk-fresh-"));
  try {
    generateSdks(fresh, cli);
    const generated = filesUnder(fresh).filter((file) => !NOT_COMMITTED.includes(file));
    const committed = filesUnder(SDK_DIR).filter((file) => !HAND_KEPT.includes(file));
    const stale = generated.filter(
      (file) =>
        !existsSync(join(SDK_DIR, file)) ||
        !readFileSync(join(SDK_DIR, file)).equals(readFileSync(join(fresh, file))),
    );
    return [...stale, ...committed.filter((file) => !generated.includes(file))].sort();
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
}

/** Regenerates sdk/ in place (the hand-kept files stay). */
export function regenerate(cli = findPulumiCli()): void {
  // The generator clears a language's directory: the files kept by hand are put back after it.
  const kept = HAND_KEPT.map((file) => [file, readFileSync(join(SDK_DIR, file))] as const);
  for (const language of SDK_LANGUAGES) {
    const dir = join(SDK_DIR, language);
    for (const file of filesUnder(dir)) {
      if (!HAND_KEPT.includes(join(language, file))) rmSync(join(dir, file));
    }
  }
  generateSdks(SDK_DIR, cli);
  for (const file of NOT_COMMITTED) rmSync(join(SDK_DIR, file));
  for (const [file, content] of kept) writeFileSync(join(SDK_DIR, file), content);
}

/**
 * Builds the Python SDK's wheel (`pulumi_wassist-<version>-py3-none-any.whl`) into `out` with pip
 * and setuptools from the virtual environment `python` belongs to; returns the wheel's path.
 */
export function buildWheel(out: string, python: string): string {
  const work = mkdtempSync(join(tmpdir(), "wassist-wheel-"));
  try {
    cpSync(join(SDK_DIR, "python"), work, { recursive: true });
    mkdirSync(out, { recursive: true });
    execFileSync(
      python,
      ["-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--no-index", "-w", out, work],
      { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: "1" } },
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const wheel = join(out, `pulumi_wassist-${packageVersion()}-py3-none-any.whl`);
  if (!existsSync(wheel)) throw new Error(`pip wheel wrote no ${wheel}`);
  return wheel;
}

if (require.main === module) {
  const [flag, arg] = process.argv.slice(2);
  if (flag === "--check") {
    const stale = staleSdkFiles();
    if (stale.length > 0) {
      console.error(
        `sdk/ differs from what the schema generates: ${stale.join(", ")}\nrun \`npm run sdk\` and commit sdk/`,
      );
      process.exit(1);
    }
    console.log("sdk/ is what the schema generates");
  } else if (flag === "--wheel") {
    console.log(buildWheel(arg ?? join(repoRoot, "dist", "python"), process.env.PYTHON ?? "python3"));
  } else {
    regenerate();
    console.log(`regenerated ${SDK_LANGUAGES.map((l) => `sdk/${l}`).join(", ")}`);
  }
}
