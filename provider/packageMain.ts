// The package's `main`. Programs get the library (`exports` sends `require("pulumi-wassist")` to
// index.ts; a resolver that reads only `main` gets the same through the re-export below). Pulumi's
// Node.js plugin runner (`@pulumi/pulumi/cmd/run-plugin`, which runs a source-based plugin: the
// package's PulumiPlugin.yaml, `pulumi package add`) loads the package's directory, and so this
// file: loaded by it, the file also serves the `wassist` provider plugin.
import { sep } from "node:path";
import { main } from "./plugin/main";

if (require.main?.filename.includes(`${sep}cmd${sep}run-plugin${sep}`)) {
  main(process.argv.slice(2)).catch((err) => {
    process.stderr.write(`pulumi-resource-wassist: ${(err as Error).message}\n`);
    process.exit(1);
  });
}

export * from "./index";
