// Bootstraps an environment: every number listed in a YAML manifest (stack config
// `wassist-bootstrap:manifest`) gets a PhoneNumberRouting. Targets are named as in the Wassist
// dashboard (`webhook: CRM intake`, `agent: Sales Bot`) and looked up in the key's organization,
// so the same program runs unchanged against another organization whose agents and webhooks have
// the same names and other ids. Bad entries fail `pulumi preview` with the entry's resource name
// and the property at fault; a name that matches nothing lists the closest ones.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import {
  getAgentOutput,
  getWebhookOutput,
  PhoneNumberRouting,
  type PhoneNumberRoutingArgs,
} from "pulumi-wassist";
import { parse } from "yaml";

/** A manifest entry: a resource name, the number, and its target by name (or by id). */
type Entry = { name: string; webhook?: string; agent?: string } & Record<string, unknown>;

const config = new pulumi.Config();
const manifestFile = config.get("manifest") ?? "numbers.yaml";
const manifest = parse(readFileSync(join(__dirname, manifestFile), "utf8")) as { numbers: Entry[] };

const routed = manifest.numbers.map(({ name, webhook, agent, ...rest }) => {
  const args = { ...rest } as Record<string, unknown>;
  if (webhook !== undefined) args.webhookId = getWebhookOutput({ name: webhook }).id;
  if (agent !== undefined) args.agentId = getAgentOutput({ name: agent }).id;
  return new PhoneNumberRouting(name, args as unknown as PhoneNumberRoutingArgs);
});

export const numbers = pulumi.all(
  routed.map((r) => pulumi.all([r.number, r.routing]).apply(([n, routing]) => `${n}: ${routing}`)),
);
export const targets = pulumi.all(
  routed.map((r) => pulumi.all([r.number, r.webhookId, r.agentId]).apply(([n, w, a]) => `${n}: ${w ?? a}`)),
);
