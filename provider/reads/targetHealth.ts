// Whether the agents and webhooks the stack routes numbers to exist in the key's organization and
// still work. A number whose agent was deleted (or is no longer shared), or whose webhook is gone
// or disabled by Wassist (after 20 failed deliveries), routes its messages nowhere although its
// routing looks unchanged; a target id of another organization is refused by Wassist's write.
// One list of agents and one of webhooks serve a process for a while, and each is read only when
// some resource routes to one. These reads are advisory: whatever stops a list from being read
// (a key refused there, the webhook endpoints missing for API keys, a server error, an answer of
// an unexpected shape) is said once per process, and that list goes unchecked; it never fails
// an operation.

import { warn } from "../messages";
import type { WassistClient } from "../wassist/client";
import { WassistHttpError } from "../wassist/errors";
import type { Agent, Webhook } from "../wassist/models";
import { SharedRead } from "./sharedRead";

/**
 * A list by lower-cased id, or why it could not be read: `refused` when Wassist answered that this
 * key may not read it (403, or the webhook endpoints missing for API keys), not when the key is
 * invalid or Wassist could not be reached.
 */
export type Listed<T> = Map<string, T> | { unknown: string; refused: boolean };

/** What is wrong with a declared target: not in the organization, or there but disabled. */
export interface TargetProblem {
  kind: "absent" | "disabled";
  /** The input the target was declared in. */
  property: "agentId" | "webhookId";
  message: string;
}

export class TargetHealth {
  private readonly agents: SharedRead<Listed<Agent>>;
  private readonly webhooks: SharedRead<Listed<Webhook>>;
  private readonly said = new Set<string>();

  constructor(client: WassistClient, ttlMs: number) {
    this.agents = new SharedRead(ttlMs, () => advisory(async () => byId(await client.listAgents())));
    this.webhooks = new SharedRead(ttlMs, () =>
      advisory(async () => {
        const answer = await client.listWebhooks();
        return answer.status === "found" ? byId(answer.webhooks) : { unknown: answer.reason, refused: true };
      }),
    );
  }

  /** What is wrong with the declared target, or undefined when nothing is (or it cannot be told). */
  async problemWith(declared: {
    routing: string;
    webhookId?: string | null;
    agentId?: string | null;
  }): Promise<TargetProblem | undefined> {
    if (declared.routing === "agent" && declared.agentId) {
      const agents = await this.listed("agents", this.agents);
      if (agents && !agents.has(declared.agentId.toLowerCase()))
        return {
          kind: "absent",
          property: "agentId",
          message: `agent ${declared.agentId} is not among the agents of the key's organization (deleted, no longer shared with it, or an id of another organization): inbound messages reach no agent`,
        };
    }
    if (declared.routing === "webhook" && declared.webhookId) {
      const webhooks = await this.listed("webhooks", this.webhooks);
      const webhook = webhooks?.get(declared.webhookId.toLowerCase());
      if (webhooks && !webhook)
        return {
          kind: "absent",
          property: "webhookId",
          message: `webhook ${declared.webhookId} is not among the webhooks of the key's organization (deleted, or an id of another organization): inbound messages are delivered nowhere`,
        };
      if (webhook && (!webhook.active || webhook.disabledAt)) {
        const since = webhook.disabledAt ? ` since ${webhook.disabledAt}` : "";
        const why = webhook.disabledReason ? ` (${webhook.disabledReason})` : "";
        return {
          kind: "disabled",
          property: "webhookId",
          message: `webhook ${declared.webhookId} is disabled by Wassist${since}${why}: inbound messages are not delivered; re-enable it in the Wassist dashboard`,
        };
      }
    }
    return undefined;
  }

  /** The organization's agents, or why they cannot be read (lookups share the checks' list). */
  agentList(): Promise<Listed<Agent>> {
    return this.agents.get();
  }

  /** The organization's webhooks, or why they cannot be read. */
  webhookList(): Promise<Listed<Webhook>> {
    return this.webhooks.get();
  }

  /** The list, or undefined (said once) when it cannot be read. */
  private async listed<T>(what: string, read: SharedRead<Listed<T>>): Promise<Map<string, T> | undefined> {
    const list = await read.get();
    if (!("unknown" in list)) return list as Map<string, T>;
    if (!this.said.has(what))
      warn(`the ${what} of the key's organization cannot be read (${list.unknown}); ${what} are not checked`);
    this.said.add(what);
    return undefined;
  }
}

/** A list read whose failure, whatever it is, means "cannot tell". */
async function advisory<T>(read: () => Promise<Listed<T>>): Promise<Listed<T>> {
  try {
    return await read();
  } catch (err) {
    const refused = err instanceof WassistHttpError && err.status === 403;
    return { unknown: err instanceof Error ? err.message : String(err), refused };
  }
}

function byId<T extends { id: string }>(items: T[]): Map<string, T> {
  return new Map(items.map((item) => [item.id.toLowerCase(), item]));
}
