// PhoneNumberRouting served by the `wassist` provider plugin (type wassist:index:PhoneNumberRouting),
// for TypeScript programs that use the plugin instead of the dynamic resource: what
// `pulumi package gen-sdk` would generate, with the dynamic resource's args and outputs. The engine
// must find the plugin: see docs/plugin.md.
import type * as pulumi from "@pulumi/pulumi";
import type { PhoneNumberRoutingArgs } from "../args";
import { RoutingResource } from "../phoneNumberRouting";
import { RESOURCE_TOKEN } from "./schema";

/** The routing of one Wassist WhatsApp number, through the `wassist` plugin (id: the number's digits). */
export class PhoneNumberRouting extends RoutingResource {
  constructor(name: string, args: PhoneNumberRoutingArgs, opts?: pulumi.CustomResourceOptions) {
    super(RESOURCE_TOKEN, name, args, opts);
  }
}
