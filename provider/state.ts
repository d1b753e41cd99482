// What a PhoneNumberRouting keeps in state: its checked inputs and what Wassist says of the
// number. Plain interfaces, because they are published and the package's declaration files need
// nothing of zod; stateSchema.ts holds the zod schema checked against them.
import type { OnDeletePolicy, RoutingMode } from "./routingModes";

/** Routing as found on a number, or as a resource wrote it. */
export interface RoutingSnapshot {
  routing: RoutingMode | "sandbox";
  webhookId: string | null;
  agentId: string | null;
}

/** The outputs of a PhoneNumberRouting, as the provider writes them. */
export interface RoutingOutputs {
  number: string;
  routing: RoutingMode;
  /** null unless routing is "webhook". */
  webhookId: string | null;
  /** null unless routing is "agent". */
  agentId: string | null;
  applyToExisting: boolean;
  onDelete: OnDeletePolicy;
  numberId: string;
  whatsappPhoneNumberId: string | null;
  whatsappBusinessAccountId: string | null;
  isSandbox: boolean;
  previousRouting: RoutingSnapshot;
  /**
   * The routing this resource last wrote. `refresh` does not change it, so that destroy undoes
   * only the provider's own write and leaves a person's later change alone.
   */
  appliedRouting: RoutingSnapshot;
  /** A random id given at create and kept after: tells this resource from another one with the number. */
  adoptionId: string;
}

/**
 * A state as the engine hands it back: written by this version or an older one (which may lack
 * `webhookId`, `agentId`, `appliedRouting` or `adoptionId`), or read for an import.
 */
export type RoutingState = Partial<RoutingOutputs>;
