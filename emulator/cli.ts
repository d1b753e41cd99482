#!/usr/bin/env node
// `wassist-emulator` / `npm run emulator`: runs the local Wassist API until interrupted.
import { parseArgs } from "node:util";
import { defaultSeed, startEmulator } from "./index";

const usage = `Usage: wassist-emulator [options]
  --port N           port to listen on (default 8050; 0 = any free port)
  --host H           address to listen on (default 127.0.0.1)
  --api-key KEY      accepted API key (repeatable; default: the seed's demo keys)
  --seed FILE        JSON seed (default: the built-in seed; see --print-seed)
  --state FILE       persist state to FILE across restarts (atomic writes)
  --rate-limit N     requests per minute per key before 429 (default 100)
  --latency MS       delay added to every API request (default 0)
  --sandbox-mode M   "scoped" (docs: change only the caller's conversation) or "reject" (400)
  --shape S          number objects as in the "docs" (id strings) or the "sdk" (nested objects)
  --print-seed       print the built-in seed as JSON and exit
  --help`;

function main(): void {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "8050" },
      host: { type: "string", default: "127.0.0.1" },
      "api-key": { type: "string", multiple: true },
      seed: { type: "string" },
      state: { type: "string" },
      "rate-limit": { type: "string", default: "100" },
      latency: { type: "string", default: "0" },
      "sandbox-mode": { type: "string", default: "scoped" },
      shape: { type: "string", default: "docs" },
      "print-seed": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  if (values["print-seed"]) {
    console.log(JSON.stringify(defaultSeed, null, 2));
    return;
  }
  const integer = (name: string, text: string, min: number): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min)
      throw new Error(`--${name} must be an integer of at least ${min}, got "${text}"`);
    return n;
  };
  const sandboxMode = values["sandbox-mode"];
  if (sandboxMode !== "scoped" && sandboxMode !== "reject")
    throw new Error(`--sandbox-mode must be "scoped" or "reject"`);
  const shape = values.shape;
  if (shape !== "docs" && shape !== "sdk") throw new Error(`--shape must be "docs" or "sdk"`);
  startEmulator({
    port: integer("port", values.port, 0),
    host: values.host,
    apiKeys: values["api-key"],
    seed: values.seed,
    statePath: values.state,
    rateLimit: integer("rate-limit", values["rate-limit"], 1),
    latencyMs: integer("latency", values.latency, 0),
    sandboxMode,
    shape,
  }).then(
    (running) => {
      console.log(`Wassist emulator listening on ${running.url}`);
      for (const [key, org] of running.emulator.keys) console.log(`API key: ${key} (organization ${org})`);
      console.log(`Try: curl -H 'X-API-Key: ${running.apiKey}' ${running.url}/api/v1/phone-numbers/`);
      const stop = () => running.close().then(() => process.exit(0));
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    },
    (err) => {
      console.error(`wassist-emulator: ${(err as Error).message}`);
      process.exit(1);
    },
  );
}

try {
  main();
} catch (err) {
  console.error(`wassist-emulator: ${(err as Error).message}\n\n${usage}`);
  process.exit(2);
}
