// Read (refresh and import): the live routing as the resource's inputs, beside what the resource
// wrote (appliedRouting stays what it wrote) and the routing it found before.
import type { dynamic } from "@pulumi/pulumi";
import { ActionableError } from "../messages";
import { INPUT_KEYS } from "../resource/inputs";
import type { RoutingState } from "../resource/state";
import { notImportable } from "./errors";
import { declaredSnapshot, fromLive, outputsOf, routingInputs, snapshotOf } from "./routing";
import { adoptionOf, type Session } from "./session";

export async function read(
  session: Session,
  id: string,
  props?: RoutingState,
): Promise<dynamic.ReadResult<RoutingState>> {
  const number = props?.number ?? id;
  const found = await session.live.get(number, { fresh: false });
  // An import (no state yet): say which number and what to check, not only "does not exist".
  if (!found && !props) throw new ActionableError(notImportable(number));
  if (!found) return { id: "", props: {} };
  const declared = routingInputs(
    {
      ...props,
      number,
      applyToExisting: props?.applyToExisting ?? false,
      onDelete: props?.onDelete ?? "restore",
    },
    props ?? { routing: "none" },
  );
  // The sandbox number's shared routing is system-managed: what the stack declared stands.
  const now = found.isSandbox ? declared : fromLive(found, declared);
  const applied = props?.appliedRouting ?? declaredSnapshot(props?.routing ? declared : now);
  // A state from before adoption ids (or an import) gets one now.
  const previous = props?.previousRouting ?? snapshotOf(found);
  const outs = outputsOf(now, found, previous, applied, adoptionOf(props ?? {}));
  const inputs: RoutingState = {};
  for (const key of INPUT_KEYS) if (now[key] !== undefined) Object.assign(inputs, { [key]: now[key] });
  return { id: number, props: outs, inputs };
}
