// wassist-drift: tells drift from unapplied code from failure, for CI. It runs one
// `pulumi preview --refresh` of the stack through Pulumi's Automation API (the CLI on PATH; the
// engine's structured events, not its text) and exits 0 in sync, 2 code not applied (no drift),
// 3 drift (with or without unapplied code), 1 anything else, with the cause in one line. The
// Markdown and JSON reports show targets by name where Wassist gives one: the names come from the
// webhook and agent lists read with the stack's own settings, only when there is a row to show.
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { type EngineEvent, LocalWorkspace } from "@pulumi/pulumi/automation";
import { clientOf, readSettings } from "../settings";
import {
  EXIT_CODES,
  jsonReport,
  markdownReport,
  type Row,
  reportedRows,
  rowsOf,
  statusOf,
  summaryOf,
  type TargetNames,
} from "./drift";

export const usage = `Usage: wassist-drift --stack NAME [--cwd DIR] [--markdown FILE] [--json FILE]
  --stack NAME     the stack to check (as \`pulumi stack select\` names it)
  --cwd DIR        the Pulumi project's directory (default: the current one)
  --markdown FILE  write the report as Markdown (a pull-request comment, a job summary)
  --json FILE      write the same facts as JSON
Runs \`pulumi preview --refresh\` (the pulumi CLI on PATH, logged in to the stack's backend).
Exit codes: 0 in sync; 2 code not applied, no drift; 3 drift; 1 anything else (the cause on stderr).`;

export const NO_CLI =
  "the pulumi CLI is not on PATH: install it (https://www.pulumi.com/docs/iac/download-install/), or add its folder to PATH";

/** The first line worth showing of a failed run: the engine's error diagnostics first, then the CLI's `error:` lines. */
export function causeOf(err: unknown, diagnostics: string[]): string {
  const clean = (text: string) =>
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes from the CLI.
      .replace(/\u001b\[[0-9;]*m/g, "")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "" && !/^error: (update failed|preview failed)$/.test(line));
  for (const message of diagnostics) {
    const first = clean(message)[0];
    if (first) return first.replace(/^error: /, "").replace(/^rpc error: code = \w+ desc = /, "");
  }
  // The Automation API's CommandError: `code: N`, then ` stdout: …`, ` stderr: …` and ` err?: …`,
  // each output's first line on the field's own line.
  const text = err instanceof Error ? err.message : String(err);
  if (/\bspawn pulumi ENOENT\b/.test(text)) return NO_CLI;
  const lines = clean(text)
    .map((line) => line.replace(/^(stdout|stderr|err\?):\s*/, ""))
    .filter((line) => line !== "");
  const errorLine = lines.find((line) => line.startsWith("error:"));
  return (errorLine ?? lines.find((l) => !/^code: /.test(l)) ?? text).replace(/^error: /, "");
}

/** Names of the webhooks and agents the rows name, read with the stack's default provider settings. */
export async function targetNames(
  rows: Row[],
  config: Record<string, { value: string }>,
  env: NodeJS.ProcessEnv,
): Promise<TargetNames> {
  const names = new Map<string, string>();
  const ids = new Set(
    rows
      .flatMap((r) => [r.live, r.stack, r.code, r.onDelete?.previous ?? null])
      .flatMap((routing) =>
        routing && routing !== "gone" ? [routing.webhookId, routing.agentId].filter((id) => id !== null) : [],
      ),
  );
  if (ids.size === 0) return names;
  const settings = readSettings((key) => config[key]?.value, env);
  if (!settings.apiKey) return names;
  const client = clientOf(settings);
  try {
    const [webhooks, agents] = await Promise.all([client.listWebhooks(), client.listAgents()]);
    if (webhooks.status === "found") for (const w of webhooks.webhooks) if (w.name) names.set(w.id, w.name);
    for (const a of agents) if (a.name) names.set(a.id, a.name);
  } catch {
    // Names are a courtesy: a report with ids is still the report.
  } finally {
    await client.close();
  }
  return names;
}

export interface DriftOutcome {
  code: number;
  /** One line for the console. */
  line: string;
  markdown?: string;
  json?: object;
}

/** Checks the stack in `cwd`; writes nothing, prints nothing. */
export async function checkDrift(
  stackName: string,
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<DriftOutcome> {
  const events: EngineEvent[] = [];
  const diagnostics: string[] = [];
  try {
    const stack = await LocalWorkspace.selectStack({ stackName, workDir: cwd });
    await stack.preview({
      refresh: true,
      onEvent: (event) => {
        events.push(event);
        const d = event.diagnosticEvent;
        if (d?.severity === "error") diagnostics.push(d.message);
      },
    });
    const rows = rowsOf(events);
    const status = statusOf(rows);
    const names =
      reportedRows(rows).length > 0 ? await targetNames(rows, await stack.getAllConfig(), env) : new Map();
    return {
      code: EXIT_CODES[status],
      line: summaryOf(stackName, status, rows),
      markdown: markdownReport(stackName, status, rows, names),
      json: jsonReport(stackName, status, rows, names),
    };
  } catch (err) {
    return { code: EXIT_CODES.error, line: causeOf(err, diagnostics) };
  }
}

export async function main(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let values: { stack?: string; cwd?: string; markdown?: string; json?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        stack: { type: "string" },
        cwd: { type: "string" },
        markdown: { type: "string" },
        json: { type: "string" },
        help: { type: "boolean", default: false },
      },
    }));
  } catch (err) {
    process.stderr.write(`wassist-drift: ${(err as Error).message}\n${usage}\n`);
    return EXIT_CODES.error;
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  if (!values.stack) {
    process.stderr.write(`wassist-drift: --stack is required\n${usage}\n`);
    return EXIT_CODES.error;
  }
  const outcome = await checkDrift(values.stack, values.cwd ?? process.cwd(), env);
  if (outcome.code === EXIT_CODES.error) {
    process.stderr.write(`wassist-drift: ${outcome.line}\n`);
    return outcome.code;
  }
  process.stdout.write(outcome.markdown ?? `${outcome.line}\n`);
  if (values.markdown && outcome.markdown) writeFileSync(values.markdown, outcome.markdown);
  if (values.json && outcome.json) writeFileSync(values.json, `${JSON.stringify(outcome.json, null, 2)}\n`);
  return outcome.code;
}
