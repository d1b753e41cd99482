// How the Pulumi CLI is found: $PULUMI_CLI and PATH at least as new as the pinned release, then
// the cache; a failure lists every attempt and why it failed. (Building and the npm fallback are
// exercised by .ci/run on a machine without the cache, not here: they reach the registries.)
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, expect, test } from "vitest";
import { findPulumiCli, PINNED_PULUMI_VERSION } from "../scripts/pulumiCli";

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
