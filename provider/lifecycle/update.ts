// Update: put the declared routing in place. When only onDelete or applyToExisting changed, write
// only if Wassist does not already route as declared (a fresh read, not a cached one); when no
// input changed, the diff saw drift, so write.
import type { dynamic } from "@pulumi/pulumi";
import { ActionableError } from "../messages";
import type { PreviewInputs } from "../resource/args";
import { INPUT_KEYS } from "../resource/inputs";
import type { RoutingOutputs, RoutingState } from "../resource/state";
import { isNotFound } from "../wassist/errors";
import { explain, GONE } from "./errors";
import { knownInputs } from "./inputs";
import { declaredSnapshot, liveMatches, outputsOf, snapshotOf } from "./routing";
import { adoptionOf, type Session } from "./session";

export async function update(
  session: Session,
  olds: RoutingState,
  news: PreviewInputs,
): Promise<dynamic.UpdateResult<RoutingOutputs>> {
  const desired = knownInputs(news);
  const changed = INPUT_KEYS.filter((key) => (olds[key] ?? null) !== (desired[key] ?? null));
  const routingChanged = changed.some((key) => key === "routing" || key === "webhookId" || key === "agentId");
  if (!routingChanged && changed.length > 0) {
    const found = await session.live.get(desired.number, { fresh: true });
    if (!found) throw new ActionableError(`updating routing of ${desired.number}: ${GONE}`);
    if (liveMatches(found, desired)) {
      const previous = olds.previousRouting ?? snapshotOf(found);
      const applied = olds.appliedRouting ?? declaredSnapshot(desired);
      return { outs: outputsOf(desired, found, previous, applied, adoptionOf(olds)) };
    }
  }
  try {
    const adoptionId = adoptionOf(olds);
    const writer = { adoptionId, previous: olds.previousRouting };
    const answer = await session.write(desired, olds.isSandbox === true, "updating", writer);
    const previous = olds.previousRouting ?? snapshotOf(answer);
    return { outs: outputsOf(desired, answer, previous, declaredSnapshot(desired), adoptionId) };
  } catch (err) {
    if (isNotFound(err) && !(await session.live.get(desired.number, { fresh: true })))
      throw new ActionableError(`updating routing of ${desired.number}: ${GONE}`, { cause: err });
    throw explain(err, olds.isSandbox === true, desired);
  }
}
