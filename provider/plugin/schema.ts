// The Pulumi package schema of the `wassist` plugin, generated from the zod schemas the dynamic
// resource validates with (inputs.ts, stateSchema.ts) and from the settings table (settings.ts):
// one source for both shells. `pulumi package get-schema` prints it; `pulumi package gen-sdk`
// generates SDKs from it; Pulumi YAML type-checks programs against it.
import { z } from "zod";
import { routingInputSchema } from "../inputs";
import { ON_DELETE_POLICIES, ROUTING_MODES } from "../routingModes";
import { SETTINGS } from "../settings";
import { routingOutputsSchema, snapshotSchema } from "../stateSchema";

export const PACKAGE = "wassist";
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
}

type JsonSchema = {
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

function properties(json: JsonSchema): Record<string, PropertySpec> {
  return Object.fromEntries(
    Object.entries(json.properties ?? {}).map(([key, value]) => [key, property(value)]),
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
      return [name, spec];
    }),
  );
}

function enumType(description: string, values: readonly string[]) {
  return { type: "string", description, enum: values.map((value) => ({ name: value, value })) };
}

/** The schema, as `GetSchema` returns it. */
export function packageSchema(version: string): Record<string, unknown> {
  const inputs = inputProperties();
  const outputs = z.toJSONSchema(routingOutputsSchema) as JsonSchema;
  const snapshot = z.toJSONSchema(snapshotSchema) as JsonSchema;
  const config = configVariables();
  return {
    name: PACKAGE,
    displayName: "Wassist",
    version,
    description: "The routing of WhatsApp numbers on Wassist: to a webhook, to an AI agent, or nowhere.",
    keywords: ["pulumi", "wassist", "whatsapp", "category/utility", "kind/native"],
    license: "Apache-2.0",
    config: { variables: config },
    provider: {
      description:
        "The Wassist provider. Its settings come from the stack config `wassist:*`, then the `WASSIST_*` environment, then the default.",
      inputProperties: config,
    },
    types: {
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
    },
    resources: {
      [RESOURCE_TOKEN]: {
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
      },
    },
    language: {
      nodejs: { packageName: "@wassist/pulumi", dependencies: { "@pulumi/pulumi": "^3.0.0" } },
      python: { packageName: "pulumi_wassist", requires: { pulumi: ">=3.0.0,<4.0.0" } },
    },
  };
}
