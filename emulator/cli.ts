#!/usr/bin/env node
// `wassist-emulator` / `npm run emulator`: runs the local Wassist API until interrupted.
import { parseArgs } from "node:util";
import { z } from "zod";
import { defaultSeed, type EmulatorOptions, type RunningEmulator, startEmulator } from "./index";

const wholeNumber = (min: number) => {
  const error = `must be a whole number of at least ${min}`;
  return z.coerce.number({ error }).int({ error }).min(min, { error });
};

/** The options as parseArgs gives them (strings), checked and converted. */
const optionsSchema = z.object({
  port: wholeNumber(0),
  host: z.string(),
  "api-key": z.array(z.string()).optional(),
  seed: z.string().optional(),
  state: z.string().optional(),
  "rate-limit": wholeNumber(1),
  latency: wholeNumber(0),
  "sandbox-mode": z.enum(["scoped", "reject"], { error: 'must be "scoped" or "reject"' }),
  shape: z.enum(["nested", "flat"], { error: 'must be "nested" or "flat"' }),
});

const usage = `Usage: wassist-emulator [options]
  --port N           port to listen on (default 8050; 0 = any free port)
  --host H           address to listen on (default 127.0.0.1)
  --api-key KEY      accepted API key (repeatable; default: the seed's demo keys)
  --seed FILE        JSON seed (default: the built-in seed; see --print-seed)
  --state FILE       persist state to FILE across restarts (atomic writes)
  --rate-limit N     requests per minute per key before 429 (default 100)
  --latency MS       delay added to every API request (default 0)
  --sandbox-mode M   "scoped" (docs: change only the caller's conversation) or "reject" (400)
  --shape S          number objects with "nested" objects (default; the SDK and live calls) or "flat" id strings (the docs)
  --print-seed       print the built-in seed as JSON and exit
  --help`;

/** The emulator's options from the command line, or what to print instead of starting it. */
export function cliOptions(args: string[]): EmulatorOptions | "help" | "print-seed" {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: "string", default: "8050" },
      host: { type: "string", default: "127.0.0.1" },
      "api-key": { type: "string", multiple: true },
      seed: { type: "string" },
      state: { type: "string" },
      "rate-limit": { type: "string", default: "100" },
      latency: { type: "string", default: "0" },
      "sandbox-mode": { type: "string", default: "scoped" },
      shape: { type: "string", default: "nested" },
      "print-seed": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return "help";
  if (values["print-seed"]) return "print-seed";
  const parsed = optionsSchema.safeParse(values);
  if (!parsed.success) {
    const { fieldErrors } = z.flattenError(parsed.error);
    throw new Error(
      Object.entries(fieldErrors)
        .map(([name, problems]) => `--${name} ${problems?.[0]}, got "${values[name as keyof typeof values]}"`)
        .join("; "),
    );
  }
  const options = parsed.data;
  return {
    port: options.port,
    host: options.host,
    apiKeys: options["api-key"],
    seed: options.seed,
    statePath: options.state,
    rateLimit: options["rate-limit"],
    latencyMs: options.latency,
    sandboxMode: options["sandbox-mode"],
    shape: options.shape,
  };
}

/**
 * What the command does with its options: prints the usage or the seed (undefined), or starts the
 * emulator and prints where it listens, its keys and a first request. `log` receives stdout lines.
 */
export async function run(
  options: ReturnType<typeof cliOptions>,
  log: (line: string) => void = console.log,
): Promise<RunningEmulator | undefined> {
  if (options === "help") {
    log(usage);
    return undefined;
  }
  if (options === "print-seed") {
    log(JSON.stringify(defaultSeed, null, 2));
    return undefined;
  }
  const running = await startEmulator(options);
  log(`Wassist emulator listening on ${running.url}`);
  for (const [key, org] of running.emulator.keys) log(`API key: ${key} (organization ${org})`);
  log(`Try: curl -H 'X-API-Key: ${running.apiKey}' ${running.url}/api/v1/phone-numbers/`);
  return running;
}

if (require.main === module) {
  let options: ReturnType<typeof cliOptions> | undefined;
  try {
    options = cliOptions(process.argv.slice(2));
  } catch (err) {
    console.error(`wassist-emulator: ${(err as Error).message}\n\n${usage}`);
    process.exit(2);
  }
  run(options).then(
    (running) => {
      if (!running) return;
      const stop = () => running.close().then(() => process.exit(0));
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    },
    (err: Error) => {
      console.error(`wassist-emulator: ${err.message}`);
      process.exit(1);
    },
  );
}
