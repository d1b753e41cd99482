// The outputs of PhoneNumberRouting as a zod schema, checked against the published interfaces of
// state.ts at compile time, both ways. It is the source of the list of output keys that the
// resource registers (so every output is in state), and lets tests parse what the provider writes.
import { z } from "zod";
import { ON_DELETE_POLICIES, ROUTING_MODES } from "./routingModes";
import type { Same } from "./sameType";
import type { RoutingOutputs, RoutingSnapshot } from "./state";

const snapshotSchema = z.object({
  routing: z.enum([...ROUTING_MODES, "sandbox"]),
  webhookId: z.string().nullable(),
  agentId: z.string().nullable(),
});

export const routingOutputsSchema = z.object({
  number: z.string(),
  routing: z.enum(ROUTING_MODES),
  webhookId: z.string().nullable(),
  agentId: z.string().nullable(),
  applyToExisting: z.boolean(),
  onDelete: z.enum(ON_DELETE_POLICIES),
  numberId: z.string(),
  whatsappPhoneNumberId: z.string().nullable(),
  whatsappBusinessAccountId: z.string().nullable(),
  isSandbox: z.boolean(),
  previousRouting: snapshotSchema,
  appliedRouting: snapshotSchema,
  adoptionId: z.string(),
});

const schemaMatchesInterfaces: [
  Same<z.output<typeof snapshotSchema>, RoutingSnapshot>,
  Same<z.output<typeof routingOutputsSchema>, RoutingOutputs>,
] = [true, true];
void schemaMatchesInterfaces;

/** Every output's name (the resource registers each, so each is in state). */
export const OUTPUT_KEYS = routingOutputsSchema.keyof().options;
