// docs/reference.md's input and output tables are the schema's (scripts/reference.ts writes them
// from the zod descriptions): a description changed without `npm run reference` fails here.
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { REFERENCE, tables, withTables } from "../scripts/reference";

test("regenerating docs/reference.md's tables changes nothing", () => {
  const text = readFileSync(REFERENCE, "utf8");
  expect(withTables(text)).toBe(text);
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
  // A stale table is found: one with a description changed.
  const stale = readFileSync(REFERENCE, "utf8").replace("Meta's phone number id.", "Meta's id.");
  expect(withTables(stale)).not.toBe(stale);
});
