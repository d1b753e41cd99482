// Records as the API answers them: a number with nested objects (the shape of the SDK, the CLI
// and live calls: the default) or plain id strings (the docs' shape), agents, webhooks (without
// their organization) and conversations.
import type {
  AgentRecord,
  ConversationRecord,
  EmulatorData,
  PhoneNumberRecord,
  WebhookRecord,
} from "../seed";
import type { ResponseShape } from "../store";

export function renderNumber(
  data: EmulatorData,
  number: PhoneNumberRecord,
  shape: ResponseShape,
): Record<string, unknown> {
  const base = { id: number.id, number: number.number, whatsappPhoneNumberId: number.whatsappPhoneNumberId };
  if (shape === "nested") {
    const agent = number.activeAgent ? data.agents.find((a) => a.id === number.activeAgent) : undefined;
    const webhook = number.defaultWebhook
      ? data.webhooks.find((w) => w.id === number.defaultWebhook)
      : undefined;
    return {
      ...base,
      whatsappBusinessAccount: number.whatsappBusinessAccount,
      activeAgent: number.activeAgent
        ? { id: number.activeAgent, name: agent?.name ?? null, icebreakers: agent?.icebreakers ?? [] }
        : null,
      defaultRouting: number.defaultRouting,
      defaultWebhook: number.defaultWebhook
        ? { id: number.defaultWebhook, name: webhook?.name ?? null, url: webhook?.url ?? null }
        : null,
      isSandbox: number.isSandbox,
    };
  }
  return {
    ...base,
    whatsappBusinessAccount: number.whatsappBusinessAccount?.id ?? null,
    activeAgent: number.activeAgent,
    defaultRouting: number.defaultRouting,
    defaultWebhook: number.defaultWebhook,
    isSandbox: number.isSandbox,
  };
}

export function renderAgent(agent: AgentRecord): Record<string, unknown> {
  return { id: agent.id, name: agent.name, icebreakers: agent.icebreakers };
}

/** A webhook as the spec shows it (its secret included, as the spec does); not its organization. */
export function renderWebhook({ organization, ...webhook }: WebhookRecord): Record<string, unknown> {
  return webhook;
}

export function renderConversation(
  data: EmulatorData,
  conversation: ConversationRecord,
): Record<string, unknown> {
  const number = data.phoneNumbers.find((n) => n.number === conversation.whatsappNumber);
  const effectiveRouting = number?.isSandbox
    ? "sandbox"
    : conversation.routing !== undefined
      ? conversation.routing
      : (number?.defaultRouting ?? null);
  return {
    id: conversation.id,
    whatsappNumber: conversation.whatsappNumber,
    contact: conversation.contact,
    routing: conversation.routing ?? null,
    effectiveRouting,
    webhook: conversation.webhook,
    activeAgent: conversation.activeAgent,
    session: conversation.session,
  };
}
