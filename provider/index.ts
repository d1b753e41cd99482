// pulumi-wassist: the public surface. The resource, its provider (for direct use in tests), the
// API client and its error type. Everything else is internal.
export type { Agent, PhoneNumber, Webhook } from "./apiModels";
export { type ProviderSettings, SETTINGS } from "./config";
export { WassistApiError } from "./errors";
export {
  type AgentRoutingArgs,
  type NoRoutingArgs,
  PhoneNumberRouting,
  type PhoneNumberRoutingArgs,
  type WebhookRoutingArgs,
} from "./phoneNumberRouting";
export {
  PhoneNumberRoutingProvider,
  type RoutingOutputs,
  type RoutingSnapshot,
} from "./phoneNumberRoutingProvider";
export { ON_DELETE_POLICIES, type OnDeletePolicy, ROUTING_MODES, type RoutingMode } from "./routingModes";
export { WassistClient, type WassistClientOptions } from "./wassistClient";
