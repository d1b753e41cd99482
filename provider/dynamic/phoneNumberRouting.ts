// PhoneNumberRouting, the resource people declare (its args: resource/args.ts). Its declared
// outputs are written out here with their documentation (what an editor shows on hover; the
// published types need nothing of zod) by `npm run generate`, from the zod schema of
// resource/outputs.ts, and checked at compile time against the outputs of resource/state.ts: if
// they ever differ (a type, a key), this file does not compile. The outputs registered come from
// the schema's list (resource/outputs.ts).
import * as pulumi from "@pulumi/pulumi";
import type { PhoneNumberRoutingArgs } from "../resource/args";
import { normalizeNumber } from "../resource/inputs";
import type { OnDeletePolicy, RoutingMode } from "../resource/modes";
import { OUTPUT_KEYS } from "../resource/outputs";
import type { Same } from "../resource/sameType";
import type { RoutingOutputs, RoutingSnapshot } from "../resource/state";
import { unknownSettings } from "../settings";
import { PROVIDER_SHIM } from "./shim";

// One number, one resource: the numbers each program run has declared so far, by the run's stack
// resource (an Automation API process runs programs many times). Without a stack (mocks) no check.
const declared = new WeakMap<object, Map<string, string>>();

/** Stacks whose `wassist:*` config was looked over for unknown keys (once per program run). */
const configChecked = new WeakSet<object>();

/** Warns of each `wassist:` config key that is no setting, with the closest one (once per run). */
function checkConfigKeys(): void {
  const stack = pulumi.runtime.getStackResource();
  if (!stack || configChecked.has(stack)) return;
  configChecked.add(stack);
  const keys = Object.keys(pulumi.runtime.allConfig())
    .filter((key) => key.startsWith("wassist:"))
    .map((key) => key.slice("wassist:".length));
  for (const [key, closest] of unknownSettings(keys))
    pulumi.log.warn(
      `the stack config wassist:${key} is not a setting of the wassist provider and is ignored; did you mean wassist:${closest}?`,
    );
}

function claim(name: string, raw: string): void {
  const stack = pulumi.runtime.getStackResource();
  if (!stack || typeof raw !== "string") return;
  const number = normalizeNumber(raw);
  let numbers = declared.get(stack);
  if (!numbers) {
    numbers = new Map();
    declared.set(stack, numbers);
  }
  const other = numbers.get(number);
  if (other !== undefined && other !== name) {
    throw new Error(
      `PhoneNumberRouting "${name}" declares the number ${number}, which PhoneNumberRouting "${other}" declares already: a number has one routing, so keep one of the two resources`,
    );
  }
  numbers.set(number, name);
}

/** The inputs whose changes Wassist's live routing decides (what ignoreChanges may name). */
const ROUTING_INPUTS = ["routing", "webhookId", "agentId"];

/**
 * What Pulumi's own resource options do to this resource, where they defeat a promise of its
 * inputs: warnings for the program, naming the resource. `dynamic`: the dynamic resource, whose
 * provider is never told about ignoreChanges.
 */
export function optionWarnings(
  name: string,
  args: { onDelete?: unknown },
  opts: pulumi.CustomResourceOptions | undefined,
  dynamic: boolean,
): string[] {
  const warnings: string[] = [];
  const policy = typeof args.onDelete === "string" ? args.onDelete : "restore";
  if (opts?.retainOnDelete === true && policy !== "retain")
    warnings.push(
      `PhoneNumberRouting "${name}": retainOnDelete keeps Pulumi from calling delete, so onDelete "${policy}" never runs: removing the resource leaves the number routed as declared and forgets its original routing (previousRouting). Set onDelete: "retain" to say so, or drop retainOnDelete to let onDelete run`,
    );
  const ignored = (opts?.ignoreChanges ?? []).filter((key) => ROUTING_INPUTS.includes(key));
  if (dynamic && ignored.length > 0)
    warnings.push(
      `PhoneNumberRouting "${name}": ignoreChanges on ${ignored.join(", ")} does not keep a routing changed in the Wassist dashboard: the dynamic resource's diff compares Wassist's live routing with the stack (Pulumi's dynamic providers are not told about ignoreChanges), so the next \`pulumi up\` writes the stack's routing back. The provider plugin (pulumi-wassist/plugin) refreshes before each diff, so there ignoreChanges keeps the dashboard's routing`,
    );
  return warnings;
}

/**
 * What the dynamic PhoneNumberRouting declares and registers: the outputs, and the warnings about
 * resource options (the plugin's class is generated from its schema: sdk/nodejs).
 */
export abstract class RoutingResource extends pulumi.CustomResource {
  // the declared outputs: written by `npm run generate` from the zod schemas; edit their descriptions instead
  /** The number, digits only (E.164 without +). Also the resource id. */
  declare readonly number: pulumi.Output<string>;
  /** Where inbound messages go: "webhook", "agent" or "none". */
  declare readonly routing: pulumi.Output<RoutingMode>;
  /** The webhook's uuid when routing is "webhook", otherwise null. */
  declare readonly webhookId: pulumi.Output<string | null>;
  /** The agent's uuid when routing is "agent", otherwise null. */
  declare readonly agentId: pulumi.Output<string | null>;
  /** Whether routing changes also re-route existing conversations. */
  declare readonly applyToExisting: pulumi.Output<boolean>;
  /** What destroy does: "restore", "unsubscribe" or "retain". */
  declare readonly onDelete: pulumi.Output<OnDeletePolicy>;
  /** Wassist's uuid of the number. */
  declare readonly numberId: pulumi.Output<string>;
  /** Meta's phone number id. */
  declare readonly whatsappPhoneNumberId: pulumi.Output<string | null>;
  /** The WhatsApp Business Account's id (null for sandbox numbers). */
  declare readonly whatsappBusinessAccountId: pulumi.Output<string | null>;
  /** True for the shared sandbox number. */
  declare readonly isSandbox: pulumi.Output<boolean>;
  /**
   * The routing found when the resource adopted the number (its routing may be "sandbox"); onDelete
   * "restore" puts it back.
   */
  declare readonly previousRouting: pulumi.Output<RoutingSnapshot>;
  /**
   * The routing this resource last wrote; refresh leaves it as it is, and destroy undoes the
   * resource's write only while Wassist still routes that way.
   */
  declare readonly appliedRouting: pulumi.Output<RoutingSnapshot>;
  /**
   * A random id given when the resource adopted the number: tells it from another resource with the
   * number.
   */
  declare readonly adoptionId: pulumi.Output<string>;
  // end of the declared outputs

  protected constructor(
    type: string,
    name: string,
    args: PhoneNumberRoutingArgs,
    opts: pulumi.CustomResourceOptions | undefined,
    extra: Record<string, unknown> = {},
  ) {
    super(
      type,
      name,
      {
        // Every output is registered, also those of inputs left out (the provider fills them in).
        ...Object.fromEntries(OUTPUT_KEYS.map((key) => [key, undefined])),
        ...args,
        ...extra,
      },
      opts,
    );
    for (const warning of optionWarnings(name, args, opts, type === DYNAMIC_TYPE))
      pulumi.log.warn(warning, this);
  }
}

/** The dynamic resource's type token (its provider is Pulumi's dynamic-provider host). */
export const DYNAMIC_TYPE = "pulumi-nodejs:dynamic/wassist:PhoneNumberRouting";

/**
 * The routing of one Wassist WhatsApp number. A dynamic resource (type
 * `pulumi-nodejs:dynamic/wassist:PhoneNumberRouting`, id: the number's digits) whose provider is
 * loaded from this package at run time (see dynamic/shim.ts).
 */
export class PhoneNumberRouting extends RoutingResource {
  constructor(name: string, args: PhoneNumberRoutingArgs, opts?: pulumi.CustomResourceOptions) {
    // One number, one resource (the dynamic resource serves one organization per stack): a number
    // known now is checked now (the program fails at once); one from another resource's output
    // is checked when it is known.
    if (typeof args.number === "string") claim(name, args.number);
    else if (args?.number !== undefined) pulumi.output(args.number).apply((n) => claim(name, n));
    checkConfigKeys();
    super(DYNAMIC_TYPE, name, args, opts, { __provider: PROVIDER_SHIM });
  }
}

// The declared outputs above are exactly RoutingOutputs: the same keys, the same types (an
// optional output is declared as an Output that may hold undefined).
type DeclaredOutputs = {
  [K in Exclude<keyof RoutingResource, "urn" | "id"> as RoutingResource[K] extends pulumi.Output<unknown>
    ? K
    : never]: RoutingResource[K] extends pulumi.Output<infer V> ? V : never;
};
type EveryOutput = { [K in keyof Required<RoutingOutputs>]: RoutingOutputs[K] };
const outputsMatchState: Same<DeclaredOutputs, EveryOutput> = true;
void outputsMatchState;
