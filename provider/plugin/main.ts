// pulumi-resource-wassist: the entry point the Pulumi engine launches (as
// `pulumi-resource-wassist <engine address>`). It serves the plugin and prints the port on the
// first line of stdout, which is how the engine finds it; what the provider says goes to the
// engine's log (the CLI hides a plugin's stderr).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { logToEngine, servePlugin } from "./server";

/** This package's version: the plugin's version and the schema's. */
export function packageVersion(): string {
  return JSON.parse(readFileSync(join(__dirname, "..", "..", "..", "package.json"), "utf8")).version;
}

export async function main(args: string[] = process.argv.slice(2)): Promise<void> {
  // The engine's address: where the provider's messages go (`--flag`s before it are the engine's).
  const engine = args.find((arg) => !arg.startsWith("-"));
  if (engine) logToEngine(engine);
  const { port } = await servePlugin({ version: packageVersion() });
  process.stdout.write(`${port}\n`);
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`pulumi-resource-wassist: ${(err as Error).message}\n`);
    process.exit(1);
  });
}
