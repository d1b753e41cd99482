// pulumi-wassist/plugin: the resource of the `wassist` provider plugin for TypeScript programs, and
// the plugin's schema and server (tests, tools).
export type { AgentRoutingArgs, NoRoutingArgs, PhoneNumberRoutingArgs, WebhookRoutingArgs } from "../args";
export { importFile } from "./discover";
export { PhoneNumberRouting } from "./resource";
export { PACKAGE, packageSchema, RESOURCE_TOKEN } from "./schema";
