// Before any test: dist/ is built from the sources as they are now. Tests import the sources;
// what must run as a user runs it (the emulator's bin, the dynamic-provider process loading the
// package through its `__provider` text, directory programs) runs dist/, and a plain
// `npx vitest` must not test a stale build. Rebuilds only when a source is newer than the build,
// with the steps of `npm run build` (the plugin's Node.js SDK, its version file, the rest).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..");

function newest(dir: string, ext: string): number {
  if (!existsSync(dir)) return 0;
  let latest = 0;
  for (const file of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    if (file.endsWith(ext)) latest = Math.max(latest, statSync(join(dir, file)).mtimeMs);
  }
  return latest;
}

export default function setup(): void {
  const sources = Math.max(
    ...["provider", "emulator", "scripts", join("sdk", "nodejs")].map((d) => newest(join(ROOT, d), ".ts")),
  );
  const built = newest(join(ROOT, "dist"), ".js");
  if (built === 0 || sources > built) {
    // As `npm run build`: from an empty dist/, so that no output of a removed source is left.
    rmSync(join(ROOT, "dist"), { recursive: true, force: true });
    const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
    execFileSync(process.execPath, [tsc, "-p", join(ROOT, "tsconfig.sdk.json")], { stdio: "inherit" });
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    writeFileSync(join(ROOT, "dist", "sdk", "nodejs", "package.json"), `${JSON.stringify({ version })}\n`);
    execFileSync(process.execPath, [tsc, "-p", join(ROOT, "tsconfig.json")], { stdio: "inherit" });
  }
}
