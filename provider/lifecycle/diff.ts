// The diff: the properties that differ, each from the live routing where Wassist's differs from
// the state (drift), else from the state; a number routed as declared to a target that no longer
// works is a change too. What the plugin returns as its detailed diff (the dynamic shell drops it).

import { info, warn } from "../messages";
import type { PreviewInputs } from "../resource/args";
import { INPUT_KEYS, isUnknown } from "../resource/inputs";
import type { RoutingState } from "../resource/state";
import type { PhoneNumber } from "../wassist/models";
import { GONE } from "./errors";
import { knownInputs } from "./inputs";
import { changesOf, type DetailedDiff, describeRouting, fromLive, liveMatches, snapshotOf } from "./routing";
import type { Session } from "./session";

export async function diff(session: Session, olds: RoutingState, news: PreviewInputs): Promise<DetailedDiff> {
  if (isUnknown(news.number) || news.number !== olds.number) {
    return {
      changes: true,
      replaces: ["number"],
      deleteBeforeReplace: false,
      detailedDiff: { number: "update-replace" },
    };
  }
  const changed = INPUT_KEYS.filter(
    (key) => isUnknown(news[key]) || (news[key] ?? null) !== (olds[key] ?? null),
  );
  if (changed.some((key) => isUnknown(news[key])))
    return { changes: true, replaces: [], detailedDiff: changesOf(olds, news, changed) };
  const known = knownInputs(news);
  const live = await session.live.get(known.number);
  if (!live) {
    warn(`${news.number}: ${GONE}`);
    return { changes: true, replaces: [], detailedDiff: changesOf(olds, news, changed) };
  }
  const differsFromDeclared = !liveMatches(live, known);
  const { found, differing } = differsFromDeclared
    ? drifted(live, olds, known, changed)
    : { found: olds, differing: changed };
  // Routed as declared, but to a target that no longer works: a change too, so that drift
  // checks (--expect-no-changes) fail while messages go nowhere.
  const problem =
    differsFromDeclared || live.isSandbox ? undefined : await session.health?.problemWith(known);
  if (problem) info(`${news.number} routes to a target that does not work: ${problem.message}`);
  const detailedDiff = changesOf(found, known, differing);
  if (problem) detailedDiff[problem.property] = "update";
  return {
    changes: differsFromDeclared || changed.length > 0 || problem !== undefined,
    replaces: [],
    detailedDiff,
  };
}

/**
 * Drift: Wassist routes the number otherwise than the state says (a person changed it); a change
 * of the program alone is no drift. (The plugin refreshes before its diffs, so there the state is
 * already the live routing.) Returns the state with the live routing as the left side of each
 * drifted property, and the properties that differ from the declaration.
 */
function drifted(
  live: PhoneNumber,
  olds: RoutingState,
  known: ReturnType<typeof knownInputs>,
  changed: (typeof INPUT_KEYS)[number][],
): { found: RoutingState; differing: readonly string[] } {
  const drift = !(olds.routing !== undefined && liveMatches(live, { ...olds, routing: olds.routing }));
  if (!drift) return { found: olds, differing: changed };
  const now = fromLive(live, known);
  const found: RoutingState = {
    ...olds,
    routing: now.routing,
    webhookId: now.webhookId ?? null,
    agentId: now.agentId ?? null,
  };
  info(
    `${known.number} has drifted: Wassist routes it to ${describeRouting(snapshotOf(live))}, the stack declares ${describeRouting(known)}; \`pulumi up\` will put the declared routing back`,
  );
  return { found, differing: INPUT_KEYS.filter((key) => (known[key] ?? null) !== (found[key] ?? null)) };
}
