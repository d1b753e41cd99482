// The args of PhoneNumberRouting: a union on `routing`, so a wrong combination does not compile,
// written out with their documentation (what an editor shows on hover) and without zod (the
// published types need nothing of it). `npm run generate` writes the interfaces from the zod
// schema of inputs.ts and its descriptions. The checked inputs the provider works with are the
// same shapes with their values known and defaults filled in. inputs.ts checks its zod schema
// against both at compile time: if they ever differ (a type, a key), it does not compile.
import type * as pulumi from "@pulumi/pulumi";
import type { OnDeletePolicy } from "./modes";

// the args: written by `npm run generate` from the zod schemas; edit their descriptions instead
/** The inputs every routing takes. */
interface CommonArgs {
  /**
   * The WhatsApp number, E.164: "+44 7700 900100", "44-7700-900100" and "447700900100" are the same
   * number (stored as digits, 7 to 15 of them, no leading 0). It must belong to the API key's
   * organization. Changing it replaces the resource.
   */
  number: pulumi.Input<string>;
  /**
   * Also re-route the number's existing conversations (Wassist clears their agent and session, or
   * writes the new agent onto them). Always sent, so Wassist's own undocumented default never
   * applies; ignored by Wassist on sandbox numbers. Default: false.
   */
  applyToExisting?: pulumi.Input<boolean>;
  /**
   * What `pulumi destroy` (or removing the resource) does: "restore" puts back the routing found
   * when the resource adopted the number (previousRouting), "unsubscribe" clears the routing,
   * "retain" leaves it as it is. The restoring call carries the resource's own applyToExisting.
   * Default: "restore".
   */
  onDelete?: pulumi.Input<OnDeletePolicy>;
}

/** Inbound messages go to a webhook (made in the Wassist dashboard). */
export interface WebhookRoutingArgs extends CommonArgs {
  /**
   * Where inbound messages go: "webhook", "agent" or "none" (the API's null: messages are stored,
   * nothing is invoked).
   */
  routing: "webhook";
  /**
   * Wassist's uuid of the webhook. Required when routing is "webhook", refused otherwise. Webhooks
   * are made in the Wassist dashboard (the API cannot create them); getWebhook finds one by name.
   */
  webhookId: pulumi.Input<string>;
  /** Only with routing "agent". */
  agentId?: undefined;
}

/** Inbound messages go to an AI agent owned by (or shared with) the key's organization. */
export interface AgentRoutingArgs extends CommonArgs {
  /**
   * Where inbound messages go: "webhook", "agent" or "none" (the API's null: messages are stored,
   * nothing is invoked).
   */
  routing: "agent";
  /**
   * Wassist's uuid of the agent, owned by or shared with the key's organization. Required when
   * routing is "agent", refused otherwise; getAgent finds one by name.
   */
  agentId: pulumi.Input<string>;
  /** Only with routing "webhook". */
  webhookId?: undefined;
}

/** Inbound messages are stored and nothing is invoked (the API's null routing). */
export interface NoRoutingArgs extends CommonArgs {
  /**
   * Where inbound messages go: "webhook", "agent" or "none" (the API's null: messages are stored,
   * nothing is invoked).
   */
  routing: "none";
  /** Only with routing "webhook". */
  webhookId?: undefined;
  /** Only with routing "agent". */
  agentId?: undefined;
}
// end of the args

/** Arguments of a PhoneNumberRouting: one of the three routings. */
export type PhoneNumberRoutingArgs = WebhookRoutingArgs | AgentRoutingArgs | NoRoutingArgs;

type Plain<T> = T extends unknown ? { [K in keyof T]: T[K] extends pulumi.Input<infer V> ? V : T[K] } : never;
type Defaulted<T> = T extends unknown
  ? Simplify<Omit<T, "applyToExisting" | "onDelete"> & { applyToExisting: boolean; onDelete: OnDeletePolicy }>
  : never;
type Simplify<T> = { [K in keyof T]: T[K] };

/** Args as a program could write them with every value known. */
export type RoutingInputArgs = Plain<PhoneNumberRoutingArgs>;
/** Checked, normalized inputs (defaults filled in): what the provider works with. */
export type RoutingInputs = Defaulted<RoutingInputArgs>;

/** The engine's value for an input that is not known yet (during preview), whatever its type. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export type Unknown = typeof UNKNOWN;
/** Checked inputs in preview: any of them may still be the engine's unknown value. */
export type PreviewInputs = RoutingInputs extends infer T
  ? T extends unknown
    ? { [K in keyof T]: T[K] | Unknown }
    : never
  : never;
