// What Wassist's answers are to the rest of the code (and to users of the client), whichever
// shape the API used: plain interfaces, so that the published types need nothing of zod (its
// declaration files do not type-check under some consumer tsconfigs). types.ts parses into them.

/** `defaultRouting` as the API returns it. "sandbox" is system-managed and never declared. */
export const API_ROUTINGS = ["agent", "webhook", "sandbox"] as const;
export type ApiRouting = (typeof API_ROUTINGS)[number] | null;

/** A WhatsApp number of the organization. */
export interface PhoneNumber {
  /** Wassist's uuid of the number. */
  id: string;
  /** E.164 digits without `+`: the number in paths. */
  number: string;
  /** Meta's phone number id. */
  whatsappPhoneNumberId: string | null;
  /** The WhatsApp Business Account's id (null for sandbox numbers). */
  whatsappBusinessAccountId: string | null;
  /** The agent inbound messages go to, when `defaultRouting` is "agent". */
  activeAgentId: string | null;
  /** "agent", "webhook", "sandbox" or null (messages stored, nothing invoked). */
  defaultRouting: ApiRouting;
  /** The webhook inbound messages go to, when `defaultRouting` is "webhook". */
  defaultWebhookId: string | null;
  /** True for shared sandbox numbers. */
  isSandbox: boolean;
}

/** An AI agent owned by or shared with the organization. */
export interface Agent {
  id: string;
  name: string | null;
}

/** A webhook (its signing secret is never kept). */
export interface Webhook {
  id: string;
  name: string | null;
  url: string | null;
  /** False once Wassist disabled it (after 20 consecutive failed deliveries). */
  active: boolean;
  disabledAt: string | null;
  disabledReason: string | null;
}
