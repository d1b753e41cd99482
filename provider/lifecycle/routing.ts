// Routings as the lifecycle compares and records them: the inputs read back from a routing, the
// snapshot a write sets, whether Wassist's number routes as declared, and the outputs recorded.
import type { dynamic } from "@pulumi/pulumi";
import type { RoutingInputs } from "../resource/args";
import { commonSchema, keysOf } from "../resource/inputs";
import { type RoutingMode, routingFromApi } from "../resource/modes";
import type { RoutingOutputs, RoutingSnapshot, RoutingState } from "../resource/state";
import type { PhoneNumber } from "../wassist/models";

/** The inputs every routing takes (inputs.ts `commonFields`), checked: all but the routing's own. */
export type CommonInputs = Omit<RoutingInputs, "routing" | "webhookId" | "agentId">;
const COMMON_KEYS = keysOf(commonSchema.shape);

/** The inputs every routing takes, picked from inputs, a state or outputs (absent ones left out). */
export function commonOf(source: CommonInputs): CommonInputs {
  const common: Partial<CommonInputs> = {};
  for (const key of COMMON_KEYS) if (source[key] !== undefined) Object.assign(common, { [key]: source[key] });
  return common as CommonInputs;
}

/** A routing as declared or recorded: the ids may be absent or null. */
export type DeclaredRouting = {
  routing: RoutingMode | "sandbox";
  webhookId?: string | null;
  agentId?: string | null;
};

/**
 * Inputs from a routing as recorded or found (ids may be null or absent): a routing whose id is
 * missing reads as "none".
 */
export function routingInputs(
  base: CommonInputs,
  routing: { routing?: RoutingMode | "sandbox"; webhookId?: string | null; agentId?: string | null },
): RoutingInputs {
  const common = commonOf(base);
  if (routing.routing === "webhook" && routing.webhookId)
    return { ...common, routing: "webhook", webhookId: routing.webhookId };
  if (routing.routing === "agent" && routing.agentId)
    return { ...common, routing: "agent", agentId: routing.agentId };
  return { ...common, routing: "none" };
}

/** The routing a resource declares, as a snapshot (what its write sets). */
export function declaredSnapshot(d: DeclaredRouting): RoutingSnapshot {
  return {
    routing: d.routing,
    webhookId: d.routing === "webhook" ? (d.webhookId ?? null) : null,
    agentId: d.routing === "agent" ? (d.agentId ?? null) : null,
  };
}

export function snapshotOf(live: PhoneNumber): RoutingSnapshot {
  return {
    routing: routingFromApi(live.defaultRouting),
    webhookId: live.defaultWebhookId,
    agentId: live.activeAgentId,
  };
}

export function describeRouting(routing: {
  routing: string;
  webhookId?: string | null;
  agentId?: string | null;
}): string {
  if (routing.routing === "webhook") return `webhook ${routing.webhookId}`;
  if (routing.routing === "agent") return `agent ${routing.agentId}`;
  return routing.routing === "none" ? "no routing" : routing.routing;
}

/** True when the live number already routes as desired (sandbox defaults cannot be compared). */
export function liveMatches(live: PhoneNumber, desired: DeclaredRouting): boolean {
  if (live.isSandbox) return true;
  const now = snapshotOf(live);
  if (now.routing !== desired.routing) return false;
  if (desired.routing === "webhook") return now.webhookId === desired.webhookId;
  if (desired.routing === "agent") return now.agentId === desired.agentId;
  return true;
}

/** Where Wassist routes the number now, as inputs (the sandbox's shared routing reads as declared). */
export function fromLive(found: PhoneNumber, declared: RoutingInputs): RoutingInputs {
  const now = snapshotOf(found);
  return routingInputs(declared, now.routing === "sandbox" ? declared : now);
}

/** How one property changes: what the plugin's detailed diff says of it. */
export type PropertyChange = "add" | "update" | "delete" | "update-replace";

export interface DetailedDiff extends dynamic.DiffResult {
  detailedDiff: Record<string, PropertyChange>;
}

/** `keys` as changes from `olds` to `news`: added where there was no value, deleted where there is none now. */
export function changesOf(
  olds: RoutingState,
  news: object,
  keys: readonly string[],
): Record<string, PropertyChange> {
  const get = (o: object, key: string) => (o as Record<string, unknown>)[key] ?? null;
  return Object.fromEntries(
    keys.map((key) => [key, get(olds, key) === null ? "add" : get(news, key) === null ? "delete" : "update"]),
  );
}

/** What a resource records: its inputs, the number's ids, the routing before and the routing set. */
export function outputsOf(
  desired: RoutingInputs,
  found: PhoneNumber,
  previousRouting: RoutingSnapshot,
  appliedRouting: RoutingSnapshot,
  adoptionId: string,
): RoutingOutputs {
  return {
    ...commonOf(desired),
    routing: desired.routing,
    webhookId: desired.webhookId ?? null,
    agentId: desired.agentId ?? null,
    numberId: found.id,
    whatsappPhoneNumberId: found.whatsappPhoneNumberId,
    whatsappBusinessAccountId: found.whatsappBusinessAccountId,
    isSandbox: found.isSandbox,
    previousRouting,
    appliedRouting,
    adoptionId,
  };
}
