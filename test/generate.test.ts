// What `npm run generate` writes from the zod schemas (scripts/generate.ts) is what is committed:
// a description, an input or an output changed without regenerating fails here. The SDKs are
// compared by test/sdk.test.ts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { argsBlock, BLOCKS, generated, jsdoc, outputsBlock, tables, withBlocks } from "../scripts/generate";
import { repoRoot } from "../scripts/pulumiCli";

test("regenerating changes no file", () => {
  const files = generated();
  expect([...files.keys()].sort()).toEqual([
    "docs/installation-configuration.md",
    "docs/reference.md",
    "provider/dynamic/phoneNumberRouting.ts",
    "provider/resource/args.ts",
    "provider/resource/state.ts",
    "test/plugin/__snapshots__/wassist-schema.json",
  ]);
  for (const [file, text] of files) expect(text, file).toBe(readFileSync(join(repoRoot, file), "utf8"));
});

test("a stale file is found: a description changed in a generated block, in each file", () => {
  for (const file of new Set(BLOCKS.map((b) => b.file))) {
    const text = readFileSync(join(repoRoot, file), "utf8");
    const stale = text
      .replaceAll("Wassist's uuid of the", "The uuid of the")
      .replaceAll("API origin;", "The origin;");
    expect(stale, file).not.toBe(text);
    expect(withBlocks(file, stale), file).toBe(text);
  }
});

test("the tables hold every input and every output that is not an input, each described", () => {
  const { inputs, outputs } = tables();
  const keys = (table: string) => [...table.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]);
  expect(keys(inputs)).toEqual(["number", "routing", "webhookId", "agentId", "applyToExisting", "onDelete"]);
  expect(keys(outputs)).toEqual([
    "numberId",
    "whatsappPhoneNumberId",
    "whatsappBusinessAccountId",
    "isSandbox",
    "previousRouting",
    "appliedRouting",
    "adoptionId",
  ]);
  for (const row of `${inputs}\n${outputs}`.split("\n").slice(2)) expect(row).not.toMatch(/\|\s*\|$/);
});

test("the args: one interface per routing, a refused id typed undefined, defaults in the docs", () => {
  const args = argsBlock();
  expect(args).toContain("export interface WebhookRoutingArgs extends CommonArgs {");
  expect(args).toContain('  routing: "webhook";\n  /**');
  expect(args).toContain(
    '  webhookId: pulumi.Input<string>;\n  /** Only with routing "agent". */\n  agentId?: undefined;',
  );
  expect(args).toContain("  onDelete?: pulumi.Input<OnDeletePolicy>;");
  expect(args).toMatch(/Default: false\.\n {3}\*\/\n {2}applyToExisting\?: pulumi\.Input<boolean>;/);
  expect(outputsBlock()).toContain("  declare readonly previousRouting: pulumi.Output<RoutingSnapshot>;");
  expect(outputsBlock()).toContain("  declare readonly webhookId: pulumi.Output<string | null>;");
});

test("JSDoc is wrapped at 100 columns", () => {
  expect(jsdoc("short", "  ")).toEqual(["  /** short */"]);
  const long = jsdoc("word ".repeat(60).trim(), "  ");
  expect(long[0]).toBe("  /**");
  expect(long.at(-1)).toBe("   */");
  for (const line of long) expect(line.length).toBeLessThanOrEqual(100);
  expect(
    long
      .slice(1, -1)
      .join(" ")
      .replace(/ {3}\* /g, "")
      .split(" "),
  ).toHaveLength(60);
});
