// The inputs of PhoneNumberRouting: one zod schema is the source of the checked inputs type, the
// list of input keys, the run-time validation in `check`, the CheckFailures (one per bad
// property), the plugin schema's inputs, and what `npm run generate` writes from its
// descriptions (the args of args.ts, the input table of docs/reference.md); the args are checked
// against it at compile time. Values not known during preview arrive as Pulumi's unknown
// sentinel string and pass through untouched.
import type { dynamic } from "@pulumi/pulumi";
import { z } from "zod";
import { normalizeNumber } from "../wassist/numbers";
import { type PreviewInputs, type RoutingInputArgs, type RoutingInputs, UNKNOWN } from "./args";
import { ON_DELETE_POLICIES, ROUTING_MODES } from "./modes";
import type { Same } from "./sameType";

export { normalizeNumber, UNKNOWN };

const numberField = z
  .string({ error: 'number must be a string such as "+44 7700 900100"' })
  .transform(normalizeNumber)
  .pipe(
    z
      .string()
      .regex(/^\d+$/, {
        error: "number must be an E.164 number: digits, optionally with a leading +, spaces or dashes",
      })
      .regex(/^[1-9]/, { error: "number must start with a country code (E.164 numbers do not start with 0)" })
      .min(7, { error: "number is too short for an E.164 number (at least 7 digits)" })
      .max(15, { error: "number is longer than the 15 digits E.164 allows" }),
  )
  .describe(
    'The WhatsApp number, E.164: "+44 7700 900100", "44-7700-900100" and "447700900100" are the same number (stored as digits, 7 to 15 of them, no leading 0). It must belong to the API key\'s organization. Changing it replaces the resource.',
  );
// Ids are stored, sent and compared in one form, lower case, as Wassist answers them.
const uuidField = (name: string) =>
  z
    .uuid({
      error: `${name} must be a UUID (Wassist's id of the ${name === "webhookId" ? "webhook" : "agent"})`,
    })
    .toLowerCase()
    .describe(
      name === "webhookId"
        ? `Wassist's uuid of the webhook. Required when routing is "webhook", refused otherwise. Webhooks are made in the Wassist dashboard (the API cannot create them); getWebhook finds one by name.`
        : `Wassist's uuid of the agent, owned by or shared with the key's organization. Required when routing is "agent", refused otherwise; getAgent finds one by name.`,
    );
const applyToExistingField = z
  .boolean({ error: "applyToExisting must be true or false" })
  .default(false)
  .describe(
    "Also re-route the number's existing conversations (Wassist clears their agent and session, or writes the new agent onto them). Always sent, so Wassist's own undocumented default never applies; ignored by Wassist on sandbox numbers.",
  );
const onDeleteField = z
  .enum(ON_DELETE_POLICIES, { error: 'onDelete must be "restore", "unsubscribe" or "retain"' })
  .default("restore")
  .describe(
    'What `pulumi destroy` (or removing the resource) does: "restore" puts back the routing found when the resource adopted the number (previousRouting), "unsubscribe" clears the routing, "retain" leaves it as it is. The restoring call carries the resource\'s own applyToExisting.',
  );
/** The discriminator, described alike in each branch. */
const routingField = <M extends (typeof ROUTING_MODES)[number]>(mode: M) =>
  z
    .literal(mode)
    .describe(
      'Where inbound messages go: "webhook", "agent" or "none" (the API\'s null: messages are stored, nothing is invoked).',
    );
const refused = (name: string, mode: string) =>
  z.undefined({ error: `${name} is only allowed when routing is "${mode}"` }).optional();

/**
 * The inputs every routing takes. A field added here is an input of both shells and, as stored,
 * an output (outputs.ts); `npm run generate` writes it into the published types and the docs.
 */
export const commonFields = {
  number: numberField,
  applyToExisting: applyToExistingField,
  onDelete: onDeleteField,
};
const common = commonFields;
export const commonSchema = z.object(common);

export const routingInputSchema = z.discriminatedUnion(
  "routing",
  [
    z
      .object({
        ...common,
        routing: routingField("webhook"),
        webhookId: uuidField("webhookId"),
        agentId: refused("agentId", "agent"),
      })
      .strict()
      .describe("Inbound messages go to a webhook (made in the Wassist dashboard)."),
    z
      .object({
        ...common,
        routing: routingField("agent"),
        agentId: uuidField("agentId"),
        webhookId: refused("webhookId", "webhook"),
      })
      .strict()
      .describe("Inbound messages go to an AI agent owned by (or shared with) the key's organization."),
    z
      .object({
        ...common,
        routing: routingField("none"),
        webhookId: refused("webhookId", "webhook"),
        agentId: refused("agentId", "agent"),
      })
      .strict()
      .describe("Inbound messages are stored and nothing is invoked (the API's null routing)."),
  ],
  { error: `routing must be one of ${ROUTING_MODES.map((m) => `"${m}"`).join(", ")}` },
);

// The schema's types are the args' (args.ts): the same value types, and per routing the same keys.
type KeysOf<T> = T extends unknown ? [T extends { routing: infer R } ? R : never, keyof T] : never;
const schemaMatchesArgs: [
  Same<z.input<typeof routingInputSchema>, RoutingInputArgs>,
  Same<KeysOf<z.input<typeof routingInputSchema>>, KeysOf<RoutingInputArgs>>,
  Same<z.output<typeof routingInputSchema>, RoutingInputs>,
] = [true, true, true];
void schemaMatchesArgs;

export type InputKey = keyof RoutingInputs;

/** The keys of an object, typed as its keys (Object.keys says string). */
export function keysOf<T extends object>(value: T): (keyof T)[] {
  return Object.keys(value) as (keyof T)[];
}

/** Every input's name, from the schema. */
export const INPUT_KEYS: InputKey[] = [
  ...new Set(routingInputSchema.options.flatMap((option) => keysOf(option.shape))),
];

type CheckFailure = dynamic.CheckFailure;

// Stand-ins used to validate the known parts of an input set that holds unknown values.
const PLACEHOLDERS: Record<string, unknown> = {
  number: "10000000",
  webhookId: "00000000-0000-4000-8000-000000000000",
  agentId: "00000000-0000-4000-8000-000000000000",
  applyToExisting: false,
  onDelete: "restore",
};

/** True when a value (or anything nested in it) is not known yet. */
export function isUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(isUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(isUnknown);
  return false;
}

export type Checked =
  | { inputs: PreviewInputs; failures: [] }
  | { inputs?: undefined; failures: CheckFailure[] };

/**
 * Validates inputs: the normalized inputs, or one failure per bad property. Never throws and
 * never calls the API. Keys starting with "__" (the engine's `__provider`) are ignored.
 */
export function checkInputs(raw: unknown): Checked {
  const checked = validate(raw);
  if ("failures" in checked) return checked;
  const { inputs, unknown } = checked;
  if (unknown.size === 0) return { inputs, failures: [] };
  const pending: PreviewInputs = Object.assign(
    inputs,
    Object.fromEntries([...unknown].map((key) => [key, UNKNOWN])),
  );
  return { inputs: pending, failures: [] };
}

/** Inputs that must be known and valid (diff, create and update): the inputs, or what is wrong. */
export function parseInputs(raw: unknown): { inputs: RoutingInputs } | { problem: string } {
  const checked = validate(raw);
  if ("failures" in checked)
    return {
      problem: `invalid inputs: ${checked.failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`,
    };
  if (checked.unknown.size > 0) return { problem: "invalid inputs: a value is not known yet" };
  return { inputs: checked.inputs };
}

/**
 * The one validation both use: the parsed inputs (unknown values replaced by stand-ins, or left
 * out where their branch refuses them) and the keys that are not known yet; or the failures.
 */
function validate(
  raw: unknown,
): { inputs: RoutingInputs; unknown: Set<string> } | { failures: CheckFailure[] } {
  const candidate: Record<string, unknown> = {};
  const unknown = new Set<string>();
  const given = raw !== null && typeof raw === "object" ? Object.entries(raw) : [];
  const named = new Set(given.map(([key]) => key));
  for (const [key, value] of given) {
    if (key.startsWith("__")) continue;
    if (isUnknown(value)) unknown.add(key);
    else candidate[key] = value;
  }
  if (unknown.has("routing")) {
    // Which branch applies is not known yet: take the one the other inputs point at.
    candidate.routing = named.has("webhookId") ? "webhook" : named.has("agentId") ? "agent" : "none";
  }
  for (const key of unknown) {
    if (key !== "routing") candidate[key] = PLACEHOLDERS[key] ?? candidate[key];
  }
  let parsed = routingInputSchema.safeParse(candidate);
  if (!parsed.success) {
    const failures = failuresOf(parsed.error, candidate, unknown);
    if (failures.length > 0) return { failures };
    // Every problem lies with a value that is not known yet (say routing "agent" and a webhookId
    // from another resource's output): whether it is valid depends on that value, so preview
    // lets it through and the check during `up`, with the value known, decides.
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? "");
      if (unknown.has(key)) delete candidate[key];
    }
    parsed = routingInputSchema.safeParse(candidate);
    if (!parsed.success) return { failures: failuresOf(parsed.error, candidate, new Set()) };
  }
  return { inputs: withoutUndefined(parsed.data), unknown };
}

function withoutUndefined<T extends object>(value: T): T {
  const out = { ...value };
  for (const key of keysOf(out)) if (out[key] === undefined) delete out[key];
  return out;
}

/** One failure per bad known property; the union's and the common fields' issues together. */
function failuresOf(
  error: z.ZodError,
  candidate: Record<string, unknown>,
  unknown: Set<string>,
): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const seen = new Set<string>();
  // The union stops at a bad `routing`; the common fields are checked on their own as well so
  // that every bad property is reported at once.
  const commonIssues = commonSchema.safeParse(candidate).error?.issues ?? [];
  for (const issue of [...commonIssues, ...error.issues]) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        if (!seen.has(key))
          failures.push({ property: key, reason: `${key} is not an input of PhoneNumberRouting` });
        seen.add(key);
      }
      continue;
    }
    const property = issue.path.length > 0 ? issue.path.map(String).join(".") : "routing";
    if (unknown.has(property.split(".")[0] as string) || seen.has(property)) continue;
    seen.add(property);
    const missing =
      issue.code === "invalid_type" && candidate[property] === undefined && property !== "routing";
    // `routing` may be anything here (even an object without a prototype): quote only a mode.
    const mode = ROUTING_MODES.find((m) => m === candidate.routing);
    const required = mode ? `${property} is required when routing is "${mode}"` : `${property} is required`;
    failures.push({ property, reason: missing ? required : issue.message });
  }
  return failures;
}
