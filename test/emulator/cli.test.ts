// The emulator as people start it (the CLI) and across restarts (--state).
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { cliOptions, run } from "../../emulator/cli";
import { defaultSeed, SEED_IDS, startEmulator } from "../../emulator/index";
import { routed } from "../../scripts/harness/emulator";

const dir = mkdtempSync(join(tmpdir(), "wassist-emulator-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("`wassist-emulator --port 0` prints its URL and key, serves, and stops on SIGTERM", async () => {
  const child = spawn(
    process.execPath,
    [
      join(__dirname, "..", "..", "dist", "emulator", "cli.js"),
      "--port",
      "0",
      "--api-key",
      "wsk_cli_test_key_123",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const lines: string[] = [];
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      if (lines.some((l) => l.startsWith("Try:"))) resolve();
    });
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(lines[0] ?? "")?.[1];
  expect(url).toBeDefined();
  expect(lines[1]).toBe("API key: wsk_cli_test_key_123 (organization org_acme)");
  const res = await fetch(`${url}/api/v1/phone-numbers/`, {
    headers: { "x-api-key": "wsk_cli_test_key_123" },
  });
  expect(res.status).toBe(200);
  // The seed's own keys are not accepted when keys are given.
  expect(
    (await fetch(`${url}/api/v1/phone-numbers/`, { headers: { "x-api-key": "wsk_demo_acme_0123456789" } }))
      .status,
  ).toBe(401);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.kill("SIGTERM");
  expect(await exited).toBe(0);
});

test("--state persists changes across restarts, written atomically", async () => {
  const statePath = join(dir, "state.json");
  const first = await startEmulator({ port: 0, statePath });
  const res = await fetch(`${first.url}/api/v1/phone-numbers/${SEED_IDS.numbers.paused}/connect-agent/`, {
    method: "POST",
    headers: { "x-api-key": first.apiKey, "content-type": "application/json" },
    body: JSON.stringify({ agentId: SEED_IDS.agents.sales, applyToExisting: false }),
  });
  expect(res.status).toBe(200);
  await first.close();
  expect(existsSync(statePath)).toBe(true);
  expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  const second = await startEmulator({ port: 0, statePath });
  expect(second.emulator.routingOf(SEED_IDS.numbers.paused)).toEqual(routed.agent(SEED_IDS.agents.sales));
  await second.close();
});

test("a --state file cut short: start-up fails naming the file and what to do", async () => {
  const statePath = join(dir, "cut.json");
  writeFileSync(statePath, '{"organizations": [{"id": "org_acme", "na');
  await expect(startEmulator({ port: 0, statePath })).rejects.toThrow(
    new RegExp(
      `^the state file ${statePath.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} cannot be read \\(.+\\); fix it, or delete it to start again from the seed$`,
    ),
  );
});

test("each command-line flag takes effect: --rate-limit, --latency, --sandbox-mode, --shape", async () => {
  const options = cliOptions([
    "--port",
    "0",
    "--rate-limit",
    "2",
    "--latency",
    "150",
    "--sandbox-mode",
    "reject",
    "--shape",
    "flat",
  ]);
  if (typeof options === "string") throw new Error(`not options: ${options}`);
  expect(options).toMatchObject({
    port: 0,
    rateLimit: 2,
    latencyMs: 150,
    sandboxMode: "reject",
    shape: "flat",
  });
  const emu = await startEmulator(options);
  try {
    const headers = { "x-api-key": emu.apiKey, "content-type": "application/json" };
    const started = Date.now();
    const one = await fetch(`${emu.url}/api/v1/phone-numbers/${SEED_IDS.numbers.sales}/`, { headers });
    // --latency: every answer waits 150 ms; --shape flat: the agent as its id.
    expect(Date.now() - started).toBeGreaterThanOrEqual(145);
    expect(((await one.json()) as { activeAgent: unknown }).activeAgent).toBe(SEED_IDS.agents.sales);
    // --sandbox-mode reject: routing the sandbox number is a 400.
    const sandbox = await fetch(`${emu.url}/api/v1/phone-numbers/${SEED_IDS.numbers.sandbox}/unsubscribe/`, {
      method: "POST",
      headers,
      body: "{}",
    });
    expect([sandbox.status, ((await sandbox.json()) as { code: string }).code]).toEqual([
      400,
      "sandbox_number",
    ]);
    // --rate-limit 2: the third request of the minute is a 429.
    const third = await fetch(`${emu.url}/api/v1/phone-numbers/`, { headers });
    expect([third.status, third.headers.get("retry-after") !== null]).toEqual([429, true]);
  } finally {
    await emu.close();
  }
});

test("bad flags name the flag and what it takes", () => {
  expect(() => cliOptions(["--rate-limit", "0"])).toThrow(
    '--rate-limit must be a whole number of at least 1, got "0"',
  );
  expect(() => cliOptions(["--port", "80.5"])).toThrow(
    '--port must be a whole number of at least 0, got "80.5"',
  );
  expect(() => cliOptions(["--shape", "xml"])).toThrow('--shape must be "nested" or "flat", got "xml"');
  expect(() => cliOptions(["--sandbox-mode", "open"])).toThrow(
    '--sandbox-mode must be "scoped" or "reject", got "open"',
  );
  expect(cliOptions(["--help"])).toBe("help");
  expect(cliOptions(["--port", "0"])).toMatchObject({
    rateLimit: 100,
    latencyMs: 0,
    sandboxMode: "scoped",
    shape: "nested",
  });
});

test("the defaults, every key given, and --print-seed before any other flag is checked", () => {
  expect(cliOptions([])).toEqual({
    port: 8050,
    host: "127.0.0.1",
    apiKeys: undefined,
    seed: undefined,
    statePath: undefined,
    rateLimit: 100,
    latencyMs: 0,
    sandboxMode: "scoped",
    shape: "nested",
  });
  expect(cliOptions(["--api-key", "wsk_a_000", "--api-key", "wsk_b_000"])).toMatchObject({
    apiKeys: ["wsk_a_000", "wsk_b_000"],
  });
  expect(cliOptions(["--print-seed", "--port", "x"])).toBe("print-seed");
  expect(() => cliOptions(["--port", "x", "--latency=-1"])).toThrow(
    '--port must be a whole number of at least 0, got "x"; --latency must be a whole number of at least 0, got "-1"',
  );
});

test("run prints the usage, or the seed, or where it listens with its keys and a first request", async () => {
  const lines: string[] = [];
  expect(await run("help", (line) => lines.push(line))).toBeUndefined();
  expect(lines).toEqual([expect.stringMatching(/^Usage: wassist-emulator \[options\]\n/)]);
  lines.length = 0;
  expect(await run("print-seed", (line) => lines.push(line))).toBeUndefined();
  expect(JSON.parse(lines[0] ?? "")).toEqual(defaultSeed);
  lines.length = 0;
  const running = await run(cliOptions(["--port", "0", "--api-key", "wsk_run_000"]), (line) =>
    lines.push(line),
  );
  try {
    expect(lines).toEqual([
      `Wassist emulator listening on ${running?.url}`,
      `API key: wsk_run_000 (organization ${defaultSeed.organizations[0]?.id})`,
      `Try: curl -H 'X-API-Key: wsk_run_000' ${running?.url}/api/v1/phone-numbers/`,
    ]);
    const res = await fetch(`${running?.url}/api/v1/phone-numbers/`, {
      headers: { "x-api-key": "wsk_run_000" },
    });
    expect(res.status).toBe(200);
  } finally {
    await running?.close();
  }
});
