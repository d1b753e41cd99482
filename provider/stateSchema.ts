// The outputs of PhoneNumberRouting as a zod schema, checked against the published interfaces of
// state.ts at compile time, both ways. It is the source of the list of output keys that the
// resource registers (so every output is in state), and lets tests parse what the provider writes.
import { z } from "zod";
import { ON_DELETE_POLICIES, ROUTING_MODES } from "./routingModes";
import type { Same } from "./sameType";
import type { RoutingOutputs, RoutingSnapshot } from "./state";

const snapshotSchema = z
  .object({
    routing: z
      .enum([...ROUTING_MODES, "sandbox"])
      .describe('"webhook", "agent", "none", or "sandbox" (the shared sandbox number\'s system routing).'),
    webhookId: z.string().nullable().describe('The webhook\'s uuid when routing is "webhook".'),
    agentId: z.string().nullable().describe('The agent\'s uuid when routing is "agent".'),
  })
  .describe("A routing as found on a number, or as a resource wrote it.");

export const routingOutputsSchema = z.object({
  number: z.string().describe("The number, digits only (E.164 without +). Also the resource id."),
  routing: z.enum(ROUTING_MODES).describe('Where inbound messages go: "webhook", "agent" or "none".'),
  webhookId: z.string().nullable().describe('The webhook\'s uuid when routing is "webhook", otherwise null.'),
  agentId: z.string().nullable().describe('The agent\'s uuid when routing is "agent", otherwise null.'),
  applyToExisting: z.boolean().describe("Whether routing changes also re-route existing conversations."),
  onDelete: z.enum(ON_DELETE_POLICIES).describe('What destroy does: "restore", "unsubscribe" or "retain".'),
  numberId: z.string().describe("Wassist's uuid of the number."),
  whatsappPhoneNumberId: z.string().nullable().describe("Meta's phone number id."),
  whatsappBusinessAccountId: z
    .string()
    .nullable()
    .describe("The WhatsApp Business Account's id (null for sandbox numbers)."),
  isSandbox: z.boolean().describe("True for the shared sandbox number."),
  previousRouting: snapshotSchema.describe(
    'The routing found when the resource adopted the number (its routing may be "sandbox"); onDelete "restore" puts it back.',
  ),
  appliedRouting: snapshotSchema.describe(
    "The routing this resource last wrote; refresh leaves it as it is, and destroy undoes the resource's write only while Wassist still routes that way.",
  ),
  adoptionId: z
    .string()
    .describe(
      "A random id given when the resource adopted the number: tells it from another resource with the number.",
    ),
});

const schemaMatchesInterfaces: [
  Same<z.output<typeof snapshotSchema>, RoutingSnapshot>,
  Same<z.output<typeof routingOutputsSchema>, RoutingOutputs>,
] = [true, true];
void schemaMatchesInterfaces;

/** Every output's name (the resource registers each, so each is in state). */
export { snapshotSchema };

export const OUTPUT_KEYS = routingOutputsSchema.keyof().options;
