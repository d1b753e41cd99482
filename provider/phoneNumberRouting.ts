// PhoneNumberRouting, the resource people declare. Its args type comes from the zod schema in
// schema.ts (a discriminated union on `routing`, so a wrong combination does not compile).
import * as pulumi from "@pulumi/pulumi";
import type { RoutingSnapshot } from "./phoneNumberRoutingProvider";
import type { RoutingMode } from "./routingModes";
import type { OnDeletePolicy, RoutingInputArgs } from "./schema";
import { PROVIDER_SHIM } from "./shim";

type Distribute<T> = T extends unknown
  ? { [K in keyof T]: K extends "routing" ? T[K] : pulumi.Input<T[K]> }
  : never;

/**
 * Arguments of a PhoneNumberRouting.
 * - `number`: E.164 (`+`, spaces and dashes accepted; stored as digits, at most 15).
 * - `routing`: "webhook" (needs `webhookId`), "agent" (needs `agentId`) or "none".
 * - `applyToExisting`: also re-route the number's existing conversations (default false).
 * - `onDelete`: on destroy, "restore" the routing found at creation (default), "unsubscribe", or "retain".
 */
export type PhoneNumberRoutingArgs = Distribute<RoutingInputArgs>;

/**
 * The routing of one Wassist WhatsApp number. A dynamic resource (type
 * `pulumi-nodejs:dynamic/wassist:PhoneNumberRouting`) whose provider is loaded from this package
 * at run time (see shim.ts), which is what `pulumi.dynamic.Resource` does with a serialized
 * provider, minus the serialization.
 */
export class PhoneNumberRouting extends pulumi.CustomResource {
  /** The number, digits only. Also the resource id. */
  declare readonly number: pulumi.Output<string>;
  declare readonly routing: pulumi.Output<RoutingMode>;
  declare readonly webhookId: pulumi.Output<string | undefined>;
  declare readonly agentId: pulumi.Output<string | undefined>;
  declare readonly applyToExisting: pulumi.Output<boolean>;
  declare readonly onDelete: pulumi.Output<OnDeletePolicy>;
  /** Wassist's uuid of the number. */
  declare readonly numberId: pulumi.Output<string>;
  /** Meta's phone number id. */
  declare readonly whatsappPhoneNumberId: pulumi.Output<string | null>;
  declare readonly whatsappBusinessAccountId: pulumi.Output<string | null>;
  /** True for a shared sandbox number. */
  declare readonly isSandbox: pulumi.Output<boolean>;
  /** The routing found when the resource adopted the number; `onDelete: "restore"` puts it back. */
  declare readonly previousRouting: pulumi.Output<RoutingSnapshot>;

  constructor(name: string, args: PhoneNumberRoutingArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      "pulumi-nodejs:dynamic/wassist:PhoneNumberRouting",
      name,
      {
        ...args,
        numberId: undefined,
        whatsappPhoneNumberId: undefined,
        whatsappBusinessAccountId: undefined,
        isSandbox: undefined,
        previousRouting: undefined,
        __provider: PROVIDER_SHIM,
      },
      opts,
    );
  }
}
