// What `npm pack` ships: the library, its types, the emulator, the plugin and the bins, the plugin's
// SDKs (Node.js compiled; Python and Go as generated) — nothing else (the engine harness, demo,
// bench and chaos scripts stay in the repository).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { publishedManifest, stagePackage } from "../scripts/pack";
import { filesUnder } from "../scripts/sdk";

const ROOT = join(__dirname, "..");
const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));

/** dist/<dir>/<path>.js and .d.ts for every source file under <dir>. */
function built(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .flatMap((f) => [
      `dist/${dir}/${f.replace(/\.ts$/, ".d.ts")}`,
      `dist/${dir}/${f.replace(/\.ts$/, ".js")}`,
    ]);
}

test("the tarball holds exactly the library, its types, the emulator, the SDKs, the README and the licence", () => {
  const stage = stagePackage();
  let out: string;
  try {
    out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
      cwd: stage,
      encoding: "utf8",
    });
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
  const files = (JSON.parse(out)[0].files as { path: string }[]).map((f) => f.path).sort();
  expect(files).toEqual(
    [
      "LICENSE",
      "README.md",
      "bin/pulumi-resource-wassist",
      "bin/wassist-discover",
      "bin/wassist-drift",
      ...built("emulator"),
      ...built("provider"),
      ...built("sdk/nodejs"),
      "dist/sdk/nodejs/package.json",
      ...["go", "python"].flatMap((language) =>
        filesUnder(join(ROOT, "sdk", language))
          .filter((f) => !f.endsWith(".gitignore"))
          .map((f) => `sdk/${language}/${f}`),
      ),
      "package.json",
      "policy/PulumiPolicy.yaml",
      "policy/index.js",
      "policy/package.json",
      "PulumiPlugin.yaml",
    ].sort(),
  );
});

test("the published package.json has no scripts and no devDependencies (Pulumi runs npm install in a plugin's directory)", () => {
  const published = publishedManifest();
  expect(published).not.toHaveProperty("scripts");
  expect(published).not.toHaveProperty("devDependencies");
  expect(published).toMatchObject({ name: "pulumi-wassist", version: manifest.version, main: manifest.main });
  expect(Object.keys(published.dependencies as object)).toEqual(Object.keys(manifest.dependencies));
  // Without the meta, npm installs every peer: @pulumi/policy in every user's project.
  expect(published.peerDependencies).toEqual(manifest.peerDependencies);
  expect(published.peerDependenciesMeta).toEqual({ "@pulumi/policy": { optional: true } });
});

test("the package's main is the library unless Pulumi's plugin runner loads it", () => {
  const library = require(join(ROOT, "dist", "provider", "index.js"));
  const main = require(join(ROOT, manifest.main));
  expect(Object.keys(main).sort()).toEqual(Object.keys(library).sort());
  expect(main.PhoneNumberRouting).toBe(library.PhoneNumberRouting);
});

test("every path package.json names exists after the build, and the bin starts with a shebang", () => {
  const named = [
    ...manifest.files,
    manifest.main,
    manifest.types,
    ...Object.values(manifest.bin as Record<string, string>),
    ...Object.values(manifest.exports as Record<string, string | Record<string, string>>).flatMap((e) =>
      typeof e === "string" ? [e] : Object.values(e),
    ),
  ];
  for (const path of named) expect(existsSync(join(ROOT, path)), path).toBe(true);
  for (const bin of Object.values(manifest.bin as Record<string, string>))
    expect(readFileSync(join(ROOT, bin), "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
});

test("the published types need nothing of zod (its declarations do not type-check under every consumer tsconfig)", () => {
  const seen = new Set<string>();
  const importsOf = (file: string): string[] =>
    [...readFileSync(file, "utf8").matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)].map((m) => m[1] as string);
  // A relative import names a module file or a directory's index.
  const declarations = (path: string) =>
    existsSync(`${path}.d.ts`) ? `${path}.d.ts` : join(path, "index.d.ts");
  const visit = (file: string): string[] => {
    if (seen.has(file)) return [];
    seen.add(file);
    return importsOf(file).flatMap((spec) =>
      spec.startsWith(".") ? visit(declarations(join(file, "..", spec.replace(/\.js$/, "")))) : [spec],
    );
  };
  const external = new Set([
    ...visit(join(ROOT, "dist", "provider", "index.d.ts")),
    ...visit(join(ROOT, "dist", "sdk", "nodejs", "index.d.ts")),
  ]);
  expect(seen.size).toBeGreaterThan(5);
  expect([...external].sort()).toEqual(["@pulumi/pulumi", "undici"]);
});
