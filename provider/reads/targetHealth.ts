// Whether the agents and webhooks the stack routes numbers to still work (issue 11): a number
// whose agent was deleted (or is no longer shared), or whose webhook is gone or disabled by
// Wassist (after 20 failed deliveries), routes its messages nowhere although its routing looks
// unchanged. One list of agents and one of webhooks serve a process for a while, and each is read
// only when some resource routes to one. The webhook endpoints are in the OpenAPI file only: when
// Wassist refuses them, that is said once and webhooks go unchecked.

import { warn } from "../messages";
import type { WassistClient } from "../wassist/client";
import type { Agent, Webhook } from "../wassist/models";
import { SharedRead } from "./sharedRead";

export class TargetHealth {
  private readonly agents: SharedRead<Map<string, Agent>>;
  private readonly webhooks: SharedRead<Map<string, Webhook> | { unknown: string }>;
  private saidUnknown = false;

  constructor(client: WassistClient, ttlMs: number) {
    this.agents = new SharedRead(ttlMs, async () => byId(await client.listAgents()));
    this.webhooks = new SharedRead(ttlMs, async () => {
      const answer = await client.listWebhooks();
      return answer.status === "found" ? byId(answer.webhooks) : { unknown: answer.reason };
    });
  }

  /** Why the declared target does not work, or undefined when it does (or cannot be told). */
  async problemWith(declared: {
    routing: string;
    webhookId?: string;
    agentId?: string;
  }): Promise<string | undefined> {
    if (declared.routing === "agent" && declared.agentId) {
      const agents = await this.agents.get();
      if (!agents.has(declared.agentId.toLowerCase()))
        return `agent ${declared.agentId} is not among the agents of the key's organization (deleted, or no longer shared with it): inbound messages reach no agent`;
    }
    if (declared.routing === "webhook" && declared.webhookId) {
      const webhooks = await this.webhooks.get();
      if ("unknown" in webhooks) {
        if (!this.saidUnknown)
          warn(`the health of webhooks cannot be checked (${webhooks.unknown}); checking agents only`);
        this.saidUnknown = true;
        return undefined;
      }
      const webhook = (webhooks as Map<string, Webhook>).get(declared.webhookId.toLowerCase());
      if (!webhook)
        return `webhook ${declared.webhookId} is not among the webhooks of the key's organization (deleted?): inbound messages are delivered nowhere`;
      if (!webhook.active || webhook.disabledAt) {
        const since = webhook.disabledAt ? ` since ${webhook.disabledAt}` : "";
        const why = webhook.disabledReason ? ` (${webhook.disabledReason})` : "";
        return `webhook ${declared.webhookId} is disabled by Wassist${since}${why}: inbound messages are not delivered; re-enable it in the Wassist dashboard`;
      }
    }
    return undefined;
  }
}

function byId<T extends { id: string }>(items: T[]): Map<string, T> {
  return new Map(items.map((item) => [item.id.toLowerCase(), item]));
}
