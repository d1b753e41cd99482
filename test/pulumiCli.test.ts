// How the Pulumi CLI is found: $PULUMI_CLI and PATH at least as new as the pinned release, then
// the cache; a failure lists every attempt and why it failed. (Building and the npm fallback are
// exercised by .ci/run on a machine without the cache, not here: they reach the registries.)
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, expect, test } from "vitest";
import { ensureBundledPlugins, findPulumiCli, PINNED_PULUMI_VERSION } from "../scripts/pulumiCli";

const dir = mkdtempSync(join(tmpdir(), "wassist-cli-"));
const saved = {
  PULUMI_CLI: process.env.PULUMI_CLI,
  PATH: process.env.PATH,
  XDG_CACHE_HOME: process.env.XDG_CACHE_HOME,
};
afterEach(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fakeCli(name: string, version: string): string {
  const bin = join(dir, name);
  mkdirSync(bin, { recursive: true });
  const file = join(bin, "pulumi");
  writeFileSync(file, `#!/bin/sh\necho v${version}\n`);
  chmodSync(file, 0o755);
  return file;
}

test("PULUMI_CLI at least as new as the pinned release is used", () => {
  process.env.PULUMI_CLI = fakeCli("newer", "3.300.0");
  expect(findPulumiCli({ install: false })).toBe(process.env.PULUMI_CLI);
});

test("a pulumi on PATH is used when new enough", () => {
  delete process.env.PULUMI_CLI;
  const cli = fakeCli("on-path", PINNED_PULUMI_VERSION);
  process.env.PATH = `${join(dir, "on-path")}:/usr/bin:/bin`;
  expect(findPulumiCli({ install: false })).toBe(cli);
});

test("nothing usable: the error lists every attempt and why", () => {
  process.env.PULUMI_CLI = fakeCli("older", "3.100.0");
  process.env.PATH = `${join(dir, "older")}:/usr/bin:/bin`;
  process.env.XDG_CACHE_HOME = join(dir, "empty-cache");
  const older = join(dir, "older", "pulumi");
  expect(() => findPulumiCli({ install: false })).toThrow(
    [
      "no Pulumi CLI could be found or built:",
      `  - PULUMI_CLI=${older}: version 3.100.0 is older than ${PINNED_PULUMI_VERSION}`,
      `  - ${older} on PATH: version 3.100.0 is older than ${PINNED_PULUMI_VERSION}`,
      `  - ${join(dir, "empty-cache", "pulumi-wassist", `pulumi-v${PINNED_PULUMI_VERSION}`, "bin", "pulumi")}: not built yet`,
    ].join("\n"),
  );
});

test("the Node.js language host is built beside the cached CLI once, and again when its source changes", () => {
  const bin = join(dir, "cache-bin");
  mkdirSync(bin, { recursive: true });
  const source = join(dir, "host-source");
  mkdirSync(source, { recursive: true });
  writeFileSync(join(source, "main.go"), "package main\n");
  writeFileSync(join(source, "go.mod"), "module x\n");
  // A stand-in for `go` that records each build and writes the -o file.
  const goDir = join(dir, "fake-go");
  mkdirSync(goDir, { recursive: true });
  const calls = join(dir, "go-calls.log");
  writeFileSync(calls, "");
  writeFileSync(
    join(goDir, "go"),
    `#!/bin/sh\necho "$PWD $*" >> ${calls}\nwhile [ "$1" != "-o" ]; do shift; done\necho built > "$2"\n`,
  );
  chmodSync(join(goDir, "go"), 0o755);
  process.env.PATH = `${goDir}:/usr/bin:/bin`;
  process.env.WASSIST_LANGUAGE_HOST_SOURCE = source;
  const builds = () => readFileSync(calls, "utf8").split("\n").filter(Boolean);
  try {
    const cli = join(bin, "pulumi");
    ensureBundledPlugins(cli, () => {});
    expect(builds()).toHaveLength(1);
    expect(builds()[0]).toMatch(
      new RegExp(`^${source} build -trimpath -ldflags .*-o ${bin}/pulumi-language-nodejs`),
    );
    expect(readFileSync(join(bin, "pulumi-language-nodejs"), "utf8")).toBe("built\n");
    expect(existsSync(join(bin, "pulumi-resource-pulumi-nodejs"))).toBe(true);
    ensureBundledPlugins(cli, () => {});
    expect(builds()).toHaveLength(1);
    writeFileSync(join(source, "main.go"), "package main // changed\n");
    ensureBundledPlugins(cli, () => {});
    expect(builds()).toHaveLength(2);
    // Without the source, a host built before is used as it is.
    process.env.WASSIST_LANGUAGE_HOST_SOURCE = join(dir, "nowhere");
    ensureBundledPlugins(cli, () => {});
    expect(builds()).toHaveLength(2);
    rmSync(join(bin, "pulumi-language-nodejs"));
    expect(() => ensureBundledPlugins(cli, () => {})).toThrow(
      `the Go source of Pulumi's Node.js language host is not at ${join(dir, "nowhere")}`,
    );
  } finally {
    delete process.env.WASSIST_LANGUAGE_HOST_SOURCE;
  }
});
