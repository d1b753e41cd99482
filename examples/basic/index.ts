// Numbers and their targets come from stack config (`wassist-basic:routes`), so each
// environment's stack file says where its numbers route, and a pull request shows the change.
// Targets are named as in the Wassist dashboard (`webhook: CRM intake`, `agent: Support Bot`) and
// looked up in the key's organization; `webhookId`/`agentId` work too.
import * as pulumi from "@pulumi/pulumi";
import {
  getAgentOutput,
  getWebhookOutput,
  PhoneNumberRouting,
  type PhoneNumberRoutingArgs,
} from "pulumi-wassist";

type Route = { name: string; webhook?: string; agent?: string } & Record<string, unknown>;

const config = new pulumi.Config();
const routes = config.requireObject<Route[]>("routes");

const resources = routes.map(({ name, webhook, agent, ...rest }) => {
  const args: Record<string, unknown> = { ...rest };
  if (webhook !== undefined) args.webhookId = getWebhookOutput({ name: webhook }).id;
  if (agent !== undefined) args.agentId = getAgentOutput({ name: agent }).id;
  return new PhoneNumberRouting(name, args as unknown as PhoneNumberRoutingArgs);
});

export const numbers = resources.map((r) => ({
  number: r.number,
  routing: r.routing,
  previousRouting: r.previousRouting,
}));
