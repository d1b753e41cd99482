// Inputs that must be known now (the diff after its unknown checks, create, update): parsed, or
// refused with the problem the parser names.

import { ActionableError } from "../messages";
import type { RoutingInputs } from "../resource/args";
import { parseInputs } from "../resource/inputs";

export function knownInputs(inputs: unknown): RoutingInputs {
  const parsed = parseInputs(inputs);
  if ("problem" in parsed) throw new ActionableError(parsed.problem);
  return parsed.inputs;
}
