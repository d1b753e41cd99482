// Create: adopt the number. Already routed as declared (and no applyToExisting): no write, which
// would change nothing and cost one of the key's requests a minute. Otherwise one write; a write
// that may have happened keeps the resource in state, with where the number was routed before.
import { randomUUID } from "node:crypto";
import type { dynamic } from "@pulumi/pulumi";
import { ActionableError } from "../messages";
import type { PreviewInputs } from "../resource/args";
import type { RoutingOutputs } from "../resource/state";
import { certainlyNotApplied, explain, InitializationError, notOnAccount } from "./errors";
import { knownInputs } from "./inputs";
import { declaredSnapshot, liveMatches, outputsOf, snapshotOf } from "./routing";
import type { Session } from "./session";

export async function create(
  session: Session,
  inputs: PreviewInputs,
): Promise<dynamic.CreateResult<RoutingOutputs>> {
  const desired = knownInputs(inputs);
  const number = desired.number;
  const found = await session.live.get(number);
  if (!found) throw new ActionableError(notOnAccount(number));
  const adoptionId = randomUUID();
  const writer = { adoptionId, previous: snapshotOf(found) };
  const outs = outputsOf(desired, found, writer.previous, declaredSnapshot(desired), adoptionId);
  if (!found.isSandbox && !desired.applyToExisting && liveMatches(found, desired)) {
    // Claimed all the same, so that the delete of another resource that declared the number
    // before leaves it alone.
    session.written.set(number, writer);
    return { id: number, outs };
  }
  try {
    await session.write(desired, found.isSandbox, "creating", writer);
  } catch (err) {
    if (certainlyNotApplied(err)) throw explain(err, found.isSandbox, desired);
    // The write may have happened: keep the number in state, so that the next `up` reconciles it
    // and `destroy` can restore it.
    throw new InitializationError((err as Error).message, number, { ...outs }, [(err as Error).message]);
  }
  return { id: number, outs };
}
