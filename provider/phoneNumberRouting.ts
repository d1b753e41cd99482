// PhoneNumberRouting, the resource people declare. Its args are a union on `routing`, so a wrong
// combination does not compile. They are written out here with their documentation (what an
// editor shows on hover) and checked against the zod schema in schema.ts at compile time: if the
// two ever differ (a type, a key), this file does not compile.
import * as pulumi from "@pulumi/pulumi";
import type { RoutingSnapshot } from "./phoneNumberRoutingProvider";
import type { OnDeletePolicy, RoutingMode } from "./routingModes";
import { normalizeNumber, type RoutingInputArgs } from "./schema";
import { PROVIDER_SHIM } from "./shim";

interface CommonArgs {
  /**
   * The WhatsApp number, E.164: `"+44 7700 900100"`, `"44-7700-900100"` and `"447700900100"` are
   * the same number (stored as digits, 7–15 of them). It must belong to the API key's
   * organization. Changing it replaces the resource.
   */
  number: pulumi.Input<string>;
  /**
   * Also re-route the number's existing conversations (Wassist clears their agent and session, or
   * writes the new agent onto them). Default `false`; ignored by Wassist on sandbox numbers.
   */
  applyToExisting?: pulumi.Input<boolean>;
  /**
   * What `pulumi destroy` (or removing the resource) does: `"restore"` (default) puts back the
   * routing found when the resource adopted the number (`previousRouting`), `"unsubscribe"`
   * clears the routing, `"retain"` leaves it as it is.
   */
  onDelete?: pulumi.Input<OnDeletePolicy>;
}

/** Inbound messages go to a webhook (created in the Wassist dashboard). */
export interface WebhookRoutingArgs extends CommonArgs {
  /** Where inbound messages go: `"webhook"`, `"agent"` or `"none"` (stored, nothing invoked). */
  routing: "webhook";
  /** Wassist's uuid of the webhook. Required when `routing` is `"webhook"`. */
  webhookId: pulumi.Input<string>;
  /** Only with `routing: "agent"`. */
  agentId?: undefined;
}

/** Inbound messages go to an AI agent owned by (or shared with) the key's organization. */
export interface AgentRoutingArgs extends CommonArgs {
  /** Where inbound messages go: `"webhook"`, `"agent"` or `"none"` (stored, nothing invoked). */
  routing: "agent";
  /** Wassist's uuid of the agent. Required when `routing` is `"agent"`. */
  agentId: pulumi.Input<string>;
  /** Only with `routing: "webhook"`. */
  webhookId?: undefined;
}

/** Inbound messages are stored and nothing is invoked (the API's `null` routing). */
export interface NoRoutingArgs extends CommonArgs {
  /** Where inbound messages go: `"webhook"`, `"agent"` or `"none"` (stored, nothing invoked). */
  routing: "none";
  /** Only with `routing: "webhook"`. */
  webhookId?: undefined;
  /** Only with `routing: "agent"`. */
  agentId?: undefined;
}

/** Arguments of a PhoneNumberRouting: one of the three routings. */
export type PhoneNumberRoutingArgs = WebhookRoutingArgs | AgentRoutingArgs | NoRoutingArgs;

// The compile-time check that the args above are exactly the schema's input (values unwrapped):
// the same value types, and per routing the same keys.
type Plain<T> = T extends unknown ? { [K in keyof T]: T[K] extends pulumi.Input<infer V> ? V : T[K] } : never;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type KeysOf<T> = T extends unknown ? [T extends { routing: infer R } ? R : never, keyof T] : never;
const argsMatchSchema: [
  Same<Plain<PhoneNumberRoutingArgs>, RoutingInputArgs>,
  Same<KeysOf<PhoneNumberRoutingArgs>, KeysOf<RoutingInputArgs>>,
] = [true, true];
void argsMatchSchema;

// One number, one resource: the numbers each program run has declared so far, by the run's stack
// resource (an Automation API process runs programs many times). Without a stack (mocks) no check.
const declared = new WeakMap<object, Map<string, string>>();

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

/**
 * The routing of one Wassist WhatsApp number. A dynamic resource (type
 * `pulumi-nodejs:dynamic/wassist:PhoneNumberRouting`, id: the number's digits) whose provider is
 * loaded from this package at run time (see shim.ts).
 */
export class PhoneNumberRouting extends pulumi.CustomResource {
  /** The number, digits only (E.164 without `+`). Also the resource id. */
  declare readonly number: pulumi.Output<string>;
  /** Where inbound messages go: `"webhook"`, `"agent"` or `"none"`. */
  declare readonly routing: pulumi.Output<RoutingMode>;
  /** The webhook's uuid when `routing` is `"webhook"`, otherwise null. */
  declare readonly webhookId: pulumi.Output<string | null>;
  /** The agent's uuid when `routing` is `"agent"`, otherwise null. */
  declare readonly agentId: pulumi.Output<string | null>;
  /** Whether routing changes also re-route existing conversations (default false). */
  declare readonly applyToExisting: pulumi.Output<boolean>;
  /** What destroy does: `"restore"` (default), `"unsubscribe"` or `"retain"`. */
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
   * The routing found when the resource adopted the number (`routing` may be `"sandbox"`);
   * `onDelete: "restore"` puts it back.
   */
  declare readonly previousRouting: pulumi.Output<RoutingSnapshot>;
  /**
   * The routing this resource last wrote (`refresh` leaves it as it is): destroy undoes the
   * resource's own write only, so a number a person re-routed since is left alone.
   */
  declare readonly appliedRouting: pulumi.Output<RoutingSnapshot>;

  constructor(name: string, args: PhoneNumberRoutingArgs, opts?: pulumi.CustomResourceOptions) {
    // A number known now is checked now (the program fails at once); one from another resource's
    // output is checked when it is known.
    if (typeof args.number === "string") claim(name, args.number);
    else if (args?.number !== undefined) pulumi.output(args.number).apply((n) => claim(name, n));
    super(
      "pulumi-nodejs:dynamic/wassist:PhoneNumberRouting",
      name,
      {
        // Every output is registered, also those of inputs left out (the provider fills them in).
        webhookId: undefined,
        agentId: undefined,
        applyToExisting: undefined,
        onDelete: undefined,
        ...args,
        numberId: undefined,
        whatsappPhoneNumberId: undefined,
        whatsappBusinessAccountId: undefined,
        isSandbox: undefined,
        previousRouting: undefined,
        appliedRouting: undefined,
        __provider: PROVIDER_SHIM,
      },
      opts,
    );
  }
}
