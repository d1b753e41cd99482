// pulumi-wassist: the public surface. The resource, the lookup functions, its provider (for direct
// use in tests), the API client and its errors. Everything else is internal.

export {
  getAgent,
  getAgentOutput,
  getPhoneNumber,
  getPhoneNumberOutput,
  getPhoneNumbers,
  getPhoneNumbersOutput,
  getWebhook,
  getWebhookOutput,
} from "./dynamic/functions";
export { PhoneNumberRouting } from "./dynamic/phoneNumberRouting";
export {
  PhoneNumberRoutingProvider,
  type PhoneNumberRoutingProviderOptions,
} from "./dynamic/provider";
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
export type {
  AgentRoutingArgs,
  NoRoutingArgs,
  PhoneNumberRoutingArgs,
  WebhookRoutingArgs,
} from "./resource/args";
export { ON_DELETE_POLICIES, type OnDeletePolicy, ROUTING_MODES, type RoutingMode } from "./resource/modes";
export type { RoutingOutputs, RoutingSnapshot, RoutingState } from "./resource/state";
export { type ProviderSettings, SETTINGS, type SettingName } from "./settings";
export { WassistClient, type WassistClientOptions } from "./wassist/client";
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
