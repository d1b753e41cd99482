// Go for the plugin's Go program (examples/go): the modules its go.sum names (Pulumi's Go SDK and
// its dependencies, from the Go module proxy) downloaded once into Go's module cache
// (`--ensure`, which .ci/run calls), so that the consumer suite builds the program with
// GOPROXY=off: without reaching the network. Also actionlint, the linter the GitOps suite runs on
// examples/gitops/ci/github-actions.yml, built once from its Go module into the project's cache.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { cacheRoot, repoRoot } from "../pulumiCli";

export const GO_EXAMPLE = join(repoRoot, "examples", "go");
export const ACTIONLINT_VERSION = "v1.7.12";

/** Downloads the modules of examples/go and sdk/go into the module cache (a no-op once they are there). */
export function ensureGoModules(): void {
  for (const dir of [GO_EXAMPLE, join(repoRoot, "sdk", "go")])
    execFileSync("go", ["mod", "download", "all"], { cwd: dir, stdio: ["ignore", "inherit", "inherit"] });
}

/** The actionlint executable, built from github.com/rhysd/actionlint at ACTIONLINT_VERSION on first use. */
export function ensureActionlint(): string {
  const dir = join(cacheRoot(), `actionlint-${ACTIONLINT_VERSION}`);
  const bin = join(dir, "actionlint");
  if (!existsSync(bin))
    execFileSync("go", ["install", `github.com/rhysd/actionlint/cmd/actionlint@${ACTIONLINT_VERSION}`], {
      env: { ...process.env, GOBIN: dir, GOFLAGS: "-buildvcs=false" },
      stdio: ["ignore", "inherit", "inherit"],
    });
  return bin;
}

if (require.main === module && process.argv[2] === "--ensure") {
  ensureGoModules();
  console.log("Go modules of examples/go and sdk/go are in the module cache");
  console.log(`actionlint ${ACTIONLINT_VERSION}: ${ensureActionlint()}`);
}
