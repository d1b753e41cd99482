// The plugin's SDKs and its one version number. sdk/ must be what `pulumi package gen-sdk` makes of
// the schema today (the CLI's own generators, run again here), and the version in package.json
// must be the one the plugin reports, the schema carries, the archive is named after and every SDK
// asks the engine for.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import type * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import { expect, test, vi } from "vitest";
import { PLUGIN_DOWNLOAD_URL } from "../provider/plugin/schema";
import { archiveName } from "../scripts/pluginArchive";
import { findPulumiCli, pulumiPath } from "../scripts/pulumiCli";
import { SDK_DIR, staleSdkFiles } from "../scripts/sdk";

vi.setConfig({ testTimeout: 120_000 });

const ROOT = join(__dirname, "..");
const VERSION = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version as string;
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");

/** The plugin as the engine starts it; its port is the first line of its stdout. */
async function startPlugin(): Promise<{ port: number; stop(): void }> {
  const child = spawn(join(ROOT, "bin", "pulumi-resource-wassist"), [], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("error", reject);
    child.stdout.once("data", (chunk: Buffer) => resolve(Number(String(chunk).split("\n")[0])));
  });
  return { port, stop: () => child.kill() };
}

test("sdk/ is what the schema generates, for Node.js, Python and Go", () => {
  const cli = findPulumiCli({ install: false });
  // The generators are the CLI's language hosts: all three must be there, or this test proves nothing.
  for (const host of ["nodejs", "python", "go"])
    expect(() =>
      execFileSync("which", [`pulumi-language-${host}`], { env: { PATH: pulumiPath(cli) } }),
    ).not.toThrow();
  expect(staleSdkFiles(cli)).toEqual([]);
});

test("one version: the plugin's GetPluginInfo, its schema, the archive's name and every SDK's are package.json's", async () => {
  const plugin = await startPlugin();
  const client = new provrpc.ResourceProviderClient(
    `127.0.0.1:${plugin.port}`,
    grpc.credentials.createInsecure(),
  );
  try {
    const info = await new Promise<plugproto.PluginInfo>((resolve, reject) =>
      client.getPluginInfo(new emptyproto.Empty(), (err, res) => (err ? reject(err) : resolve(res))),
    );
    expect(info.getVersion()).toBe(VERSION);
    const schema = await new Promise<string>((resolve, reject) =>
      client.getSchema(new provproto.GetSchemaRequest(), (err, res) =>
        err ? reject(err) : resolve(res.getSchema()),
      ),
    );
    expect(JSON.parse(schema)).toMatchObject({ version: VERSION, pluginDownloadURL: PLUGIN_DOWNLOAD_URL });
  } finally {
    client.close();
    plugin.stop();
  }
  expect(archiveName()).toBe(`pulumi-resource-wassist-v${VERSION}-linux-amd64.tar.gz`);
  // Node.js: the SDK's package.json and the one the build puts beside the compiled SDK (getVersion reads it).
  expect(existsSync(join(ROOT, "sdk", "nodejs", "package.json"))).toBe(false);
  expect(JSON.parse(read("dist/sdk/nodejs/package.json"))).toEqual({ version: VERSION });
  const nodeSdk = require(join(ROOT, "dist", "sdk", "nodejs", "utilities.js"));
  expect(nodeSdk.resourceOptsDefaults()).toEqual({
    version: VERSION,
    pluginDownloadURL: PLUGIN_DOWNLOAD_URL,
  });
  // Python: the wheel's version and the plugin the SDK names.
  expect(read("sdk/python/pyproject.toml")).toContain(`version = "${VERSION}"`);
  expect(JSON.parse(read("sdk/python/pulumi_wassist/pulumi-plugin.json"))).toMatchObject({
    version: VERSION,
  });
  // Go: the version every resource asks for, and the plugin the module names.
  expect(read("sdk/go/wassist/internal/pulumiUtilities.go")).toContain(`semver.MustParse("${VERSION}")`);
  expect(JSON.parse(read("sdk/go/wassist/pulumi-plugin.json"))).toMatchObject({ version: VERSION });
  expect(read("sdk/go/go.mod")).toMatch(/^module github\.com\/wassist\/pulumi-wassist\/sdk\/go$/m);
  expect(SDK_DIR).toBe(join(ROOT, "sdk"));
  // The policy pack reports the package's version too.
  expect(JSON.parse(read("policy/package.json"))).toMatchObject({ version: VERSION });
});
