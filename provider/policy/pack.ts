// The wassist policy pack: guardrails a platform team enforces in review, run by
// `pulumi preview --policy-pack node_modules/pulumi-wassist/policy --policy-pack-config FILE` on
// any backend. It ships in the package (not beside it) so that its rules always read the inputs of
// the PhoneNumberRouting they were released with, on both shells' type tokens. Every rule has its
// own configuration and enforcement level; a violation names the resource, the number and the rule.
// A stack counts as production when its name is in the rule's `productionStacks` (read from the
// resource's URN). Names in the target allow-list and the account's numbers are read from Wassist
// with the stack's own provider settings (`wassist:*` config, or WASSIST_API_KEY), which the engine
// hands the policy process; the key never enters the policy's config, and nothing logs it.

import {
  PolicyPack,
  type PolicyPackConfig,
  type PolicyResource,
  type ReportViolation,
  type ResourceValidationArgs,
} from "@pulumi/policy";
import * as pulumi from "@pulumi/pulumi";
import { ROUTING_TYPES } from "../gitops/drift";
import { clientOf, readSettings } from "../settings";
import type { WassistClient } from "../wassist/client";

export const POLICY_PACK = "wassist";

/** The shared sandbox numbers (their routing is Wassist's): Wassist's documented sandbox number. */
export const SANDBOX_NUMBERS = ["447424845871"];
const PRODUCTION_STACKS = ["prod", "production"];

const productionStacks = {
  type: "array",
  items: { type: "string" },
  default: PRODUCTION_STACKS,
  description: "The stacks that count as production.",
} as const;

/** The stack of a resource, from its URN (`urn:pulumi:<stack>::<project>::…`). */
export function stackOf(urn: string): string {
  return urn.split("::")[0]?.split(":")[2] ?? "";
}

const digits = (value: unknown) => (typeof value === "string" ? value.replace(/\D/g, "") : "");

/** "PhoneNumberRouting "sales" (447700900200)", for messages. */
function subject(args: { name: string; props: Record<string, unknown> }): string {
  return `PhoneNumberRouting "${args.name}" (${digits(args.props.number) || "number not known yet"})`;
}

const isRouting = (args: { type: string }) => ROUTING_TYPES.includes(args.type);

/** One client per policy process, from the stack's own settings; undefined without a key. */
let client: WassistClient | undefined | null = null;
function wassist(): WassistClient | undefined {
  if (client === null) {
    const config = new pulumi.Config("wassist");
    const settings = readSettings((key) => config.get(key.replace(/^wassist:/, "")));
    client = settings.apiKey ? clientOf(settings) : undefined;
  }
  return client;
}

/** Ids allowed by an allow-list of ids and names (names resolved in the stack's organization, once). */
const allowed = new Map<string, Promise<Set<string>>>();
function allowedIds(kind: "webhook" | "agent", entries: string[]): Promise<Set<string>> {
  const key = `${kind}:${entries.join("\n")}`;
  let found = allowed.get(key);
  if (!found) {
    found = (async () => {
      const ids = new Set(entries.map((e) => e.toLowerCase()));
      const names = entries.filter(
        (e) => !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(e),
      );
      const api = wassist();
      if (names.length === 0 || !api) return ids;
      const items =
        kind === "agent"
          ? await api.listAgents()
          : await api.listWebhooks().then((r) => (r.status === "found" ? r.webhooks : []));
      for (const item of items) if (item.name && names.includes(item.name)) ids.add(item.id.toLowerCase());
      return ids;
    })();
    allowed.set(key, found);
  }
  return found;
}

export interface ProductionConfig {
  productionStacks: string[];
}

export const policies = {
  neverUnrouted: {
    name: "wassist-production-never-unrouted",
    description: "A production number always routes somewhere: never routing none.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { productionStacks } },
    validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
      if (!isRouting(args)) return;
      const { productionStacks: prod } = args.getConfig<ProductionConfig>();
      if (prod.includes(stackOf(args.urn)) && args.props.routing === "none")
        report(
          `${subject(args)} routes to none in production stack ${stackOf(args.urn)}: inbound messages would reach nobody; route it to a webhook or an agent`,
        );
    },
  },
  approvedTargets: {
    name: "wassist-approved-targets",
    description:
      "Numbers route only to approved webhooks and agents (by id, or by name in the stack's organization).",
    enforcementLevel: "mandatory",
    configSchema: {
      properties: {
        webhooks: {
          type: "array",
          items: { type: "string" },
          description: "Approved webhooks: ids or names.",
        },
        agents: { type: "array", items: { type: "string" }, description: "Approved agents: ids or names." },
      },
    },
    validateResource: async (args: ResourceValidationArgs, report: ReportViolation) => {
      if (!isRouting(args)) return;
      const config = args.getConfig<{ webhooks?: string[]; agents?: string[] }>();
      const kind =
        args.props.routing === "webhook" ? "webhook" : args.props.routing === "agent" ? "agent" : undefined;
      const list = kind === "webhook" ? config.webhooks : kind === "agent" ? config.agents : undefined;
      const id = kind === "webhook" ? args.props.webhookId : args.props.agentId;
      if (!kind || !list || typeof id !== "string") return;
      if (!(await allowedIds(kind, list)).has(id.toLowerCase()))
        report(
          `${subject(args)} routes to ${kind} ${id}, which is not on the approved ${kind}s (${list.join(", ")}); route it to an approved ${kind}, or approve this one in the policy's config`,
        );
    },
  },
  applyToExisting: {
    name: "wassist-apply-to-existing-in-production",
    description: "applyToExisting re-routes live conversations: in production only where explicitly allowed.",
    enforcementLevel: "mandatory",
    configSchema: {
      properties: {
        productionStacks,
        allow: {
          type: "array",
          items: { type: "string" },
          default: [],
          description: "Numbers or resource names allowed to use applyToExisting in production.",
        },
      },
    },
    validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
      if (!isRouting(args) || args.props.applyToExisting !== true) return;
      const { productionStacks: prod, allow } = args.getConfig<ProductionConfig & { allow: string[] }>();
      const number = digits(args.props.number);
      if (
        !prod.includes(stackOf(args.urn)) ||
        allow.includes(args.name) ||
        allow.map(digits).includes(number)
      )
        return;
      report(
        `${subject(args)} sets applyToExisting in production stack ${stackOf(args.urn)}, which re-routes its live conversations; add "${number}" to the rule's allow list if that is intended`,
      );
    },
  },
  sandboxOutsideProduction: {
    name: "wassist-sandbox-outside-production",
    description: "The shared sandbox number is for development: never in a production stack.",
    enforcementLevel: "mandatory",
    configSchema: {
      properties: {
        productionStacks,
        sandboxNumbers: { type: "array", items: { type: "string" }, default: SANDBOX_NUMBERS },
      },
    },
    validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
      if (!isRouting(args)) return;
      const { productionStacks: prod, sandboxNumbers } = args.getConfig<
        ProductionConfig & { sandboxNumbers: string[] }
      >();
      const sandbox =
        args.props.isSandbox === true || sandboxNumbers.map(digits).includes(digits(args.props.number));
      if (sandbox && prod.includes(stackOf(args.urn)))
        report(
          `${subject(args)} is the shared sandbox number, in production stack ${stackOf(args.urn)}; use a number of the organization's WhatsApp Business Account`,
        );
    },
  },
  everyNumberDeclared: {
    name: "wassist-every-number-declared",
    description:
      "Every number of the account is declared in the stack or listed as ignored (the account's numbers are read with the stack's own key).",
    enforcementLevel: "advisory",
    configSchema: {
      properties: {
        ignore: {
          type: "array",
          items: { type: "string" },
          default: [],
          description: "Numbers the stack leaves alone.",
        },
        includeSandbox: { type: "boolean", default: false },
      },
    },
    validateStack: async (
      args: { resources: PolicyResource[]; getConfig<T extends object>(): T },
      report: ReportViolation,
    ) => {
      const { ignore, includeSandbox } = args.getConfig<{ ignore: string[]; includeSandbox: boolean }>();
      const api = wassist();
      if (!api) {
        report(
          "the account's numbers cannot be read: no wassist:apiKey in the stack's config and no WASSIST_API_KEY; set one, or disable this rule",
        );
        return;
      }
      const declared = new Set(args.resources.filter(isRouting).map((r) => digits(r.props.number)));
      const skipped = new Set(ignore.map(digits));
      const missing = (await api.listPhoneNumbers())
        .filter((n) => includeSandbox || !n.isSandbox)
        .map((n) => n.number)
        .filter((n) => !declared.has(n) && !skipped.has(n))
        .sort();
      for (const number of missing)
        report(
          `number ${number} of the Wassist account is not declared in this stack: declare a PhoneNumberRouting for it, or add "${number}" to the rule's ignore list`,
        );
    },
  },
} as const;

/** The pack, as `pulumi preview --policy-pack` loads it. */
export function wassistPolicyPack(initialConfig?: PolicyPackConfig): PolicyPack {
  return new PolicyPack(
    POLICY_PACK,
    {
      description: "Guardrails for the routing of Wassist numbers (both PhoneNumberRouting shells).",
      policies: Object.values(policies).map((p) => ({ ...p }) as never),
    },
    initialConfig,
  );
}
