// wassist-drift, run as a user runs it (the package's bin, a Pulumi project directory, the CLI on
// PATH), on both shells: the dynamic resource (examples/basic, routes from stack config) and the
// plugin (a YAML project whose targets are looked up by name). Each exit code, the Markdown
// report's exact rows, the request count, and the key in no output.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test, vi } from "vitest";
import { SEED_IDS } from "../../emulator/index";
import { dashboardChange, emulatorConfig, useStacks } from "../../scripts/harness/e2e";
import { useEmulator } from "../../scripts/harness/emulator";
import { REPO } from "../../scripts/harness/engine";
import { freePort } from "../../scripts/harness/postgres";
import { BASIC_ROUTES, exampleConfig } from "../../scripts/harness/stackConfig";

vi.setConfig({ testTimeout: 240_000 });

const emu = useEmulator({ per: "file" });
const stacks = useStacks();
const { numbers, webhooks, agents } = SEED_IDS;
const WRONG_KEY = "wsk_wrong_key_for_the_drift_test";

const scratch = mkdtempSync(join(tmpdir(), "wassist-drift-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The plugin's project: YAML, targets by name, the sales agent's name from the project's config. */
function yamlProject(): string {
  const dir = mkdtempSync(join(scratch, "yaml-"));
  writeFileSync(
    join(dir, "Pulumi.yaml"),
    `name: drift-plugin
runtime: yaml
plugins:
  providers:
    - name: wassist
      path: ${join(REPO, "bin")}
config:
  salesAgent:
    type: string
    default: Support Bot
variables:
  crm:
    fn::invoke:
      function: wassist:index:getWebhook
      arguments:
        name: CRM intake
  salesTarget:
    fn::invoke:
      function: wassist:index:getAgent
      arguments:
        name: \${salesAgent}
resources:
  support:
    type: wassist:index:PhoneNumberRouting
    properties:
      number: "+44 7700 900100"
      routing: webhook
      webhookId: \${crm.id}
  sales:
    type: wassist:index:PhoneNumberRouting
    properties:
      number: "+44 7700 900200"
      routing: agent
      agentId: \${salesTarget.id}
      applyToExisting: true
  paused:
    type: wassist:index:PhoneNumberRouting
    properties:
      number: "+44 7700 900300"
      routing: none
      onDelete: retain
`,
  );
  return dir;
}

const SHELLS = [
  {
    name: "dynamic resource",
    create: () =>
      stacks.create({
        directory: join(REPO, "examples", "basic"),
        stackName: "dev",
        config: exampleConfig("basic", emu.current),
      }),
    /** The code's change: the sales number to the agent "Sales Bot". */
    changeCode: (config: Record<string, { value: string }>) => {
      const routes = BASIC_ROUTES.map((r) => (r.name === "sales" ? { ...r, agent: "Sales Bot" } : r));
      config["wassist-basic:routes"] = { value: JSON.stringify(routes) };
    },
  },
  {
    name: "provider plugin",
    create: () =>
      stacks.create({ directory: yamlProject(), stackName: "dev", config: emulatorConfig(emu.current) }),
    changeCode: (config: Record<string, { value: string }>) => {
      config["drift-plugin:salesAgent"] = { value: "Sales Bot" };
    },
  },
] as const;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  markdown: string;
  json: { status: string; exitCode: number; numbers: { resource: string; up: string }[] } | undefined;
}

async function wassistDrift(
  current: Awaited<ReturnType<(typeof SHELLS)[number]["create"]>>,
  env = {},
): Promise<Run> {
  const out = mkdtempSync(join(scratch, "report-"));
  const [md, json] = [join(out, "report.md"), join(out, "report.json")];
  const args = ["--stack", "dev", "--cwd", join(current.dir, "program"), "--markdown", md, "--json", json];
  // Asynchronously: the emulator answers from this very process.
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
    (resolve) =>
      execFile(
        process.execPath,
        [join(REPO, "bin", "wassist-drift"), ...args],
        { env: { ...process.env, ...current.env, ...env }, timeout: 200_000 },
        (err, stdout, stderr) =>
          resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr }),
      ),
  );
  const read = (file: string) => {
    try {
      return readFileSync(file, "utf8");
    } catch {
      return "";
    }
  };
  const run = {
    code,
    stdout,
    stderr,
    markdown: read(md),
    json: read(json) ? JSON.parse(read(json)) : undefined,
  };
  for (const text of [run.stdout, run.stderr, run.markdown, read(json)]) {
    expect(text).not.toContain(emu.current.apiKey);
    expect(text).not.toContain(WRONG_KEY);
  }
  return run;
}

const HEADER = "| resource | number | live in Wassist | stack | code | `pulumi up` would |";
const SALES_CODE_ROW =
  '| sales | 447700900200 | agent "Support Bot" | agent "Support Bot" | agent "Sales Bot" | route it to agent "Sales Bot" |';
const SUPPORT_DRIFT_ROW =
  '| support | 447700900100 | agent "Sales Bot" | webhook "CRM intake" | webhook "CRM intake" | route it to webhook "CRM intake" |';

/** The whole Markdown report of stack dev with these rows. */
const report = (heading: string, summary: string, ...rows: string[]) =>
  [
    `## Wassist routing of stack \`dev\`: ${heading}`,
    "",
    summary,
    "",
    HEADER,
    "| --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");

describe.each(SHELLS)("wassist-drift on the $name", (shell) => {
  test("0 in sync, 2 code not applied, 3 drift, 3 both; the report's rows; the cost of one preview", async () => {
    const current = await shell.create();
    await current.stack.up();
    const config = await current.stack.getAllConfig();
    const original = structuredClone(config);

    emu.current.emulator.clearRequests();
    const inSync = await wassistDrift(current);
    expect(inSync.code).toBe(0);
    expect(inSync.stderr).toBe("");
    expect(inSync.markdown).toBe(
      "## Wassist routing of stack `dev`: in sync\n\nstack dev is in sync: Wassist, the stack and the code agree.\n",
    );
    expect(inSync.stdout).toBe(inSync.markdown);
    expect(inSync.json).toMatchObject({ status: "in-sync", exitCode: 0, numbers: [] });
    // One numbers list for every read and diff, the target lists, no per-number read, no write.
    const counts = emu.current.emulator.requests().counts;
    expect(counts["GET /api/v1/phone-numbers/"]).toBe(1);
    expect(
      Object.keys(counts).filter((k) => !/^GET \/api\/v1\/(phone-numbers|webhooks|agents)\/$/.test(k)),
    ).toEqual([]);
    expect(counts["GET /api/v1/webhooks/"]).toBeLessThanOrEqual(2);
    expect(counts["GET /api/v1/agents/"]).toBeLessThanOrEqual(2);

    shell.changeCode(config);
    await current.stack.setAllConfig(config);
    const unapplied = await wassistDrift(current);
    expect(unapplied.code).toBe(2);
    expect(unapplied.markdown).toBe(
      report(
        "code not applied",
        "stack dev has code not applied: `pulumi up` would change 1 number; no drift.",
        SALES_CODE_ROW,
      ),
    );
    expect(unapplied.json?.numbers).toMatchObject([{ resource: "sales", up: "update" }]);

    await dashboardChange(emu.current, numbers.support, "agent", agents.sales);
    const both = await wassistDrift(current);
    expect(both.code).toBe(3);
    const bothSummary =
      "stack dev has drifted: Wassist routes 1 number differently from the stack; `pulumi up` would change 2 numbers.";
    expect(both.markdown).toBe(report("drift", bothSummary, SUPPORT_DRIFT_ROW, SALES_CODE_ROW));

    // The code as applied again: only the dashboard's change remains.
    await current.stack.setAllConfig(original);
    const drift = await wassistDrift(current);
    expect(drift.code).toBe(3);
    expect(drift.markdown).toBe(
      report(
        "drift",
        "stack dev has drifted: Wassist routes 1 number differently from the stack; `pulumi up` would change 1 number.",
        SUPPORT_DRIFT_ROW,
      ),
    );
    expect(drift.json).toMatchObject({
      status: "drift",
      exitCode: 3,
      numbers: [
        {
          resource: "support",
          number: numbers.support,
          live: { routing: "agent", agentId: agents.sales, targetName: "Sales Bot" },
          stack: { routing: "webhook", webhookId: webhooks.crm, targetName: "CRM intake" },
          code: { routing: "webhook", webhookId: webhooks.crm, targetName: "CRM intake" },
          drifted: true,
          codeChanged: false,
          up: "update",
        },
      ],
    });
    // `pulumi up` puts it back; then in sync again.
    await current.stack.up();
    expect((await wassistDrift(current)).code).toBe(0);
  });

  test("1 with the cause in one line: key refused, Wassist down, backend missing", async () => {
    const current = await shell.create();
    await current.stack.up();

    await current.stack.setConfig("wassist:apiKey", { value: WRONG_KEY, secret: true });
    const refused = await wassistDrift(current);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe("");
    expect(refused.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(refused.stderr).toMatch(
      /^wassist-drift: .*Invalid API key\. \(401 authentication_failed, request /,
    );
    expect(refused.markdown).toBe("");

    await current.stack.setConfig("wassist:apiKey", { value: emu.current.apiKey, secret: true });
    await current.stack.setConfig("wassist:baseUrl", { value: `http://127.0.0.1:${await freePort()}` });
    await current.stack.setConfig("wassist:maxRetries", { value: "0" });
    const down = await wassistDrift(current);
    expect(down.code).toBe(1);
    expect(down.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(down.stderr).toMatch(
      /^wassist-drift: .*could not reach Wassist at http:\/\/127\.0\.0\.1:\d+: connect ECONNREFUSED/,
    );

    const missing = await wassistDrift(current, {
      PULUMI_BACKEND_URL: `file://${join(scratch, "no-such-backend")}`,
    });
    expect(missing.code).toBe(1);
    expect(missing.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(missing.stderr).toMatch(/^wassist-drift: .*unable to open state directory/);
  });
});
