// `npm run pack`: the npm package as it is published, `dist/pulumi-wassist-<version>.tgz`. The
// tarball's package.json is the repository's without what only developing it needs (its scripts
// and devDependencies): the package is also a source-based Pulumi plugin, and Pulumi runs
// `npm install` in a plugin's directory (`pulumi package add`, `pulumi install`), where the
// repository's `prepare` would rebuild dist/ from sources the tarball does not hold and npm would
// fetch the whole toolchain.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "./pulumiCli";

/** The fields of package.json a user's npm reads; the rest stays in the repository. */
const PUBLISHED = [
  "name",
  "version",
  "description",
  "license",
  "main",
  "types",
  "exports",
  "bin",
  "files",
  "engines",
  "dependencies",
  "peerDependencies",
  "peerDependenciesMeta",
] as const;

export function publishedManifest(): Record<string, unknown> {
  const manifest = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
  return Object.fromEntries(PUBLISHED.filter((key) => key in manifest).map((key) => [key, manifest[key]]));
}

/** The package's files (package.json's `files`, README, LICENSE) with the published manifest, in a new directory. */
export function stagePackage(): string {
  const manifest = publishedManifest();
  const stage = mkdtempSync(join(tmpdir(), "wassist-package-"));
  for (const entry of [...(manifest.files as string[]), "README.md", "LICENSE"])
    cpSync(join(repoRoot, entry), join(stage, entry), { recursive: true });
  writeFileSync(join(stage, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return stage;
}

/** `npm pack` of the staged package into `out`; returns the tarball's path. */
export function pack(out: string = join(repoRoot, "dist")): string {
  const stage = stagePackage();
  try {
    mkdirSync(out, { recursive: true });
    const printed = execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", out], {
      cwd: stage,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    return join(out, JSON.parse(printed)[0].filename);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

if (require.main === module) console.log(pack(process.argv[2]));
