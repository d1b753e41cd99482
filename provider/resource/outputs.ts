// The outputs of PhoneNumberRouting as a zod schema: the inputs every routing takes (inputs.ts) as
// stored, the routing, and what Wassist says of the number. The source of the published
// interfaces of state.ts and of the resource class's declared outputs (`npm run generate` writes
// both from it; they are checked against it at compile time, both ways), of the plugin schema's
// outputs, of the list of output keys the resource registers (so every output is in state); tests
// parse what the provider writes with it.
import { z } from "zod";
import { commonFields } from "./inputs";
import { ROUTING_MODES } from "./modes";
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

/** The inputs every routing takes, as stored: what `check` made of them (defaults filled in). */
const { number, applyToExisting, onDelete, ...otherCommon } = commonFields;

export const routingOutputsSchema = z.object({
  number: number.describe("The number, digits only (E.164 without +). Also the resource id."),
  routing: z.enum(ROUTING_MODES).describe('Where inbound messages go: "webhook", "agent" or "none".'),
  webhookId: z.string().nullable().describe('The webhook\'s uuid when routing is "webhook", otherwise null.'),
  agentId: z.string().nullable().describe('The agent\'s uuid when routing is "agent", otherwise null.'),
  applyToExisting: applyToExisting.describe("Whether routing changes also re-route existing conversations."),
  onDelete: onDelete.describe('What destroy does: "restore", "unsubscribe" or "retain".'),
  ...otherCommon,
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
