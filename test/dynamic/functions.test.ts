// The lookup functions of TypeScript programs, in a program run under Pulumi's own mocks
// (pulumi.runtime.setMocks): the stack's `wassist:*` settings reach the emulator, the lookups of
// one run share one list each, a new run reads afresh, and the Output forms resolve the same.
import * as pulumi from "@pulumi/pulumi";
import { afterEach, beforeEach, expect, test } from "vitest";
import { SEED_IDS } from "../../emulator/index";
import {
  getAgent,
  getAgentOutput,
  getPhoneNumber,
  getPhoneNumberOutput,
  getPhoneNumbers,
  getPhoneNumbersOutput,
  getWebhook,
  getWebhookOutput,
} from "../../provider/dynamic/functions";
import { useEmulator } from "../../scripts/harness/emulator";
import { seen } from "../../scripts/harness/provider";

const emu = useEmulator();
const { webhooks, agents, numbers } = SEED_IDS;

beforeEach(async () => {
  await pulumi.runtime.setMocks(
    { newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: () => ({}) },
    "project",
    "stack",
    false,
  );
  pulumi.runtime.setAllConfig({ "wassist:apiKey": emu.current.apiKey, "wassist:baseUrl": emu.current.url }, [
    "wassist:apiKey",
  ]);
});

afterEach(() => {
  pulumi.runtime.setAllConfig({});
});

const resolved = <T>(output: pulumi.Output<T>): Promise<T> =>
  new Promise((resolve) => output.apply((value) => resolve(value)));

/** Runs `program` as one program run (with its Stack resource) and gives back what it returned. */
async function inRun<T>(program: () => Promise<T>): Promise<T> {
  let result: T | undefined;
  await pulumi.runtime.runInPulumiStack(async () => {
    result = await program();
    return {};
  });
  return result as T;
}

test("one program run: lookups by name read the stack's organization, one list each however many lookups", async () => {
  const found = await inRun(async () => ({
    crm: await getWebhook({ name: "CRM intake" }),
    zendesk: await getWebhook({ id: webhooks.zendesk }),
    sales: await getAgent({ name: "Sales Bot" }),
    support: await getAgent({ id: agents.support }),
    number: await getPhoneNumber({ number: "+44 7700 900100" }),
    all: await getPhoneNumbers(),
  }));
  expect(found.crm).toMatchObject({ id: webhooks.crm, name: "CRM intake" });
  expect(found.zendesk).toMatchObject({ id: webhooks.zendesk, name: "Zendesk bridge" });
  expect(found.sales).toStrictEqual({ id: agents.sales, name: "Sales Bot" });
  expect(found.support).toStrictEqual({ id: agents.support, name: "Support Bot" });
  expect(found.number).toMatchObject({ number: numbers.support, isSandbox: false });
  expect(found.all.numbers.map((n) => n.number)).toContain(numbers.sales);
  expect(found.all.numbers.map((n) => n.number)).not.toContain(numbers.sandbox);
  const requests = seen(emu.current);
  expect(requests.filter((r) => r === "GET /api/v1/webhooks/")).toHaveLength(1);
  expect(requests.filter((r) => r === "GET /api/v1/agents/")).toHaveLength(1);
});

test("a second program run reads afresh; the Output forms take Inputs and resolve the same", async () => {
  await inRun(() => getAgent({ name: "Sales Bot" }));
  const found = await inRun(async () => ({
    crm: await resolved(getWebhookOutput({ name: pulumi.output("CRM intake") })),
    sales: await resolved(getAgentOutput({ name: Promise.resolve("Sales Bot") })),
    number: await resolved(getPhoneNumberOutput({ number: pulumi.output("+44 7700 900200") })),
    all: await resolved(getPhoneNumbersOutput({ includeSandbox: true })),
  }));
  expect(found.crm.id).toBe(webhooks.crm);
  expect(found.sales.id).toBe(agents.sales);
  expect(found.number.number).toBe(numbers.sales);
  expect(found.all.numbers.map((n) => n.number)).toContain(numbers.sandbox);
  expect(seen(emu.current).filter((r) => r === "GET /api/v1/agents/")).toHaveLength(2);
});

test("the stack's settings are the ones used: without a key, the lookup's promise rejects saying how to give one", async () => {
  pulumi.runtime.setAllConfig({ "wassist:baseUrl": emu.current.url });
  const lookup = getAgent({ name: "Sales Bot" });
  await expect(lookup).rejects.toThrow(
    "no Wassist API key: set it with `pulumi config set --secret wassist:apiKey <key>` or the WASSIST_API_KEY environment variable",
  );
  await expect(getWebhook({ name: "CRM intake" })).rejects.toThrow(/no Wassist API key/);
  expect(seen(emu.current)).toEqual([]);
});
