// The Pulumi package schema of the `wassist` plugin, generated from the zod schemas the dynamic
// resource validates with (resource/inputs.ts, resource/outputs.ts) and from the settings table (settings.ts):
// one source for both shells. `pulumi package get-schema` prints it; `pulumi package gen-sdk`
// generates SDKs from it; Pulumi YAML type-checks programs against it.
import { z } from "zod";
import { routingInputSchema } from "../resource/inputs";
import { ON_DELETE_POLICIES, ROUTING_MODES } from "../resource/modes";
import { routingOutputsSchema, snapshotSchema } from "../resource/outputs";
import { SETTINGS } from "../settings";

export const PACKAGE = "wassist";
/** Where the plugin's release archives are published: Pulumi puts the version in `${VERSION}` and appends the archive's name. */
export const REPOSITORY = "https://github.com/wassist/pulumi-wassist";
export const PLUGIN_DOWNLOAD_URL = `${REPOSITORY}/releases/download/v\${VERSION}/`;
/** The import path of the Go SDK's package (the module is sdk/go, see sdk/go/go.mod). */
export const GO_IMPORT_PATH = "github.com/wassist/pulumi-wassist/sdk/go/wassist";
export const RESOURCE_TOKEN = "wassist:index:PhoneNumberRouting";
const SNAPSHOT_TOKEN = "wassist:index:RoutingSnapshot";
const ROUTING_MODE_TOKEN = "wassist:index:RoutingMode";
const ON_DELETE_TOKEN = "wassist:index:OnDeletePolicy";

/** A property of a Pulumi schema (the subset this package uses). */
interface PropertySpec {
  type?: "string" | "integer" | "boolean" | "number" | "object";
  $ref?: string;
  description?: string;
  secret?: boolean;
  default?: unknown;
  defaultInfo?: { environment: string[] };
}

/** What zod's toJSONSchema gives (the subset this package reads). */
export type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
};

/** A JSON Schema property (from zod) as a Pulumi property: enums and objects by reference. */
function property(json: JsonSchema): PropertySpec {
  const spec: PropertySpec = {};
  const types = (Array.isArray(json.type) ? json.type : [json.type]).filter((t) => t && t !== "null");
  const enumOf = new Set((json.enum ?? (json.const !== undefined ? [json.const] : [])).map(String));
  if ([...enumOf].every((v) => (ROUTING_MODES as readonly string[]).includes(v)) && enumOf.size > 0)
    spec.$ref = `#/types/${ROUTING_MODE_TOKEN}`;
  else if ([...enumOf].every((v) => (ON_DELETE_POLICIES as readonly string[]).includes(v)) && enumOf.size > 0)
    spec.$ref = `#/types/${ON_DELETE_TOKEN}`;
  else if (types[0] === "object") spec.$ref = `#/types/${SNAPSHOT_TOKEN}`;
  else spec.type = types[0] as PropertySpec["type"];
  if (json.description) spec.description = json.description;
  if (json.default !== undefined) spec.default = json.default;
  return spec;
}

/** Output properties: a default is an input's (the outputs of inputs hold the value used). */
function properties(json: JsonSchema): Record<string, PropertySpec> {
  return Object.fromEntries(
    Object.entries(json.properties ?? {}).map(([key, value]) => {
      const { default: _default, ...spec } = property(value);
      return [key, spec];
    }),
  );
}

/** The inputs of every branch of the union together: a key is an input where some branch takes it. */
function inputProperties(): { properties: Record<string, PropertySpec>; required: string[] } {
  const merged: Record<string, PropertySpec> = {};
  let required: string[] | undefined;
  for (const option of routingInputSchema.options) {
    const json = z.toJSONSchema(option, { io: "input", unrepresentable: "any" }) as JsonSchema;
    for (const [key, value] of Object.entries(json.properties ?? {})) {
      // A key a branch refuses (z.undefined) has no type there.
      if (value.type === undefined && value.const === undefined) continue;
      merged[key] ??= property(value);
    }
    const here = json.required ?? [];
    required = required ? required.filter((key) => here.includes(key)) : here;
  }
  return { properties: merged, required: required ?? [] };
}

/** The provider's config: one variable per setting, typed, the key secret. */
function configVariables(): Record<string, PropertySpec> {
  return Object.fromEntries(
    Object.values(SETTINGS).map((setting) => {
      const name = setting.key.slice(`${PACKAGE}:`.length);
      const shown = setting.shown ?? String(setting.default);
      const spec: PropertySpec = {
        type: setting.type,
        description: `${setting.about}. Environment: ${setting.env}. Default: ${shown}.`,
      };
      if (setting.secret) spec.secret = true;
      spec.defaultInfo = { environment: [setting.env] };
      return [name, spec];
    }),
  );
}

function enumType(description: string, values: readonly string[]) {
  return { type: "string", description, enum: values.map((value) => ({ name: value, value })) };
}

const str = (description: string): PropertySpec => ({ type: "string", description });
const PHONE_NUMBER_TOKEN = "wassist:index:PhoneNumber";
const phoneNumberProperties: Record<string, PropertySpec> = {
  number: str("The number, E.164 digits without +."),
  numberId: str("Wassist's uuid of the number."),
  routing: str('Where its inbound messages go now: "webhook", "agent", "none" or "sandbox".'),
  webhookId: str("The webhook it routes to, when routing is webhook (a paused number may keep one)."),
  agentId: str("The agent it routes to, when routing is agent (a paused number may keep one)."),
  isSandbox: { type: "boolean", description: "True for the shared sandbox number." },
  whatsappPhoneNumberId: str("Meta's phone number id."),
  whatsappBusinessAccountId: str("The WhatsApp Business Account's id (none for the sandbox number)."),
};

/** A function of the schema: its inputs and its result, every property described. */
function fn(
  description: string,
  inputs: Record<string, PropertySpec>,
  outputs: Record<string, PropertySpec | { type: "array"; items: { $ref: string }; description: string }>,
  required: { inputs?: string[]; outputs: string[] },
) {
  return {
    description,
    inputs: { properties: inputs, ...(required.inputs ? { required: required.inputs } : {}) },
    outputs: { properties: outputs, required: required.outputs },
  };
}

/** getWebhook: by name, URL or id. */
function getWebhook(): Record<string, unknown> {
  return fn(
    "A webhook of the organization by exactly one of its name, URL or id (names match exactly). Fails naming the closest names when none matches, and every id when several do; warns when Wassist disabled it. Never returns its signing secret.",
    {
      name: str("The webhook's name, as in the Wassist dashboard."),
      url: str("The webhook's URL."),
      id: str("Wassist's uuid of the webhook."),
    },
    {
      id: str("Wassist's uuid of the webhook."),
      name: str("Its name."),
      url: str("Its URL."),
      active: {
        type: "boolean",
        description: "False once Wassist disabled it (after 20 failed deliveries).",
      },
      disabledAt: str("When Wassist disabled it."),
      disabledReason: str("Why Wassist disabled it."),
    },
    { outputs: ["id", "active"] },
  );
}

/** The lookup functions (the plugin's Invoke; lifecycle/index.ts FUNCTION_TOKENS, reads/lookups.ts). */
function functions(): Record<string, unknown> {
  return {
    "wassist:index:getWebhook": getWebhook(),
    "wassist:index:getAgent": fn(
      "An AI agent of the organization (owned or shared) by exactly one of its name or id (names match exactly).",
      {
        name: str("The agent's name, as in the Wassist dashboard."),
        id: str("Wassist's uuid of the agent."),
      },
      { id: str("Wassist's uuid of the agent."), name: str("Its name.") },
      { outputs: ["id"] },
    ),
    "wassist:index:getPhoneNumber": fn(
      "A WhatsApp number of the organization and where it routes now.",
      { number: str('The number, E.164 in any spelling ("+44 7700 900100").') },
      phoneNumberProperties,
      { inputs: ["number"], outputs: ["number", "numberId", "routing", "isSandbox"] },
    ),
    "wassist:index:getPhoneNumbers": fn(
      "Every WhatsApp number of the organization, in number order.",
      {
        includeSandbox: {
          type: "boolean",
          description: "Include the shared sandbox number (default false).",
        },
      },
      {
        numbers: {
          type: "array",
          items: { $ref: `#/types/${PHONE_NUMBER_TOKEN}` },
          description: "The numbers, each with where it routes now.",
        },
      },
      { outputs: ["numbers"] },
    ),
  };
}

/** The schema's types: the two enums, the routing snapshot, a number as the lookups return it. */
function types(): Record<string, unknown> {
  const snapshot = z.toJSONSchema(snapshotSchema) as JsonSchema;
  return {
    [ROUTING_MODE_TOKEN]: enumType("Where inbound messages of a number go.", ROUTING_MODES),
    [ON_DELETE_TOKEN]: enumType("What destroy does to a number's routing.", ON_DELETE_POLICIES),
    [SNAPSHOT_TOKEN]: {
      type: "object",
      description: snapshot.description,
      properties: Object.fromEntries(
        Object.entries(snapshot.properties ?? {}).map(([key, value]) => [
          key,
          { type: "string", ...(value.description ? { description: value.description } : {}) },
        ]),
      ),
      required: ["routing"],
    },
    [PHONE_NUMBER_TOKEN]: {
      type: "object",
      description: "A WhatsApp number of the organization and where it routes now.",
      properties: phoneNumberProperties,
      required: ["number", "numberId", "routing", "isSandbox"],
    },
  };
}

/** The one resource, PhoneNumberRouting: its inputs from the input schema, its outputs from the state's. */
function resource(): Record<string, unknown> {
  const inputs = inputProperties();
  const outputs = z.toJSONSchema(routingOutputsSchema) as JsonSchema;
  return {
    description:
      "The routing of one Wassist WhatsApp number (id: the number's digits). Import: `pulumi import wassist:index:PhoneNumberRouting <name> <number>`.",
    inputProperties: inputs.properties,
    requiredInputs: inputs.required,
    properties: properties(outputs),
    // Nullable outputs are not required: a null is "no value" in Pulumi's schema.
    required: (outputs.required ?? []).filter((key) => {
      const type = outputs.properties?.[key]?.type;
      return !(Array.isArray(type) && type.includes("null"));
    }),
  };
}

/**
 * Every SDK asks for this schema's version of the plugin (respectSchemaVersion). The Node.js SDK is
 * the npm package's `pulumi-wassist/plugin` export (sdk/nodejs, compiled by the build).
 */
const LANGUAGES = {
  nodejs: {
    packageName: "pulumi-wassist/plugin",
    packageDescription: "The Wassist provider plugin's Node.js SDK (pulumi-wassist/plugin).",
    respectSchemaVersion: true,
    dependencies: { "@pulumi/pulumi": "^3.216.0" },
  },
  python: {
    packageName: "pulumi_wassist",
    respectSchemaVersion: true,
    pyproject: { enabled: true },
    requires: { pulumi: ">=3.216.0,<4.0.0" },
  },
  go: {
    importBasePath: GO_IMPORT_PATH,
    respectSchemaVersion: true,
    generateResourceContainerTypes: true,
  },
};

/** The schema, as `GetSchema` returns it. */
export function packageSchema(version: string): Record<string, unknown> {
  const config = configVariables();
  return {
    name: PACKAGE,
    displayName: "Wassist",
    version,
    description: "The routing of WhatsApp numbers on Wassist: to a webhook, to an AI agent, or nowhere.",
    keywords: ["pulumi", "wassist", "whatsapp", "category/utility", "kind/native"],
    license: "Apache-2.0",
    publisher: "Wassist",
    repository: REPOSITORY,
    homepage: REPOSITORY,
    pluginDownloadURL: PLUGIN_DOWNLOAD_URL,
    config: { variables: config },
    provider: {
      description:
        "The Wassist provider. Its settings come from the stack config `wassist:*`, then the `WASSIST_*` environment, then the default.",
      inputProperties: config,
    },
    types: types(),
    functions: functions(),
    resources: { [RESOURCE_TOKEN]: resource() },
    language: LANGUAGES,
  };
}
