// Delete: undo only what this resource set, as its onDelete says (restore the routing it found,
// unsubscribe, or retain). A number that moved to another resource in this update, or that a
// person routed elsewhere since, is left alone with a warning.
import { info, warn } from "../messages";
import type { OnDeletePolicy } from "../resource/modes";
import type { RoutingSnapshot, RoutingState } from "../resource/state";
import { hasStatus, isNotFound } from "../wassist/errors";
import type { PhoneNumber } from "../wassist/models";
import { pausedWithTarget } from "./errors";
import { declaredSnapshot, describeRouting, liveMatches, snapshotOf } from "./routing";
import type { Session } from "./session";

const NOTHING_TO_UNDO = "is no longer on the Wassist account; nothing to undo";

export async function remove(session: Session, id: string, props: RoutingState): Promise<void> {
  const number = props.number ?? id;
  const policy = props.onDelete ?? "restore";
  if (policy === "retain") return;
  const found = await session.live.get(number);
  if (!found) {
    info(`${number} ${NOTHING_TO_UNDO}`);
    return;
  }
  const reason = leaveAlone(session, found, props, policy);
  if (reason) {
    warn(reason);
    return;
  }
  const applyToExisting = props.applyToExisting ?? false;
  const previous = props.previousRouting;
  if (policy === "restore") {
    const paused = pausedWithTarget(number, previous);
    if (paused) warn(paused);
  }
  // "none" and "sandbox" (the caller's own override on a sandbox number) restore as unsubscribe.
  const webhookId = previous?.routing === "webhook" ? previous.webhookId : null;
  const agentId = previous?.routing === "agent" ? previous.agentId : null;
  if (policy === "unsubscribe" || !previous || (!webhookId && !agentId))
    return unsubscribe(session, number, applyToExisting, policy === "restore" ? "restoring" : "deleting");
  return restore(session, number, previous, applyToExisting);
}

/** Why the resource must not undo the number's routing, if it must not. */
function leaveAlone(
  session: Session,
  found: PhoneNumber,
  props: RoutingState,
  policy: OnDeletePolicy,
): string | undefined {
  const number = found.number;
  const writer = session.written.get(number);
  if (writer !== undefined && writer.adoptionId !== props.adoptionId) {
    const recorded = writer.previous
      ? `recorded ${describeRouting(writer.previous)}`
      : "recorded what it found";
    const previous = describeRouting(props.previousRouting ?? { routing: "none" });
    return `${number} moved to another resource in this update: not undoing (onDelete "${policy}"), so it stays routed as declared. The resource that declares it now ${recorded} as its previousRouting, which its destroy will put back, not ${previous}. To rename a resource and keep its original routing, use the aliases resource option instead`;
  }
  const applied =
    props.appliedRouting ??
    (props.routing ? declaredSnapshot({ ...props, routing: props.routing }) : undefined);
  if (applied && !liveMatches(found, applied))
    return `${number}: not undoing (onDelete "${policy}"): Wassist now routes it to ${describeRouting(snapshotOf(found))}, not the ${describeRouting(applied)} this resource set`;
  return undefined;
}

async function unsubscribe(
  session: Session,
  number: string,
  applyToExisting: boolean,
  verb: "restoring" | "deleting",
): Promise<void> {
  try {
    await session.route(number, { routing: "none" }, applyToExisting, verb);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    info(`${number} ${NOTHING_TO_UNDO}`);
  }
}

/** Routes the number back to the webhook or agent it had; a target that is gone unsubscribes instead. */
async function restore(
  session: Session,
  number: string,
  previous: RoutingSnapshot,
  applyToExisting: boolean,
): Promise<void> {
  try {
    await session.route(number, previous, applyToExisting, "restoring");
  } catch (err) {
    if (!hasStatus(err, 400, 403, 404)) throw err;
    if (!(await session.live.get(number, { fresh: true }))) {
      info(`${number} ${NOTHING_TO_UNDO}`);
      return;
    }
    warn(
      `${number}: could not restore ${describeRouting(previous)} (${err.reason}); unsubscribing instead, so that nothing is routed to a target that is gone`,
    );
    await unsubscribe(session, number, applyToExisting, "restoring");
  }
}
