// What a PhoneNumberRouting keeps in state: its checked inputs and what Wassist says of the
// number. Plain interfaces, because they are published and the package's declaration files need
// nothing of zod; `npm run generate` writes them from the zod schema of outputs.ts, which checks
// itself against them at compile time.
import type { OnDeletePolicy, RoutingMode } from "./modes";

// the outputs: written by `npm run generate` from the zod schemas; edit their descriptions instead
/** A routing as found on a number, or as a resource wrote it. */
export interface RoutingSnapshot {
  /** "webhook", "agent", "none", or "sandbox" (the shared sandbox number's system routing). */
  routing: RoutingMode | "sandbox";
  /** The webhook's uuid when routing is "webhook". */
  webhookId: string | null;
  /** The agent's uuid when routing is "agent". */
  agentId: string | null;
}

/** The outputs of a PhoneNumberRouting, as the provider writes them. */
export interface RoutingOutputs {
  /** The number, digits only (E.164 without +). Also the resource id. */
  number: string;
  /** Where inbound messages go: "webhook", "agent" or "none". */
  routing: RoutingMode;
  /** The webhook's uuid when routing is "webhook", otherwise null. */
  webhookId: string | null;
  /** The agent's uuid when routing is "agent", otherwise null. */
  agentId: string | null;
  /** Whether routing changes also re-route existing conversations. */
  applyToExisting: boolean;
  /** What destroy does: "restore", "unsubscribe" or "retain". */
  onDelete: OnDeletePolicy;
  /** Wassist's uuid of the number. */
  numberId: string;
  /** Meta's phone number id. */
  whatsappPhoneNumberId: string | null;
  /** The WhatsApp Business Account's id (null for sandbox numbers). */
  whatsappBusinessAccountId: string | null;
  /** True for the shared sandbox number. */
  isSandbox: boolean;
  /**
   * The routing found when the resource adopted the number (its routing may be "sandbox"); onDelete
   * "restore" puts it back.
   */
  previousRouting: RoutingSnapshot;
  /**
   * The routing this resource last wrote; refresh leaves it as it is, and destroy undoes the
   * resource's write only while Wassist still routes that way.
   */
  appliedRouting: RoutingSnapshot;
  /**
   * A random id given when the resource adopted the number: tells it from another resource with the
   * number.
   */
  adoptionId: string;
}
// end of the outputs

/**
 * A state as the engine hands it back: written by this version or an older one (which may lack
 * `webhookId`, `agentId`, `appliedRouting` or `adoptionId`), or read for an import.
 */
export type RoutingState = Partial<RoutingOutputs>;
