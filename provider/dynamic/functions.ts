// The lookup functions for TypeScript and JavaScript programs of the dynamic resource: getWebhook,
// getAgent, getPhoneNumber and getPhoneNumbers (each also as getXOutput, taking and giving
// Outputs), the same as the plugin's wassist:index:get* functions. They run in the program's own
// process, with the stack's `wassist:*` settings (then the WASSIST_* environment), and one
// provider per program run, so the lookups of a run share one agents, one webhooks and one
// numbers list. A failure (no key, no match) is the returned promise's rejection.
import * as pulumi from "@pulumi/pulumi";
import type {
  GetAgentArgs,
  GetAgentResult,
  GetPhoneNumberArgs,
  GetPhoneNumberResult,
  GetPhoneNumbersArgs,
  GetPhoneNumbersResult,
  GetWebhookArgs,
  GetWebhookResult,
  Lookups,
} from "../reads/lookups";
import { PhoneNumberRoutingProvider } from "./provider";

/** Args whose values may be Outputs or promises, as Pulumi's `getXOutput` functions take them. */
export type InputArgs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/** The provider of each program run (an Automation API process runs programs many times). */
const perRun = new WeakMap<object, PhoneNumberRoutingProvider>();

function lookups(): Lookups {
  const stack = pulumi.runtime.getStackResource();
  let provider = stack ? perRun.get(stack) : undefined;
  if (!provider) {
    provider = new PhoneNumberRoutingProvider();
    provider.lifecycle.configure((key) => pulumi.runtime.getConfig(key));
    if (stack) perRun.set(stack, provider);
  }
  return provider.lookups();
}

/** A webhook of the organization by exactly one of `name`, `url` or `id` (never its secret). */
export async function getWebhook(args: GetWebhookArgs): Promise<GetWebhookResult> {
  return lookups().getWebhook(args);
}
export function getWebhookOutput(args: InputArgs<GetWebhookArgs>): pulumi.Output<GetWebhookResult> {
  return pulumi.output(args).apply((a) => getWebhook(a));
}

/** An agent of the organization (owned or shared) by exactly one of `name` or `id`. */
export async function getAgent(args: GetAgentArgs): Promise<GetAgentResult> {
  return lookups().getAgent(args);
}
export function getAgentOutput(args: InputArgs<GetAgentArgs>): pulumi.Output<GetAgentResult> {
  return pulumi.output(args).apply((a) => getAgent(a));
}

/** A number of the organization (any E.164 spelling) and where it routes now. */
export async function getPhoneNumber(args: GetPhoneNumberArgs): Promise<GetPhoneNumberResult> {
  return lookups().getPhoneNumber(args);
}
export function getPhoneNumberOutput(
  args: InputArgs<GetPhoneNumberArgs>,
): pulumi.Output<GetPhoneNumberResult> {
  return pulumi.output(args).apply((a) => getPhoneNumber(a));
}

/** Every number of the organization (the sandbox number only with `includeSandbox`). */
export async function getPhoneNumbers(args: GetPhoneNumbersArgs = {}): Promise<GetPhoneNumbersResult> {
  return lookups().getPhoneNumbers(args);
}
export function getPhoneNumbersOutput(
  args: InputArgs<GetPhoneNumbersArgs> = {},
): pulumi.Output<GetPhoneNumbersResult> {
  return pulumi.output(args).apply((a) => getPhoneNumbers(a));
}
