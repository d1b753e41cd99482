// The routing modes, defined once. Wassist's API speaks `defaultRouting` ("agent", "webhook",
// "sandbox" or null: wassist/models.ts); the resource speaks "agent", "webhook" or "none" (null
// has no name in YAML/JSON configs and reads badly in a diff). The translation between the two
// goes here.
import type { ApiRouting } from "../wassist/models";

/** The modes a `PhoneNumberRouting` can declare. */
export const ROUTING_MODES = ["webhook", "agent", "none"] as const;
export type RoutingMode = (typeof ROUTING_MODES)[number];

/** The API's `defaultRouting` in the resource's words ("sandbox" stays "sandbox"). */
export function routingFromApi(routing: ApiRouting): RoutingMode | "sandbox" {
  return routing ?? "none";
}

/** What destroy does with a number's routing. */
export const ON_DELETE_POLICIES = ["restore", "unsubscribe", "retain"] as const;
export type OnDeletePolicy = (typeof ON_DELETE_POLICIES)[number];
