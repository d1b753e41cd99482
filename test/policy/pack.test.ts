// The policy pack's rules as functions: each violation's exact text, and the compliant cases next
// to it, on both shells' type tokens. The lists (approved targets by name, the account's numbers)
// are read from the emulator with the settings the policy process gets from the environment. The
// pack as `pulumi preview --policy-pack` runs it: test/engine/policy.e2e.test.ts.
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { SEED_IDS } from "../../emulator/index";
import { DYNAMIC_TYPE } from "../../provider/dynamic/phoneNumberRouting";
import { RESOURCE_TOKEN } from "../../provider/plugin/schema";
import { policies, SANDBOX_NUMBERS, stackOf } from "../../provider/policy/pack";
import { useEmulator } from "../../scripts/harness/emulator";

const emu = useEmulator({ per: "file" });
const { numbers, agents, webhooks } = SEED_IDS;

beforeAll(() => {
  // The policy process's settings: the stack's provider config reaches it as the environment here.
  vi.stubEnv("WASSIST_API_KEY", emu.current.apiKey);
  vi.stubEnv("WASSIST_BASE_URL", emu.current.url);
  vi.stubEnv("WASSIST_RATE_LIMIT", "0");
});
afterAll(() => {
  vi.unstubAllEnvs();
});

const PROD = { productionStacks: ["prod", "production"] };
type Props = Record<string, unknown>;

/** A resource as a rule sees it, in `stack`, with the rule's config. */
function resource(stack: string, name: string, props: Props, config: object = PROD, type = RESOURCE_TOKEN) {
  return {
    urn: `urn:pulumi:${stack}::routing::${type}::${name}`,
    name,
    type,
    props,
    getConfig: <T>() => config as T,
  } as never;
}

/** What a rule reports for one resource. */
async function reports(
  rule: { validateResource: (args: never, report: (message: string) => void) => unknown },
  args: never,
): Promise<string[]> {
  const found: string[] = [];
  await rule.validateResource(args, (message) => found.push(message));
  return found;
}

test("stackOf reads the stack from a URN", () => {
  expect(stackOf("urn:pulumi:prod::routing::wassist:index:PhoneNumberRouting::support")).toBe("prod");
  expect(stackOf("not a urn")).toBe("");
});

test("never unrouted: routing none in a production stack is refused, on both type tokens; elsewhere not", async () => {
  const none = { number: "+44 7700 900100", routing: "none" };
  for (const type of [RESOURCE_TOKEN, DYNAMIC_TYPE])
    expect(await reports(policies.neverUnrouted, resource("prod", "support", none, PROD, type))).toEqual([
      'PhoneNumberRouting "support" (447700900100) routes to none in production stack prod: inbound messages would reach nobody; route it to a webhook or an agent',
    ]);
  expect(await reports(policies.neverUnrouted, resource("dev", "support", none))).toEqual([]);
  expect(
    await reports(policies.neverUnrouted, resource("prod", "support", { ...none, routing: "webhook" })),
  ).toEqual([]);
  expect(
    await reports(policies.neverUnrouted, resource("prod", "x", none, PROD, "aws:s3/bucket:Bucket")),
  ).toEqual([]);
});

test("approved targets: by id (any letter case) and by name in the organization; another target is refused", async () => {
  const config = { webhooks: [webhooks.crm.toUpperCase()], agents: ["Support Bot"] };
  const check = (props: Props) => reports(policies.approvedTargets, resource("dev", "sales", props, config));
  expect(await check({ number: numbers.sales, routing: "webhook", webhookId: webhooks.crm })).toEqual([]);
  expect(await check({ number: numbers.sales, routing: "agent", agentId: agents.support })).toEqual([]);
  expect(await check({ number: numbers.sales, routing: "agent", agentId: agents.sales })).toEqual([
    `PhoneNumberRouting "sales" (447700900200) routes to agent ${agents.sales}, which is not on the approved agents (Support Bot); route it to an approved agent, or approve this one in the policy's config`,
  ]);
  expect(
    await check({ number: numbers.sales, routing: "webhook", webhookId: webhooks.zendesk }),
  ).toHaveLength(1);
  // No list for a kind, routing none, or an id not known yet: nothing to check.
  expect(
    await reports(
      policies.approvedTargets,
      resource("dev", "s", { routing: "agent", agentId: agents.sales }, { webhooks: [webhooks.crm] }),
    ),
  ).toEqual([]);
  expect(await check({ number: numbers.sales, routing: "none" })).toEqual([]);
  expect(await check({ routing: "agent" })).toEqual([]);
});

test("approved targets by name: read once per list, only when the list has a name; a number not known yet is named so", async () => {
  const requests = () =>
    emu.current.emulator
      .requests()
      .log.map((r) => `${r.method} ${r.path}`)
      .filter((r) => r.includes("/webhooks/") || r.includes("/agents/"));
  const before = requests().length;
  const byId = { webhooks: [webhooks.zendesk] };
  const check = (props: Props, config: object) =>
    reports(policies.approvedTargets, resource("dev", "sales", props, config));
  expect(
    await check({ number: numbers.sales, routing: "webhook", webhookId: webhooks.zendesk }, byId),
  ).toEqual([]);
  // A list of ids alone is checked without reading Wassist.
  expect(requests().slice(before)).toEqual([]);
  const byName = { webhooks: ["CRM intake"] };
  expect(await check({ number: numbers.sales, routing: "webhook", webhookId: webhooks.crm }, byName)).toEqual(
    [],
  );
  expect(await check({ routing: "webhook", webhookId: webhooks.zendesk }, byName)).toEqual([
    `PhoneNumberRouting "sales" (number not known yet) routes to webhook ${webhooks.zendesk}, which is not on the approved webhooks (CRM intake); route it to an approved webhook, or approve this one in the policy's config`,
  ]);
  // Two checks of one list by name: one read of the webhooks, none of the agents.
  expect(requests().slice(before)).toEqual(["GET /api/v1/webhooks/"]);
});

/** The rules as a new policy process loads them (it makes its client once, from its settings). */
async function freshPolicies(): Promise<typeof policies> {
  vi.resetModules();
  return (await import("../../provider/policy/pack.js")).policies;
}

/** What approvedTargets reports of a number routed to Support Bot, approved by name only. */
const supportBotByName = (rules: typeof policies) =>
  reports(
    rules.approvedTargets,
    resource(
      "dev",
      "sales",
      { number: numbers.sales, routing: "agent", agentId: agents.support },
      {
        agents: ["Support Bot"],
      },
    ),
  );

test("a policy process without a key: names cannot be resolved (the target is refused) and the account's numbers cannot be read", async () => {
  vi.stubEnv("WASSIST_API_KEY", "");
  try {
    const fresh = await freshPolicies();
    const before = emu.current.emulator.requests().log.length;
    expect(await supportBotByName(fresh)).toHaveLength(1);
    const found: string[] = [];
    await fresh.everyNumberDeclared.validateStack(
      { resources: [], getConfig: <T>() => ({ ignore: [], includeSandbox: false }) as T },
      (message) => found.push(message),
    );
    expect(found).toEqual([
      "the account's numbers cannot be read: no wassist:apiKey in the stack's config and no WASSIST_API_KEY; set one, or disable this rule",
    ]);
    expect(emu.current.emulator.requests().log.length).toBe(before);
  } finally {
    vi.stubEnv("WASSIST_API_KEY", emu.current.apiKey);
  }
});

test("the policy process reads the stack's wassist:* config before the environment", async () => {
  vi.stubEnv("WASSIST_API_KEY", "wsk_not_this_organization_0001");
  vi.stubEnv("WASSIST_BASE_URL", "http://127.0.0.1:1");
  pulumi.runtime.setAllConfig({ "wassist:apiKey": emu.current.apiKey, "wassist:baseUrl": emu.current.url });
  try {
    expect(await supportBotByName(await freshPolicies())).toEqual([]);
  } finally {
    pulumi.runtime.setAllConfig({});
    vi.stubEnv("WASSIST_API_KEY", emu.current.apiKey);
    vi.stubEnv("WASSIST_BASE_URL", emu.current.url);
  }
});

test("applyToExisting in production: refused unless the number or the resource is allowed", async () => {
  const props = { number: "+44 7700 900200", routing: "agent", agentId: agents.sales, applyToExisting: true };
  const check = (stack: string, allow: string[]) =>
    reports(policies.applyToExisting, resource(stack, "sales", props, { ...PROD, allow }));
  expect(await check("production", [])).toEqual([
    'PhoneNumberRouting "sales" (447700900200) sets applyToExisting in production stack production, which re-routes its live conversations; add "447700900200" to the rule\'s allow list if that is intended',
  ]);
  expect(await check("production", ["+44 7700 900200"])).toEqual([]);
  expect(await check("production", ["sales"])).toEqual([]);
  expect(await check("staging", [])).toEqual([]);
  expect(
    await reports(
      policies.applyToExisting,
      resource("prod", "sales", { ...props, applyToExisting: false }, { ...PROD, allow: [] }),
    ),
  ).toEqual([]);
});

test("the sandbox number in production: by isSandbox or by the configured numbers", async () => {
  const config = { ...PROD, sandboxNumbers: SANDBOX_NUMBERS };
  const check = (stack: string, props: Props) =>
    reports(policies.sandboxOutsideProduction, resource(stack, "demo", props, config));
  expect(
    await check("prod", { number: "+44 7424 845871", routing: "agent", agentId: agents.support }),
  ).toEqual([
    'PhoneNumberRouting "demo" (447424845871) is the shared sandbox number, in production stack prod; use a number of the organization\'s WhatsApp Business Account',
  ]);
  expect(await check("prod", { number: "14155238886", isSandbox: true })).toHaveLength(1);
  expect(await check("dev", { number: "+44 7424 845871" })).toEqual([]);
  expect(await check("prod", { number: numbers.support })).toEqual([]);
});

test("every number declared: the account's numbers not in the stack nor ignored, in order, read once per run", async () => {
  const declared = [resource("dev", "support", { number: "+44 7700 900100" })];
  const run = async (config: object) => {
    const found: string[] = [];
    await policies.everyNumberDeclared.validateStack(
      { resources: declared, getConfig: <T>() => config as T },
      (message) => found.push(message),
    );
    return found;
  };
  const before = emu.current.emulator.requests().log.length;
  expect(await run({ ignore: [], includeSandbox: false })).toEqual([
    'number 447700900200 of the Wassist account is not declared in this stack: declare a PhoneNumberRouting for it, or add "447700900200" to the rule\'s ignore list',
    'number 447700900300 of the Wassist account is not declared in this stack: declare a PhoneNumberRouting for it, or add "447700900300" to the rule\'s ignore list',
  ]);
  expect(
    emu.current.emulator
      .requests()
      .log.slice(before)
      .map((r) => `${r.method} ${r.path}`),
  ).toEqual(["GET /api/v1/phone-numbers/"]);
  expect(await run({ ignore: ["+44 7700 900200", "447700900300"], includeSandbox: false })).toEqual([]);
  expect(await run({ ignore: [numbers.sales, numbers.paused], includeSandbox: true })).toEqual([
    `number ${numbers.sandbox} of the Wassist account is not declared in this stack: declare a PhoneNumberRouting for it, or add "${numbers.sandbox}" to the rule's ignore list`,
  ]);
});

test("the rules and their enforcement levels (the pack itself serves gRPC: the engine suite runs it)", () => {
  expect(Object.values(policies).map((p) => [p.name, p.enforcementLevel])).toEqual([
    ["wassist-production-never-unrouted", "mandatory"],
    ["wassist-approved-targets", "mandatory"],
    ["wassist-apply-to-existing-in-production", "mandatory"],
    ["wassist-sandbox-outside-production", "mandatory"],
    ["wassist-every-number-declared", "advisory"],
  ]);
});
