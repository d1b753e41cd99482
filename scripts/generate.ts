// `npm run generate`: everything written out from the zod schemas of provider/resource/inputs.ts
// and provider/resource/outputs.ts, whose descriptions are the only place a property's prose is
// written. Each generated block sits between two markers in a file that is otherwise kept by
// hand; test/generate.test.ts fails when regenerating would change a file.
//   - provider/resource/args.ts: the args a program writes (one interface per routing), with JSDoc
//   - provider/resource/state.ts: the outputs (RoutingOutputs) and RoutingSnapshot, with JSDoc
//   - provider/dynamic/phoneNumberRouting.ts: the resource class's declared outputs, with JSDoc
//   - docs/reference.md: the input and output tables
//   - docs/installation-configuration.md: the settings table (from provider/settings.ts's rows)
//   - test/plugin/__snapshots__/wassist-schema.json: the plugin's schema, as committed
//   - sdk/: the plugin's SDKs (scripts/sdk.ts; the Pulumi CLI's code generators)
//
//   node dist/scripts/generate.js            rewrites all of them
//   node dist/scripts/generate.js --no-sdk   all but the SDKs (no Pulumi CLI needed)
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { type JsonSchema, packageSchema, RESOURCE_TOKEN } from "../provider/plugin/schema";
import { commonSchema, routingInputSchema } from "../provider/resource/inputs";
import { ON_DELETE_POLICIES, ROUTING_MODES } from "../provider/resource/modes";
import { routingOutputsSchema, snapshotSchema } from "../provider/resource/outputs";
import { settingsTable } from "../provider/settings";
import { repoRoot } from "./pulumiCli";

const jsonOf = (schema: z.ZodType, io: "input" | "output") =>
  z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;

/** A TypeScript type for a JSON Schema property, with the published names of the enums. */
function typeOf(json: JsonSchema): string {
  const types = (Array.isArray(json.type) ? json.type : [json.type]).filter((t) => t !== undefined);
  const nullable = types.includes("null");
  const values: unknown[] = (json.enum ?? (json.const !== undefined ? [json.const] : [])).filter(
    (v) => v !== null,
  );
  const same = (list: readonly string[]) =>
    values.length === list.length && list.every((v) => values.includes(v));
  let base: string;
  if (same(ROUTING_MODES)) base = "RoutingMode";
  else if (same([...ROUTING_MODES, "sandbox"])) base = 'RoutingMode | "sandbox"';
  else if (same(ON_DELETE_POLICIES)) base = "OnDeletePolicy";
  else if (values.length > 0) base = values.map((v) => JSON.stringify(v)).join(" | ");
  else if (types.includes("object")) base = "RoutingSnapshot";
  else base = types.find((t) => t !== "null") ?? "unknown";
  return nullable ? `${base} | null` : base;
}

/** A JSDoc comment of `text`, wrapped at 100 columns with `indent` before each line. */
export function jsdoc(text: string, indent: string): string[] {
  const oneLine = `${indent}/** ${text} */`;
  if (oneLine.length <= 100) return [oneLine];
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && `${indent} * ${line} ${word}`.length > 100) {
      lines.push(`${indent} * ${line}`);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(`${indent} * ${line}`);
  return [`${indent}/**`, ...lines, `${indent} */`];
}

const ARGS_NAMES: Record<(typeof ROUTING_MODES)[number], string> = {
  webhook: "WebhookRoutingArgs",
  agent: "AgentRoutingArgs",
  none: "NoRoutingArgs",
};

/** The args: the inputs every routing takes (CommonArgs), then one interface per routing. */
export function argsBlock(): string {
  const commonKeys = Object.keys(commonSchema.shape);
  const branches = routingInputSchema.options.map((option) => jsonOf(option, "input"));
  // Where a key is typed (some routing takes it), to say where a refused key belongs.
  const takenBy = new Map<string, string>();
  for (const json of branches)
    for (const [key, value] of Object.entries(json.properties ?? {}))
      if (value.type !== undefined && key !== "routing")
        takenBy.set(key, String(json.properties?.routing?.const));
  const member = (json: JsonSchema, key: string, indent: string): string[] => {
    const value = json.properties?.[key] ?? {};
    const optional = json.required?.includes(key) ? "" : "?";
    if (value.type === undefined && value.const === undefined)
      return [...jsdoc(`Only with routing "${takenBy.get(key)}".`, indent), `${indent}${key}?: undefined;`];
    const type = key === "routing" ? typeOf(value) : `pulumi.Input<${typeOf(value)}>`;
    const preset = value.default === undefined ? "" : ` Default: ${JSON.stringify(value.default)}.`;
    return [...jsdoc(`${value.description ?? ""}${preset}`, indent), `${indent}${key}${optional}: ${type};`];
  };
  const first = branches[0] as JsonSchema;
  const out = [
    "/** The inputs every routing takes. */",
    "interface CommonArgs {",
    ...commonKeys.flatMap((key) => member(first, key, "  ")),
    "}",
  ];
  for (const json of branches) {
    const mode = String(json.properties?.routing?.const) as (typeof ROUTING_MODES)[number];
    out.push(
      "",
      ...jsdoc(json.description ?? "", ""),
      `export interface ${ARGS_NAMES[mode]} extends CommonArgs {`,
      ...Object.keys(json.properties ?? {})
        .filter((key) => !commonKeys.includes(key))
        .flatMap((key) => member(json, key, "  ")),
      "}",
    );
  }
  return out.join("\n");
}

/** An interface's members (or a class's declared outputs) from an object schema's output. */
function members(schema: z.ZodType, line: (key: string, type: string, optional: string) => string): string[] {
  const json = jsonOf(schema, "output");
  return Object.entries(json.properties ?? {}).flatMap(([key, value]) => [
    ...jsdoc(value.description ?? "", "  "),
    line(key, typeOf(value), json.required?.includes(key) ? "" : "?"),
  ]);
}

/** RoutingSnapshot and RoutingOutputs. */
export function stateBlock(): string {
  return [
    ...jsdoc(snapshotSchema.description ?? "", ""),
    "export interface RoutingSnapshot {",
    ...members(snapshotSchema, (key, type, optional) => `  ${key}${optional}: ${type};`),
    "}",
    "",
    "/** The outputs of a PhoneNumberRouting, as the provider writes them. */",
    "export interface RoutingOutputs {",
    ...members(routingOutputsSchema, (key, type, optional) => `  ${key}${optional}: ${type};`),
    "}",
  ].join("\n");
}

/** The resource class's declared outputs. */
export function outputsBlock(): string {
  return members(
    routingOutputsSchema,
    (key, type, optional) =>
      `  declare readonly ${key}: pulumi.Output<${optional ? `${type} | undefined` : type}>;`,
  ).join("\n");
}

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

function tableType(schema: Schema, property: Property): string {
  const type = property.$ref ? schema.types[property.$ref.replace("#/types/", "")] : undefined;
  if (type?.enum) return type.enum.map((v) => `\`"${v.value}"\``).join(" \\| ");
  if (type?.properties) return `\`{${Object.keys(type.properties).join(", ")}}\``;
  return property.type ?? "";
}

/** docs/reference.md's two tables, each as its lines of Markdown. */
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
      return `| \`${key}\` | ${tableType(schema, p)} | ${preset} | ${cell(p.description ?? "")} |`;
    }),
  ];
  const outputs = [
    "| output | type | meaning |",
    "| --- | --- | --- |",
    ...Object.entries(resource.properties)
      .filter(([key]) => !(key in resource.inputProperties))
      .map(([key, p]) => `| \`${key}\` | ${tableType(schema, p)} | ${cell(p.description ?? "")} |`),
  ];
  return { inputs: inputs.join("\n"), outputs: outputs.join("\n") };
}

/** A generated block: where it goes, its markers, and its text. */
export interface Block {
  file: string;
  start: string;
  end: string;
  text: () => string;
}

const codeMarkers = (name: string) => ({
  start: `// ${name}: written by \`npm run generate\` from the zod schemas; edit their descriptions instead`,
  end: `// end of ${name}`,
});
const docMarkers = (name: string) => ({
  start: `<!-- ${name}: written by \`npm run generate\` from the schema; edit the zod descriptions instead -->`,
  end: `<!-- end of ${name} -->`,
});

export const BLOCKS: Block[] = [
  { file: "provider/resource/args.ts", ...codeMarkers("the args"), text: argsBlock },
  { file: "provider/resource/state.ts", ...codeMarkers("the outputs"), text: stateBlock },
  {
    file: "provider/dynamic/phoneNumberRouting.ts",
    ...codeMarkers("the declared outputs"),
    text: outputsBlock,
  },
  { file: "docs/reference.md", ...docMarkers("inputs"), text: () => tables().inputs },
  { file: "docs/reference.md", ...docMarkers("outputs"), text: () => tables().outputs },
  {
    file: "docs/installation-configuration.md",
    start: "<!-- settings: written by `npm run generate` from the settings table of provider/settings.ts -->",
    end: "<!-- end of settings -->",
    text: settingsTable,
  },
];

/** The committed schema (test/plugin/main.test.ts compares the plugin's with it). */
export const SCHEMA_SNAPSHOT = "test/plugin/__snapshots__/wassist-schema.json";
export const schemaText = () => `${JSON.stringify(packageSchema("0.1.0"), null, 2)}\n`;

/** `text` (of `file`) with each of its blocks between its markers replaced by the generated one. */
export function withBlocks(file: string, text: string): string {
  let out = text;
  for (const block of BLOCKS.filter((b) => b.file === file)) {
    const from = out.indexOf(block.start);
    const to = out.indexOf(block.end);
    if (from < 0 || to < from) throw new Error(`${file} has no "${block.start}" … "${block.end}"`);
    // The end marker's line is kept whole (its indentation too).
    const line = out.lastIndexOf("\n", to) + 1;
    out = `${out.slice(0, from + block.start.length)}\n${block.text()}\n${out.slice(line)}`;
  }
  return out;
}

/** Every generated file (but the SDKs) as it should be: path → text. */
export function generated(): Map<string, string> {
  const files = new Map<string, string>();
  for (const file of new Set(BLOCKS.map((b) => b.file)))
    files.set(file, withBlocks(file, readFileSync(join(repoRoot, file), "utf8")));
  files.set(SCHEMA_SNAPSHOT, schemaText());
  return files;
}

if (require.main === module) {
  for (const [file, text] of generated()) {
    const path = join(repoRoot, file);
    const changed = readFileSync(path, "utf8") !== text;
    if (changed) writeFileSync(path, text);
    console.log(`${changed ? "wrote" : "unchanged"} ${file}`);
  }
  if (!process.argv.includes("--no-sdk")) {
    // The SDKs are generated from the schema just written: scripts/sdk.ts's regenerate.
    const { regenerate, SDK_LANGUAGES } = require("./sdk") as typeof import("./sdk");
    regenerate();
    console.log(`regenerated ${SDK_LANGUAGES.map((l) => `sdk/${l}`).join(", ")}`);
  }
}
