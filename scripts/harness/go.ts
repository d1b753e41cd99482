// Go for the plugin's Go program (examples/go): the modules its go.sum names (Pulumi's Go SDK and
// its dependencies, from the Go module proxy) downloaded once into Go's module cache
// (`--ensure`, which .ci/run calls), so that the consumer suite builds the program with
// GOPROXY=off: without reaching the network.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { repoRoot } from "../pulumiCli";

export const GO_EXAMPLE = join(repoRoot, "examples", "go");

/** Downloads the modules of examples/go and sdk/go into the module cache (a no-op once they are there). */
export function ensureGoModules(): void {
  for (const dir of [GO_EXAMPLE, join(repoRoot, "sdk", "go")])
    execFileSync("go", ["mod", "download", "all"], { cwd: dir, stdio: ["ignore", "inherit", "inherit"] });
}

if (require.main === module && process.argv[2] === "--ensure") {
  ensureGoModules();
  console.log("Go modules of examples/go and sdk/go are in the module cache");
}
