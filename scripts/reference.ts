// `npm run reference`: the input and output tables of docs/reference.md, written from the plugin's
// schema (itself made from the zod schemas of provider/inputs.ts and provider/stateSchema.ts, whose
// descriptions are the only place a property's prose is written). Each table sits between two
// markers; test/docs.reference.test.ts fails when regenerating would change the file.
//
//   node dist/scripts/reference.js           rewrites docs/reference.md's tables
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { packageSchema, RESOURCE_TOKEN } from "../provider/plugin/schema";
import { repoRoot } from "./pulumiCli";

export const REFERENCE = join(repoRoot, "docs", "reference.md");

type Property = { type?: string; $ref?: string; description?: string; default?: unknown };
type Schema = {
  types: Record<string, { enum?: { value: string }[]; properties?: Record<string, unknown> }>;
  resources: Record<
    string,
    {
      inputProperties: Record<string, Property>;
      requiredInputs: string[];
      properties: Record<string, Property>;
    }
  >;
};

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

function typeOf(schema: Schema, property: Property): string {
  const type = property.$ref ? schema.types[property.$ref.replace("#/types/", "")] : undefined;
  if (type?.enum) return type.enum.map((v) => `\`"${v.value}"\``).join(" \\| ");
  if (type?.properties) return `\`{${Object.keys(type.properties).join(", ")}}\``;
  return property.type ?? "";
}

/** The two tables, each as its lines of Markdown. */
export function tables(): { inputs: string; outputs: string } {
  const schema = packageSchema("0.0.0") as unknown as Schema;
  const resource = schema.resources[RESOURCE_TOKEN];
  if (!resource) throw new Error(`the schema has no ${RESOURCE_TOKEN}`);
  const inputKeys = Object.keys(resource.properties).filter((key) => key in resource.inputProperties);
  const inputs = [
    "| input | type | default | meaning |",
    "| --- | --- | --- | --- |",
    ...inputKeys.map((key) => {
      const p = resource.inputProperties[key] as Property;
      const fallback = resource.requiredInputs.includes(key) ? "required" : "—";
      const preset = p.default === undefined ? fallback : `\`${JSON.stringify(p.default)}\``;
      return `| \`${key}\` | ${typeOf(schema, p)} | ${preset} | ${cell(p.description ?? "")} |`;
    }),
  ];
  const outputs = [
    "| output | type | meaning |",
    "| --- | --- | --- |",
    ...Object.entries(resource.properties)
      .filter(([key]) => !(key in resource.inputProperties))
      .map(([key, p]) => `| \`${key}\` | ${typeOf(schema, p)} | ${cell(p.description ?? "")} |`),
  ];
  return { inputs: inputs.join("\n"), outputs: outputs.join("\n") };
}

const marker = (name: string) => ({
  start: `<!-- ${name}: written by \`npm run reference\` from the schema; edit the zod descriptions instead -->`,
  end: `<!-- end of ${name} -->`,
});

/** `text` with each table between its markers replaced by the generated one. */
export function withTables(text: string): string {
  let out = text;
  for (const [name, table] of Object.entries(tables())) {
    const { start, end } = marker(name);
    const from = out.indexOf(start);
    const to = out.indexOf(end);
    if (from < 0 || to < from) throw new Error(`docs/reference.md has no "${start}" … "${end}"`);
    out = `${out.slice(0, from + start.length)}\n${table}\n${out.slice(to)}`;
  }
  return out;
}

if (require.main === module) writeFileSync(REFERENCE, withTables(readFileSync(REFERENCE, "utf8")));
