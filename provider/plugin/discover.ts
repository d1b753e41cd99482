// wassist-discover: lists the organization's numbers (one API request) and writes a Pulumi bulk
// import file, so that `pulumi import --file numbers.json` brings every number of the account
// under management at once: no write, and the program code generated. The key and the origin
// come from the environment or the stack config names the provider reads (WASSIST_API_KEY,
// WASSIST_BASE_URL); a key is never a flag (flags stay in shell histories).
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { routingFromApi } from "../resource/modes";
import { clientOf, MISSING_KEY, readSettings } from "../settings";
import type { PhoneNumber } from "../wassist/models";
import { RESOURCE_TOKEN } from "./schema";

export const usage = `Usage: wassist-discover [options]
  --out FILE          where to write the import file (default: numbers.json; "-" = stdout)
  --prefix P          resource names are P followed by the number's digits (default "number-")
  --include-sandbox   also import shared sandbox numbers (their routing is Wassist's)
  --help
The key comes from WASSIST_API_KEY, the API origin from WASSIST_BASE_URL. Then:
  pulumi import --file numbers.json`;

export interface ImportFile {
  resources: { type: string; name: string; id: string }[];
}

/** The bulk-import file for these numbers. */
export function importFile(
  numbers: PhoneNumber[],
  options: { prefix: string; includeSandbox: boolean },
): ImportFile {
  return {
    resources: numbers
      .filter((n) => options.includeSandbox || !n.isSandbox)
      .map((n) => ({ type: RESOURCE_TOKEN, name: `${options.prefix}${n.number}`, id: n.number })),
  };
}

export async function discover(
  args: string[],
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      out: { type: "string", default: "numbers.json" },
      prefix: { type: "string", default: "number-" },
      "include-sandbox": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    log(usage);
    return 0;
  }
  const settings = readSettings(() => undefined, env);
  if (!settings.apiKey) {
    log(`wassist-discover: ${MISSING_KEY.replace(/`pulumi config[^`]*` or /, "")}`);
    return 2;
  }
  const client = clientOf(settings);
  try {
    const numbers = await client.listPhoneNumbers();
    const file = importFile(numbers, { prefix: values.prefix, includeSandbox: values["include-sandbox"] });
    const text = `${JSON.stringify(file, null, 2)}\n`;
    if (values.out === "-") process.stdout.write(text);
    else writeFileSync(values.out, text);
    const skipped = numbers.length - file.resources.length;
    const routed = numbers.filter((n) => !n.isSandbox && routingFromApi(n.defaultRouting) !== "none").length;
    log(
      `wassist-discover: ${file.resources.length} numbers (${routed} routed) written to ${values.out === "-" ? "stdout" : values.out}${skipped > 0 ? `; ${skipped} sandbox numbers left out (--include-sandbox)` : ""}. Next: pulumi import --file ${values.out === "-" ? "<file>" : values.out}`,
    );
    return 0;
  } catch (err) {
    log(`wassist-discover: ${(err as Error).message}`);
    return 1;
  } finally {
    await client.close();
  }
}
