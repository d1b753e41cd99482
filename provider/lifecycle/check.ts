// The preview gate: what `create` or `update` would be refused for, refused at `check` with the
// same message. The key (the numbers list is read, one request that the diff and the write then
// reuse), a number not on the key's organization, a target not among its agents or webhooks, and
// (given the resource's URN: the plugin) a number another resource of this provider declares.

import { warn } from "../messages";
import type { PreviewInputs } from "../resource/args";
import { isUnknown } from "../resource/inputs";
import type { RoutingState } from "../resource/state";
import type { PhoneNumber } from "../wassist/models";
import { goneOnUpdate, notOnAccount, pausedWithTarget, withKeyAdvice } from "./errors";
import { type DeclaredRouting, liveMatches, snapshotOf } from "./routing";
import type { Session } from "./session";

/** A check failure: the input it concerns ("" for the resource as a whole) and why. */
export type Failure = { property: string; reason: string };

/** The number each resource checked in this process declares, by resource URN (plugin only). */
export type Claims = Map<string, string>;

/** Why the routing `inputs` declare would be refused; empty when it would not (or cannot be known yet). */
export async function refusals(
  open: () => Session,
  claims: Claims,
  olds: RoutingState | undefined,
  inputs: PreviewInputs,
  urn?: string,
): Promise<Failure[]> {
  const number = inputs.number;
  if (isUnknown(number)) return [];
  const duplicate = urn ? claim(claims, urn, number) : undefined;
  if (duplicate) return [duplicate];
  const updating = olds?.number === number;
  const verb = updating ? "updating" : "creating";
  let session: Session | undefined;
  let live: PhoneNumber | undefined;
  try {
    session = open();
    live = await session.live.get(number);
  } catch (err) {
    const advised = withKeyAdvice(err, session?.settings) as Error;
    return [{ property: "", reason: `${verb} routing of ${number}: ${advised.message}` }];
  }
  if (!live)
    return [
      {
        property: "number",
        reason: updating ? goneOnUpdate(number, session.settings.provider) : notOnAccount(number),
      },
    ];
  const paused =
    updating || inputs.onDelete === "unsubscribe" || inputs.onDelete === "retain"
      ? undefined
      : pausedWithTarget(number, snapshotOf(live));
  if (paused) warn(paused);
  return targetRefusals(session, live, inputs, verb);
}

/** A target the write would name that is not among the organization's agents or webhooks. */
async function targetRefusals(
  session: Session,
  live: PhoneNumber,
  inputs: PreviewInputs,
  verb: string,
): Promise<Failure[]> {
  const declared = { routing: inputs.routing, webhookId: inputs.webhookId, agentId: inputs.agentId };
  if (isUnknown(declared.webhookId) || isUnknown(declared.agentId) || isUnknown(declared.routing)) return [];
  // A number already routed as declared is adopted or kept without a write: Wassist refuses no
  // target then (a target that stopped working is the diff's to report).
  if (liveMatches(live, declared as DeclaredRouting)) return [];
  const problem = await session.health?.problemWith(declared as { routing: string });
  if (problem?.kind !== "absent") return [];
  const lists = problem.property === "agentId" ? "agents" : "webhooks";
  return [
    {
      property: problem.property,
      reason: `${verb} routing of ${inputs.number}: ${problem.message}; use an id of this organization's ${lists} (the Wassist dashboard lists them), or check the key`,
    },
  ];
}

/** A failure when another resource of this provider declared `number` first. */
function claim(claims: Claims, urn: string, number: string): Failure | undefined {
  for (const [other, claimed] of claims) {
    if (other !== urn && claimed === number)
      return {
        property: "number",
        reason: `PhoneNumberRouting "${nameOf(urn)}" declares the number ${number}, which PhoneNumberRouting "${nameOf(other)}" declares already with the same provider (the same Wassist organization): a number has one routing, so keep one of the two resources`,
      };
  }
  claims.set(urn, number);
  return undefined;
}

/** The resource name at the end of a URN ("urn:…::wassist:index:PhoneNumberRouting::support" → support). */
function nameOf(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

/**
 * A target id missing for a routing that did not change: when the program changed routing under
 * `ignoreChanges: ["routing"]`, Pulumi kept the old routing and took the new target, and the
 * failure alone would not say why.
 */
export function withIgnoreChangesHint(failure: Failure, olds: unknown, news: unknown): Failure {
  const before = (olds ?? {}) as Record<string, unknown>;
  const after = (news ?? {}) as Record<string, unknown>;
  if (!/ is required when routing is /.test(failure.reason) || before.routing !== after.routing)
    return failure;
  return {
    ...failure,
    reason: `${failure.reason} (routing is "${String(after.routing)}" as before: if the resource has ignoreChanges on routing, Pulumi kept its old value, so change routing and its target together with ignoreChanges lifted, or leave both alone)`,
  };
}
