// wassist-drift's command line, in this process: its arguments, the one line of a failed check,
// and the target names its reports show (read from the emulator with the stack's settings). The
// run of `pulumi preview --refresh` itself is test/engine/drift.e2e.test.ts's.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, vi } from "vitest";
import { SEED_IDS } from "../../emulator/index";
import { causeOf, main, NO_CLI, targetNames } from "../../provider/gitops/cli";
import type { Row } from "../../provider/gitops/drift";
import { useEmulator } from "../../scripts/harness/emulator";
import { seen } from "../../scripts/harness/provider";

const emu = useEmulator();
const { webhooks, agents, numbers } = SEED_IDS;

test("wassist-drift's arguments: --help prints the usage (0); no --stack or an unknown flag is a failed check (1)", async () => {
  const out: string[] = [];
  const spies = [
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => out.push(`out:${chunk}`) > 0),
    vi.spyOn(process.stderr, "write").mockImplementation((chunk) => out.push(`err:${chunk}`) > 0),
  ];
  try {
    expect(await main(["--help"])).toBe(0);
    expect(out.shift()).toMatch(/^out:Usage: wassist-drift --stack NAME/);
    expect(await main([])).toBe(1);
    expect(out.shift()).toMatch(/^err:wassist-drift: --stack is required\nUsage:/);
    expect(await main(["--stack", "prod", "--bogus"])).toBe(1);
    expect(out.shift()).toMatch(/^err:wassist-drift: Unknown option '--bogus'/);
    expect(out).toEqual([]);
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
});

test("a failed check's cause: the engine's first error diagnostic, without colours, prefixes or the failed-update line", () => {
  const diagnostic =
    "\u001b[31merror: \u001b[0mrpc error: code = Unknown desc = creating routing of 447700900100: no Wassist API key\n";
  expect(causeOf(new Error("exit code 255"), ["\n", "error: update failed\n", diagnostic])).toBe(
    "creating routing of 447700900100: no Wassist API key",
  );
});

test("without a diagnostic, the cause is the CLI's error line, else its first line that is not the exit code", () => {
  // As the Automation API's CommandError writes a failed command: each output after its field's name.
  const cliFailure = "code: 255\n stdout: \n stderr: error: no stack named 'prod' found\n\n err?: \n";
  expect(causeOf(new Error(cliFailure), [])).toBe("no stack named 'prod' found");
  const withWarning =
    "code: 255\n stdout: \n stderr: warning: A new version of Pulumi is available\nerror: preview failed\nerror: no stack named 'prod' found\n err?: \n";
  expect(causeOf(new Error(withWarning), [])).toBe("no stack named 'prod' found");
  expect(causeOf(new Error("code: 255\nerror: no stack named 'prod' found"), [])).toBe(
    "no stack named 'prod' found",
  );
  expect(causeOf(new Error("code: 1\nspawn npx ENOENT"), [])).toBe("spawn npx ENOENT");
  expect(causeOf("plain text", [])).toBe("plain text");
  expect(causeOf(new Error("code: 1"), [])).toBe("code: 1");
});

test("without the pulumi CLI on PATH, the check fails (1) saying so, and writes no report", async () => {
  const dir = mkdtempSync(join(tmpdir(), "wassist-drift-"));
  const stderr: string[] = [];
  const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => stderr.push(String(chunk)) > 0);
  vi.stubEnv("PATH", join(dir, "bin"));
  try {
    const markdown = join(dir, "report.md");
    expect(await main(["--stack", "prod", "--cwd", dir, "--markdown", markdown], {})).toBe(1);
    expect(stderr).toEqual([`wassist-drift: ${NO_CLI}\n`]);
    expect(existsSync(markdown)).toBe(false);
  } finally {
    vi.unstubAllEnvs();
    spy.mockRestore();
    rmSync(dir, { recursive: true, force: true });
  }
});

function row(over: Partial<Row>): Row {
  return {
    resource: "support",
    urn: "urn:pulumi:prod::routing::wassist:index:PhoneNumberRouting::support",
    type: "wassist:index:PhoneNumberRouting",
    number: numbers.support,
    live: null,
    stack: null,
    code: null,
    drifted: false,
    codeChanged: true,
    up: "create",
    ...over,
  } as Row;
}
const webhook = (id: string) => ({ routing: "webhook", webhookId: id, agentId: null }) as const;
const agent = (id: string) => ({ routing: "agent", webhookId: null, agentId: id }) as const;

test("target names: every id the rows name (live, stack, code, what a delete gives back), from the stack's key", async () => {
  const config = {
    "wassist:apiKey": { value: emu.current.apiKey },
    "wassist:baseUrl": { value: emu.current.url },
  };
  const rows = [
    row({ live: webhook(webhooks.crm), stack: webhook(webhooks.crm), code: agent(agents.sales) }),
    row({
      live: "gone",
      code: null,
      up: "delete",
      onDelete: { policy: "restore", previous: webhook(webhooks.zendesk) },
    }),
    row({ live: agent(agents.support) }),
  ];
  const names = await targetNames(rows, config, {});
  expect(Object.fromEntries(names)).toEqual({
    [webhooks.crm]: "CRM intake",
    [webhooks.zendesk]: "Zendesk bridge",
    [agents.sales]: "Sales Bot",
    [agents.support]: "Support Bot",
  });
  expect(seen(emu.current).sort()).toEqual(["GET /api/v1/agents/", "GET /api/v1/webhooks/"]);
});

test("target names: no id, or no key, reads nothing; a list that fails leaves ids as they are", async () => {
  const config = {
    "wassist:apiKey": { value: emu.current.apiKey },
    "wassist:baseUrl": { value: emu.current.url },
  };
  expect(
    (await targetNames([row({ code: { routing: "none", webhookId: null, agentId: null } })], config, {}))
      .size,
  ).toBe(0);
  const withoutKey = { "wassist:baseUrl": config["wassist:baseUrl"] };
  expect((await targetNames([row({ code: webhook(webhooks.crm) })], withoutKey, {})).size).toBe(0);
  expect(seen(emu.current)).toEqual([]);
  // The key may come from the environment, as the stack's provider reads it.
  emu.current.emulator.addFault({ method: "GET", path: "/api/v1/agents/", script: [{ status: 401 }] });
  const names = await targetNames([row({ code: webhook(webhooks.crm) })], withoutKey, {
    WASSIST_API_KEY: emu.current.apiKey,
  });
  expect(names.size).toBe(0);
  expect(seen(emu.current).sort()).toEqual(["GET /api/v1/agents/", "GET /api/v1/webhooks/"]);
});
