// The emulator's state and the documented effects of every call on it. HTTP lives in app.ts;
// this file knows only organizations, numbers, agents, webhooks and conversations. With a state
// file, every change is written atomically (a temporary file renamed over the old one).
import { renameSync, writeFileSync } from "node:fs";
import type { AgentRecord, ConversationRecord, EmulatorData, PhoneNumberRecord, WebhookRecord } from "./seed";

/** How a number object is rendered: the docs' plain id strings, or the SDK's nested objects. */
export type ResponseShape = "docs" | "sdk";
/** Sandbox routing calls: scoped to the caller's conversation (docs), or rejected with 400 (live report). */
export type SandboxMode = "scoped" | "reject";

export class EmulatorError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(typeof body.error === "string" ? body.error : JSON.stringify(body));
  }
}

const notFound = (what: string) => new EmulatorError(404, { error: `${what} not found`, code: "not_found" });

export class EmulatorStore {
  constructor(
    public data: EmulatorData,
    private readonly statePath?: string,
  ) {}

  persist(): void {
    if (!this.statePath) return;
    const tmp = `${this.statePath}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(this.data, null, 2)}\n`);
    renameSync(tmp, this.statePath);
  }

  /** The numbers an organization sees: its own and the shared sandbox numbers. */
  numbersOf(org: string): PhoneNumberRecord[] {
    return this.data.phoneNumbers.filter((n) => n.organization === org || n.isSandbox);
  }

  numberOf(org: string, digits: string): PhoneNumberRecord {
    const found = this.numbersOf(org).find((n) => n.number === digits);
    if (!found) throw notFound("Phone number");
    return found;
  }

  agentsOf(org: string): AgentRecord[] {
    return this.data.agents.filter((a) => a.organization === org || a.sharedWith.includes(org));
  }

  webhooksOf(org: string): WebhookRecord[] {
    return this.data.webhooks.filter((w) => w.organization === org);
  }

  /** An agent the caller may use: unknown → 404; another organization's, not shared → 403. */
  usableAgent(org: string, id: string): AgentRecord {
    const agent = this.data.agents.find((a) => a.id === id);
    if (!agent) throw notFound("Agent");
    if (agent.organization !== org && !agent.sharedWith.includes(org)) {
      throw new EmulatorError(403, {
        error: "Agent is not owned by or shared with your organization",
        code: "permission_denied",
      });
    }
    return agent;
  }

  usableWebhook(org: string, id: string): WebhookRecord {
    const webhook = this.data.webhooks.find((w) => w.id === id);
    if (!webhook) throw notFound("Webhook");
    if (webhook.organization !== org) {
      throw new EmulatorError(403, {
        error: "Webhook belongs to another organization",
        code: "permission_denied",
      });
    }
    return webhook;
  }

  conversationsOf(org: string, digits?: string): ConversationRecord[] {
    const visible = new Set(this.numbersOf(org).map((n) => n.number));
    return this.data.conversations.filter(
      (c) =>
        visible.has(c.whatsappNumber) &&
        (digits === undefined || c.whatsappNumber === digits) &&
        // On a shared sandbox number each organization sees only its own users' conversations.
        (c.organization === org || !this.isSandboxNumber(c.whatsappNumber)),
    );
  }

  private isSandboxNumber(digits: string): boolean {
    return this.data.phoneNumbers.some((n) => n.number === digits && n.isSandbox);
  }

  /**
   * subscribe / connect-agent / unsubscribe, with the documented effects. `target` null means
   * unsubscribe.
   */
  route(
    org: string,
    digits: string,
    target: { kind: "webhook"; id: string } | { kind: "agent"; id: string } | null,
    applyToExisting: boolean,
    sandboxMode: SandboxMode,
  ): PhoneNumberRecord {
    const number = this.numberOf(org, digits);
    if (target?.kind === "webhook") this.usableWebhook(org, target.id);
    if (target?.kind === "agent") this.usableAgent(org, target.id);
    if (number.isSandbox) {
      if (sandboxMode === "reject") {
        throw new EmulatorError(400, {
          error: "Routing of the sandbox number is managed by the system and cannot be changed",
          code: "sandbox_number",
        });
      }
      // Docs: scoped to the caller's own conversation; shared defaults untouched; applyToExisting ignored.
      for (const conversation of this.conversationsOf(org, digits)) {
        conversation.routing = target ? target.kind : null;
        conversation.webhook = target?.kind === "webhook" ? target.id : null;
        conversation.activeAgent = target?.kind === "agent" ? target.id : null;
        conversation.session = null;
      }
      this.persist();
      return number;
    }
    number.defaultRouting = target ? target.kind : null;
    number.defaultWebhook = target?.kind === "webhook" ? target.id : null;
    number.activeAgent = target?.kind === "agent" ? target.id : null;
    if (applyToExisting) {
      for (const conversation of this.conversationsOf(org, digits)) {
        conversation.activeAgent = target?.kind === "agent" ? target.id : null;
        conversation.session = null;
      }
    }
    this.persist();
    return number;
  }

  /** A change made "in the dashboard": no checks of ownership, no conversations touched. */
  setRoutingOutOfBand(
    digits: string,
    routing: "webhook" | "agent" | null,
    targetId: string | null,
  ): PhoneNumberRecord {
    const number = this.data.phoneNumbers.find((n) => n.number === digits);
    if (!number) throw notFound("Phone number");
    number.defaultRouting = routing;
    number.defaultWebhook = routing === "webhook" ? targetId : null;
    number.activeAgent = routing === "agent" ? targetId : null;
    this.persist();
    return number;
  }

  /** Renders a number as the API does, in the docs' or the SDK's shape. */
  render(number: PhoneNumberRecord, shape: ResponseShape): Record<string, unknown> {
    const agent = number.activeAgent ? this.data.agents.find((a) => a.id === number.activeAgent) : undefined;
    const webhook = number.defaultWebhook
      ? this.data.webhooks.find((w) => w.id === number.defaultWebhook)
      : undefined;
    const base = {
      id: number.id,
      number: number.number,
      whatsappPhoneNumberId: number.whatsappPhoneNumberId,
    };
    if (shape === "sdk") {
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

  renderConversation(conversation: ConversationRecord): Record<string, unknown> {
    const number = this.data.phoneNumbers.find((n) => n.number === conversation.whatsappNumber);
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
}
