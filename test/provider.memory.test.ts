// The dynamic-provider process keeps V8 from tiering undici's WebAssembly HTTP parser up
// (provider/wasmTierUp.ts). Outcome checked here in child processes, as the provider runs: peak
// memory growth across the first requests, with the runtime's default and with the opt-out.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { expect, test } from "vitest";
import { useEmulator } from "./helpers/emulator";

const emu = useEmulator();
const DIST = join(__dirname, "..", "dist", "provider");

// Loads the runtime (as the provider process does), then reports how far its peak resident
// memory rises over 30 list requests and the following `windowMs` (ending early once it has
// risen by `stopAtMiB`, which only the TurboFan compilation of llhttp does).
const CHILD = `
const { readFileSync } = require("node:fs");
const hwm = () => Number(/VmHWM:\\s+(\\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))[1]) / 1024;
require(${JSON.stringify(join(DIST, "runtime.js"))});
const { WassistClient } = require(${JSON.stringify(join(DIST, "wassistClient.js"))});
(async () => {
  const [url, windowMs, stopAtMiB] = process.argv.slice(1);
  const client = new WassistClient({ apiKey: "wsk_demo_acme_0123456789", baseUrl: url, rateLimit: false });
  const before = hwm();
  const started = Date.now();
  for (let i = 0; i < 30; i++) await client.listPhoneNumbers();
  while (Date.now() - started < Number(windowMs) && hwm() - before < Number(stopAtMiB))
    await new Promise((r) => setTimeout(r, 50));
  console.log(JSON.stringify({ grewMiB: hwm() - before, ms: Date.now() - started }));
  await client.close();
})();
`;

function child(tierUp: boolean, windowMs: number): Promise<{ grewMiB: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ["-e", CHILD, emu.current.url, String(windowMs), "25"], {
      env: { ...process.env, WASSIST_WASM_TIER_UP: tierUp ? "1" : "" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    proc.stdout.on("data", (chunk) => {
      out += chunk;
    });
    proc.once("error", reject);
    proc.once("exit", (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`child exited with ${code}: ${out}`)),
    );
  });
}

test("the provider runtime keeps undici's WebAssembly parser at baseline code: no ~30 MiB peak", async () => {
  // V8's default (the opt-out): the optimizing recompilation shows as a jump of the peak.
  const tierUp = await child(true, 20_000);
  expect(tierUp.grewMiB).toBeGreaterThanOrEqual(25);
  // The runtime's default, watched at least twice as long as the jump took to appear.
  const liftoff = await child(false, Math.max(3_000, 2 * tierUp.ms));
  expect(liftoff.grewMiB).toBeLessThan(20);
}, 60_000);
