// `npm run bench`: the real engine against the emulator (20 ms added to every API request by
// default), at N = 10, 100 and 500 numbers: `preview` with no changes and `up` with every number
// changed. For each: wall time, API requests per endpoint (the emulator's counters) and the peak
// memory of the dynamic-provider process. In the same run, side by side: an engine-only baseline
// (the same N of a no-op dynamic resource) and the per-number-read strategy. Then the rate-limit
// case: `up` of 150 changed numbers with the emulator at its default 100 requests per minute. Last,
// adoption: `up` creating the largest N for numbers already routed as declared, and routed elsewhere;
// the provider plugin's preview and adoption beside the dynamic resource's, the plugin as the
// installed archive's executable, targets looked up by name, and the plugin's start time.
//   node dist/scripts/bench.js [--sizes 10,100,500] [--latency 20] [--limited 150] [--json FILE]
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import * as wassist from "pulumi-wassist/plugin";
import { PhoneNumberRouting as PluginPhoneNumberRouting } from "pulumi-wassist/plugin";
import { startEmulator } from "../emulator/index";
import { PhoneNumberRouting, type PhoneNumberRoutingArgs } from "../provider/index";
import { OUTPUT_KEYS } from "../provider/resource/outputs";
import { createStack, type EngineStack } from "./harness/engine";
import { freshNumbers, routeAsDeclared, routedTo } from "./harness/fixtures";
import { dynamicProvidersIn, peakResidentKiB, pluginProvidersIn } from "./harness/processes";
import { emulatorConfig } from "./harness/stackConfig";
import { buildArchive } from "./pluginArchive";
import { repoRoot } from "./pulumiCli";

const KEY_SETUP = "wsk_bench_setup_0123456789";
const KEY_MEASURED = "wsk_bench_measured_0123456789";

interface Row {
  scenario: string;
  variant: string;
  n: number;
  seconds: number;
  requests: Record<string, number>;
  totalRequests: number;
  providerPeakMiB: number | null;
  errors: number;
}

/**
 * Samples VmHWM (peak resident memory) of the dynamic-provider processes working in `dir` (the
 * stack's directory: other stacks' lingering providers are not counted) while `run` runs.
 */
async function withProviderMemory<T>(
  dir: string,
  run: () => Promise<T>,
): Promise<{ result: T; peakMiB: number | null }> {
  const peaks = new Map<number, number>();
  const sample = () => {
    for (const pid of [...dynamicProvidersIn(dir), ...pluginProvidersIn(dir)]) {
      const kib = peakResidentKiB(pid);
      if (kib !== undefined) peaks.set(pid, Math.max(peaks.get(pid) ?? 0, kib));
    }
  };
  const timer = setInterval(sample, 50);
  try {
    const result = await run();
    return { result, peakMiB: peaks.size > 0 ? Math.round(Math.max(...peaks.values()) / 1024) : null };
  } finally {
    clearInterval(timer);
  }
}

// The engine-only baseline: the same resources (same inputs, same declared outputs) with a
// provider that does nothing, so the difference is what pulumi-wassist itself costs.
const noop: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    return { id: String(inputs.number), outs: inputs };
  },
  async diff(_id, olds, news) {
    return { changes: olds.routing !== news.routing };
  },
  async update(_id, _olds, news) {
    return { outs: news };
  },
};
class NoopRouting extends pulumi.dynamic.Resource {
  constructor(name: string, props: PhoneNumberRoutingArgs) {
    // The same outputs as PhoneNumberRouting registers.
    const outputs = Object.fromEntries(OUTPUT_KEYS.map((key) => [key, undefined]));
    super(noop, name, { ...outputs, ...props }, {}, "bench", "Noop");
  }
}

/**
 * `numbers` routed as routedTo(…, flip.value) says, with the setup key and no client-side pacing;
 * through the dynamic resource, or the provider plugin (`plugin`).
 */
function routingStack(
  url: string,
  numbers: string[],
  flip: { value: number },
  strategy = "list",
  plugin = false,
  options: { pluginDir?: string; byName?: boolean } = {},
): Promise<EngineStack> {
  const Resource = plugin ? PluginPhoneNumberRouting : PhoneNumberRouting;
  return createStack({
    program: async () => {
      if (options.byName) {
        // The targets of routedTo(), looked up by the names the emulator's seed gives them.
        const crm = wassist.getWebhookOutput({ name: "CRM intake" });
        const support = wassist.getAgentOutput({ name: "Support Bot" });
        for (const number of numbers)
          new PluginPhoneNumberRouting(
            `n${number}`,
            routedTo(number, flip.value).routing === "webhook"
              ? { number, routing: "webhook", webhookId: crm.id }
              : { number, routing: "agent", agentId: support.id },
          );
        return {};
      }
      for (const number of numbers) new Resource(`n${number}`, routedTo(number, flip.value));
      return {};
    },
    config: emulatorConfig({ url, apiKey: KEY_SETUP }, { rateLimit: "0", readStrategy: strategy }),
    plugin,
    pluginDir: options.pluginDir,
  });
}

/** Milliseconds from starting a plugin executable to its port on stdout (the engine's wait). */
async function startMs(command: string, args: string[]): Promise<number> {
  const started = process.hrtime.bigint();
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "ignore"] });
  await new Promise((resolve) => child.stdout.once("data", resolve));
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  child.kill();
  return ms;
}

/** Which key (and client-side limit) a stack's next operations use. */
async function useKey(engine: EngineStack, key: string, rateLimit: string): Promise<void> {
  await engine.stack.setConfig("wassist:apiKey", { value: key, secret: true });
  await engine.stack.setConfig("wassist:rateLimit", { value: rateLimit });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: "string", default: "10,100,500" },
      latency: { type: "string", default: "20" },
      limited: { type: "string", default: "150" },
      json: { type: "string" },
    },
  });
  const sizes = values.sizes.split(",").map(Number);
  const latencyMs = Number(values.latency);
  const limitedN = Number(values.limited);
  const maxN = Math.max(...sizes, limitedN);
  const emu = await startEmulator({
    port: 0,
    apiKeys: [KEY_SETUP, KEY_MEASURED],
    rateLimit: 1_000_000,
    latencyMs,
  });
  const numbers = freshNumbers(maxN, "4477009");
  for (const number of numbers) emu.emulator.addPhoneNumber({ number });
  const rows: Row[] = [];
  console.log(`bench: emulator ${emu.url}, ${latencyMs} ms per API request, sizes ${sizes.join(", ")}`);

  // The plugin archive's executable, unpacked as `pulumi plugin install` does.
  const archiveDir = mkdtempSync(join(tmpdir(), "wassist-bench-archive-"));
  execFileSync("tar", ["-xzf", await buildArchive(() => {}), "-C", archiveDir]);
  // The plugin's start: the median of 7 starts of each, one after the other.
  for (const [variant, command, args] of [
    [
      "node bin/pulumi-resource-wassist",
      process.execPath,
      [join(repoRoot, "bin", "pulumi-resource-wassist")],
    ],
    ["archive (Node.js SEA)", join(archiveDir, "pulumi-resource-wassist"), []],
  ] as const) {
    const samples: number[] = [];
    for (let i = 0; i < 7; i++) samples.push(await startMs(command, [...args]));
    samples.sort((a, b) => a - b);
    const row = {
      scenario: "plugin start",
      variant,
      n: 7,
      seconds: Number(((samples[3] as number) / 1000).toFixed(3)),
      requests: {},
      totalRequests: 0,
      providerPeakMiB: null,
      errors: 0,
    };
    rows.push(row);
    console.log(
      `  plugin start     ${variant.padEnd(34)} median ${row.seconds.toFixed(3)} s of ${samples.map((x) => x.toFixed(0)).join(", ")} ms`,
    );
  }

  const measure = async (
    scenario: string,
    variant: string,
    n: number,
    engine: EngineStack,
    run: () => Promise<unknown>,
  ): Promise<Row> => {
    emu.emulator.clearRequests();
    emu.emulator.clearRateWindows();
    const started = process.hrtime.bigint();
    let errors = 0;
    const { peakMiB } = await withProviderMemory(engine.dir, () =>
      run().catch((err) => {
        errors += 1;
        console.error(
          `  ${scenario}/${variant}/${n}: ${(err as Error).message.split("\n").slice(0, 3).join(" ")}`,
        );
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const { counts, total } = emu.emulator.requests();
    const row = {
      scenario,
      variant,
      n,
      seconds: Number(seconds.toFixed(2)),
      requests: counts,
      totalRequests: total,
      providerPeakMiB: peakMiB,
      errors,
    };
    rows.push(row);
    console.log(
      `  ${scenario.padEnd(16)} ${variant.padEnd(18)} N=${String(n).padEnd(4)} ${row.seconds.toFixed(2).padStart(7)} s  ${String(total).padStart(4)} requests  ${peakMiB ?? "?"} MiB${errors ? `  ${errors} errors` : ""}`,
    );
    return row;
  };

  /**
   * `up`, the preview measured at the limit, then `destroy`. The provider's settings stay the same
   * from `up` to the preview (the measurement forgets the setup's rate window), as a user's stack
   * keeps them: a changed key made the plugin's DiffConfig compare two organizations, and any changed
   * setting makes the engine start a second provider for the program beside the one that refreshes
   * the state (another numbers list), costs no user's preview pays. The `up` adopts numbers already
   * routed as declared: reads only, so the client's limit costs it nothing.
   */
  const previewOwnStack = async (variant: string, n: number, engine: EngineStack): Promise<void> => {
    await useKey(engine, KEY_MEASURED, "100");
    emu.emulator.settings.rateLimit = 1_000_000;
    await engine.stack.up();
    emu.emulator.settings.rateLimit = 100;
    await measure("preview", variant, n, engine, () => engine.stack.preview());
    emu.emulator.settings.rateLimit = 1_000_000;
    await useKey(engine, KEY_MEASURED, "0");
    await engine.stack.destroy();
    emu.emulator.settings.rateLimit = 100;
  };

  for (const n of sizes) {
    const mine = numbers.slice(0, n);
    const flip = { value: 0 };
    const baseline = await createStack({
      program: async () => {
        for (const number of mine)
          new NoopRouting(`n${number}`, {
            applyToExisting: false,
            onDelete: "restore",
            ...routedTo(number, flip.value),
          });
        return {};
      },
    });
    const list = await routingStack(emu.url, mine, flip);
    const perNumber = await routingStack(emu.url, mine, flip, "per-number");
    const plugin = await routingStack(emu.url, mine, flip, "list", true);
    const archived = await routingStack(emu.url, mine, flip, "list", true, { pluginDir: archiveDir });
    const byName = await routingStack(emu.url, mine, flip, "list", true, { byName: true });
    try {
      flip.value = 0;
      await baseline.stack.up();
      await list.stack.up();
      // Measured runs use their own key at the documented limit, so setup traffic does not count.
      await useKey(list, KEY_MEASURED, "100");
      emu.emulator.settings.rateLimit = 100;
      await measure("preview", "baseline (no-op)", n, baseline, () => baseline.stack.preview());
      await measure("preview", "list (default)", n, list, () => list.stack.preview());
      // The plugin: its engine refreshes every number before the diffs (reads only, one list).
      // Its stack adopts the numbers the list stack routed (no write), and gives them back as they
      // were at its destroy.
      await previewOwnStack("plugin (list)", n, plugin);
      await previewOwnStack("plugin (archive)", n, archived);
      await previewOwnStack("plugin, targets by name", n, byName);
      // per-number reads at the documented limit take N/100 minutes: measured up to N = 100.
      if (n <= 100) await previewOwnStack("per-number", n, perNumber);
      // up with every number changed: writes are what the limit paces, so the limit is lifted here
      // to measure the engine and provider; the limited case follows below.
      emu.emulator.settings.rateLimit = 1_000_000;
      await list.stack.setConfig("wassist:rateLimit", { value: "0" });
      flip.value = 1;
      await measure("up all changed", "baseline (no-op)", n, baseline, () => baseline.stack.up());
      await measure("up all changed", "list (default)", n, list, () => list.stack.up());
    } finally {
      emu.emulator.settings.rateLimit = 1_000_000;
      await list.stack.setConfig("wassist:apiKey", { value: KEY_SETUP, secret: true });
      await list.stack.destroy().catch(() => undefined);
      for (const engine of [baseline, list, perNumber, plugin, archived, byName]) await engine.cleanup();
    }
  }

  // The documented limit: `up` of `limitedN` changed numbers at 100 requests per minute.
  if (limitedN > 0) {
    const flip = { value: 0 };
    const engine = await routingStack(emu.url, numbers.slice(0, limitedN), flip);
    try {
      await engine.stack.up();
      await useKey(engine, KEY_MEASURED, "100");
      emu.emulator.settings.rateLimit = 100;
      flip.value = 1;
      const row = await measure("up at 100/min", "list (default)", limitedN, engine, () => engine.stack.up());
      const requests = row.totalRequests;
      // Floor: the time the limit itself needs for these requests (a 60 s window per 100).
      const floor = Math.floor((requests - 1) / 100) * 60;
      if (floor === 0) console.log("  (fewer than 101 requests: the limit sets no floor)");
      console.log(
        `  floor for ${requests} requests at 100/min: ${floor} s; measured ${row.seconds} s (${(row.seconds / floor).toFixed(3)} ×), ${row.requests["GET /api/v1/phone-numbers/"] ?? 0} list request(s), 429s seen: ${emu.emulator.requests().log.filter((r) => r.status === 429).length}`,
      );
      (row as Row & { floorSeconds?: number }).floorSeconds = floor;
    } finally {
      emu.emulator.settings.rateLimit = 1_000_000;
      await engine.stack.setConfig("wassist:apiKey", { value: KEY_SETUP, secret: true });
      await engine.stack.destroy().catch(() => undefined);
      await engine.cleanup();
    }
  }

  // Adoption: `up` creating N resources for numbers that already route as declared (adopted with
  // no write) beside numbers routed elsewhere (one write each). At the documented 100 requests a
  // minute the requests are what costs time: the floor they set is printed beside each row.
  const adoptN = Math.max(...sizes);
  for (const [variant, which, plugin] of [
    ["already as declared", 0, false],
    ["routed elsewhere", 1, false],
    ["already as declared, plugin", 0, true],
  ] as const) {
    const mine = numbers.slice(0, adoptN);
    for (const number of mine) routeAsDeclared(emu.emulator, routedTo(number, which));
    const engine = await routingStack(emu.url, mine, { value: 0 }, "list", plugin);
    try {
      emu.emulator.settings.rateLimit = 1_000_000;
      const row = await measure("adopt (create)", variant, adoptN, engine, () => engine.stack.up());
      const floor = Math.floor((row.totalRequests - 1) / 100) * 60;
      console.log(`  at 100/min these ${row.totalRequests} requests take at least ${floor} s`);
      (row as Row & { floorSeconds?: number }).floorSeconds = floor;
    } finally {
      await engine.stack.destroy().catch(() => undefined);
      await engine.cleanup();
    }
  }

  console.log(
    "\n| scenario | variant | N | wall s | API requests | per endpoint | provider peak MiB | errors |",
  );
  console.log("| --- | --- | ---: | ---: | ---: | --- | ---: | ---: |");
  for (const r of rows) {
    const per =
      Object.entries(r.requests)
        .map(([k, v]) => `${k.replace("/api/v1", "")}: ${v}`)
        .join("; ") || "—";
    console.log(
      `| ${r.scenario} | ${r.variant} | ${r.n} | ${r.seconds.toFixed(2)} | ${r.totalRequests} | ${per} | ${r.providerPeakMiB ?? "?"} | ${r.errors} |`,
    );
  }
  if (values.json)
    writeFileSync(values.json, `${JSON.stringify({ latencyMs, node: process.version, rows }, null, 2)}\n`);
  await emu.close();
  rmSync(archiveDir, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`bench failed: ${(err as Error).stack}`);
    process.exit(1);
  },
);
