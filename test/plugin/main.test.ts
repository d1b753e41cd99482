// The plugin's entry point and its schema as a contract: main() serves on 127.0.0.1 and prints the
// port on stdout's first line (how the engine finds it), with the package's version; the schema
// is compared with the committed one (test/plugin/__snapshots__/wassist-schema.json), so any change to
// what Pulumi YAML, SDK generation and `pulumi package get-schema` see is a reviewed change.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import { expect, test, vi } from "vitest";
import { main, packageVersion } from "../../provider/plugin/main";
import { packageSchema } from "../../provider/plugin/schema";

const manifest = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8"));

test("main serves the plugin and prints its port, alone, on stdout", async () => {
  const written: string[] = [];
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    written.push(String(chunk));
    return true;
  });
  let served: Awaited<ReturnType<typeof main>> | undefined;
  try {
    served = await main([]);
  } finally {
    spy.mockRestore();
  }
  expect(written).toEqual([`${served.port}\n`]);
  const client = new provrpc.ResourceProviderClient(
    `127.0.0.1:${served.port}`,
    grpc.credentials.createInsecure(),
  );
  try {
    const version = await new Promise<string>((resolve, reject) =>
      client.getPluginInfo(new emptyproto.Empty(), (err, info) =>
        err ? reject(err) : resolve(info.getVersion()),
      ),
    );
    expect(version).toBe(manifest.version);
  } finally {
    client.close();
    served.server.forceShutdown();
  }
});

test("the version is the package's, found from the source or the build", () => {
  expect(packageVersion()).toBe(manifest.version);
  expect(packageVersion(join(__dirname, "..", "..", "dist", "provider", "plugin"))).toBe(manifest.version);
  expect(() => packageVersion("/")).toThrow("no package.json of pulumi-wassist above /");
});

test("the schema is the committed one", async () => {
  await expect(`${JSON.stringify(packageSchema("0.1.0"), null, 2)}\n`).toMatchFileSnapshot(
    "__snapshots__/wassist-schema.json",
  );
});
