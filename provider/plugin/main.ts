// pulumi-resource-wassist: the entry point the Pulumi engine launches (as
// `pulumi-resource-wassist <engine address>`). It serves the plugin and prints the port on the
// first line of stdout, which is how the engine finds it; what the provider says goes to the
// engine's log (the CLI hides a plugin's stderr).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Server } from "@grpc/grpc-js";
import { logToEngine, servePlugin } from "./server";

/** This package's version (its nearest package.json above this file): the plugin's and the schema's. */
export function packageVersion(from = __dirname): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, "utf8"));
    if (manifest.name === "pulumi-wassist") return manifest.version;
  }
  throw new Error(`no package.json of pulumi-wassist above ${from}`);
}

/** Serves the plugin; `version` is given by the self-contained executable, which has no package.json. */
export async function main(
  args: string[] = process.argv.slice(2),
  version: string = packageVersion(),
): Promise<{ server: Server; port: number }> {
  // The engine's address: where the provider's messages go (`--flag`s before it are the engine's).
  const engine = args.find((arg) => !arg.startsWith("-"));
  if (engine) logToEngine(engine);
  const served = await servePlugin({ version });
  process.stdout.write(`${served.port}\n`);
  return served;
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`pulumi-resource-wassist: ${(err as Error).message}\n`);
    process.exit(1);
  });
}
