// pulumi-wassist: the public surface. The resource, the lookup functions, its provider (for direct
// use in tests), the API client and its errors. Everything else is internal.

export type { AgentRoutingArgs, NoRoutingArgs, PhoneNumberRoutingArgs, WebhookRoutingArgs } from "./args";
export {
  getAgent,
  getAgentOutput,
  getPhoneNumber,
  getPhoneNumberOutput,
  getPhoneNumbers,
  getPhoneNumbersOutput,
  getWebhook,
  getWebhookOutput,
} from "./functions";
export {
  PhoneNumberRoutingProvider,
  type PhoneNumberRoutingProviderOptions,
} from "./lifecycle";
export { PhoneNumberRouting } from "./phoneNumberRouting";
export type {
  GetAgentArgs,
  GetAgentResult,
  GetPhoneNumberArgs,
  GetPhoneNumberResult,
  GetPhoneNumbersArgs,
  GetPhoneNumbersResult,
  GetWebhookArgs,
  GetWebhookResult,
} from "./reads/lookups";
export { ON_DELETE_POLICIES, type OnDeletePolicy, ROUTING_MODES, type RoutingMode } from "./routingModes";
export { type ProviderSettings, SETTINGS, type SettingName } from "./settings";
export type { RoutingOutputs, RoutingSnapshot, RoutingState } from "./state";
export { type RoutingVerb, WassistClient, type WassistClientOptions } from "./wassist/client";
export {
  WassistApiError,
  WassistCancelledError,
  WassistDeadlineError,
  WassistHttpError,
  WassistInvalidResponseError,
  WassistNetworkError,
} from "./wassist/errors";
export type { Agent, PhoneNumber, Webhook } from "./wassist/models";
export type { RetryOptions } from "./wassist/retryPolicy";
