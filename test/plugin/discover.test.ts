// wassist-discover against the test emulator: one list request, a bulk-import file of the
// organization's numbers (sandbox numbers only on request), the usage, and the errors — a missing
// key, a key Wassist refuses — said without the key.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, test, vi } from "vitest";
import { SEED_IDS } from "../../emulator/index";
import { discover, importFile, usage } from "../../provider/plugin/discover";
import { useEmulator } from "../../scripts/harness/emulator";

const emu = useEmulator();
const { numbers } = SEED_IDS;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function discovered(args: string[], env: NodeJS.ProcessEnv = {}) {
  const dir = mkdtempSync(join(tmpdir(), "wassist-discover-"));
  dirs.push(dir);
  const lines: string[] = [];
  const out = join(dir, "numbers.json");
  const code = await discover(["--out", out, ...args], (line) => lines.push(line), {
    WASSIST_API_KEY: emu.current.apiKey,
    WASSIST_BASE_URL: emu.current.url,
    WASSIST_RATE_LIMIT: "0",
    ...env,
  });
  const file = () => JSON.parse(readFileSync(out, "utf8"));
  return { code, lines, file };
}

test("writes the bulk-import file of the organization's numbers with one request", async () => {
  const { code, lines, file } = await discovered([]);
  expect(code).toBe(0);
  expect(file()).toEqual({
    resources: [numbers.support, numbers.sales, numbers.paused].map((n) => ({
      type: "wassist:index:PhoneNumberRouting",
      name: `number-${n}`,
      id: n,
    })),
  });
  expect(lines).toEqual([
    expect.stringMatching(
      /^wassist-discover: 3 numbers \(2 routed\) written to .*numbers\.json; 1 sandbox numbers left out \(--include-sandbox\)\. Next: pulumi import --file .*numbers\.json$/,
    ),
  ]);
  expect(emu.current.emulator.requests().counts).toEqual({ "GET /api/v1/phone-numbers/": 1 });
});

test("--include-sandbox and --prefix", async () => {
  const { code, file, lines } = await discovered(["--include-sandbox", "--prefix", "wa-"]);
  expect(code).toBe(0);
  expect(file().resources.map((r: { name: string }) => r.name)).toEqual([
    `wa-${numbers.support}`,
    `wa-${numbers.sales}`,
    `wa-${numbers.paused}`,
    `wa-${numbers.sandbox}`,
  ]);
  expect(lines[0]).not.toContain("left out");
});

test("--out - writes the file to stdout and says so", async () => {
  const printed: string[] = [];
  const spy = vi
    .spyOn(process.stdout, "write")
    .mockImplementation((chunk) => printed.push(String(chunk)) > 0);
  const lines: string[] = [];
  const env = {
    WASSIST_API_KEY: emu.current.apiKey,
    WASSIST_BASE_URL: emu.current.url,
    WASSIST_RATE_LIMIT: "0",
  };
  try {
    expect(await discover(["--out", "-", "--include-sandbox"], (line) => lines.push(line), env)).toBe(0);
  } finally {
    spy.mockRestore();
  }
  expect(JSON.parse(printed.join("")).resources).toHaveLength(4);
  expect(lines).toEqual([
    "wassist-discover: 4 numbers (2 routed) written to stdout. Next: pulumi import --file <file>",
  ]);
});

test("importFile keeps the list's order and leaves out sandbox numbers unless asked", () => {
  const n = (number: string, isSandbox: boolean) => ({ number, isSandbox }) as never;
  expect(importFile([n("1", false), n("2", true)], { prefix: "p", includeSandbox: false })).toEqual({
    resources: [{ type: "wassist:index:PhoneNumberRouting", name: "p1", id: "1" }],
  });
  expect(
    importFile([n("1", false), n("2", true)], { prefix: "", includeSandbox: true }).resources,
  ).toHaveLength(2);
});

test("--help prints the usage; no key and a refused key fail without naming the key", async () => {
  const help: string[] = [];
  expect(await discover(["--help"], (l) => help.push(l), {})).toBe(0);
  expect(help).toEqual([usage]);
  const missing = await discovered([], { WASSIST_API_KEY: "" });
  expect(missing.code).toBe(2);
  expect(missing.lines).toEqual([
    "wassist-discover: no Wassist API key: set it with the WASSIST_API_KEY environment variable",
  ]);
  const refused = await discovered([], {
    WASSIST_API_KEY: "wsk_not_a_key_000000000",
    WASSIST_MAX_RETRIES: "0",
  });
  expect(refused.code).toBe(1);
  expect(refused.lines[0]).toMatch(/^wassist-discover: .*401/);
  expect(refused.lines.join("\n")).not.toContain("wsk_not_a_key_000000000");
});
