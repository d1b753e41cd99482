// The emulator's state and the documented effects of every call on it. It knows organizations,
// numbers, agents, webhooks and conversations, and nothing of HTTP: a refused call is a StoreError
// of a kind (http/errors.ts turns kinds into statuses and DRF bodies, http/render.ts turns records
// into API objects). With a state file, every change is written atomically (a temporary file
// renamed over the old one).
import { renameSync, writeFileSync } from "node:fs";
import type { AgentRecord, ConversationRecord, EmulatorData, PhoneNumberRecord, WebhookRecord } from "./seed";

/** How a number object is rendered: the docs' plain id strings, or the SDK's nested objects. */
/** Number objects with nested `{id, name, …}` objects (what the SDK, the CLI and live calls show), or plain id strings (the docs). */
export type ResponseShape = "nested" | "flat";
/** Sandbox routing calls: scoped to the caller's conversation (docs), or rejected with 400 (live report). */
export type SandboxMode = "scoped" | "reject";

/** Why the store refused a call: a thing that is not there, not the caller's, or system-managed. */
export type StoreErrorKind = "not_found" | "permission_denied" | "sandbox_number" | "conflict";

export class StoreError extends Error {
  constructor(
    readonly kind: StoreErrorKind,
    message: string,
  ) {
    super(message);
  }
}

const notFound = (what: string) => new StoreError("not_found", `${what} not found`);

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
      throw new StoreError("permission_denied", "Agent is not owned by or shared with your organization");
    }
    return agent;
  }

  usableWebhook(org: string, id: string): WebhookRecord {
    const webhook = this.data.webhooks.find((w) => w.id === id);
    if (!webhook) throw notFound("Webhook");
    if (webhook.organization !== org) {
      throw new StoreError("permission_denied", "Webhook belongs to another organization");
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
        throw new StoreError(
          "sandbox_number",
          "Routing of the sandbox number is managed by the system and cannot be changed",
        );
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
    attached: { webhookId?: string; agentId?: string } = {},
  ): PhoneNumberRecord {
    const number = this.data.phoneNumbers.find((n) => n.number === digits);
    if (!number) throw notFound("Phone number");
    number.defaultRouting = routing;
    // Paused in the dashboard, a number may keep its agent or webhook attached (the API cannot
    // make that state: its unsubscribe drops both).
    number.defaultWebhook =
      routing === "webhook" ? targetId : routing === null ? (attached.webhookId ?? null) : null;
    number.activeAgent =
      routing === "agent" ? targetId : routing === null ? (attached.agentId ?? null) : null;
    this.persist();
    return number;
  }
}
