// The lookup functions (reads/lookups.ts), through the provider as the plugin's Invoke calls them:
// by each key, no match (closest names listed), ambiguous (every id named), disabled (a warning),
// a refused list (the error says ids still work), the shapes returned (never a secret), and what
// they cost: the lists the provider reads anyway, once per provider.
import { describe, expect, test, vi } from "vitest";
import { SEED_IDS } from "../../emulator/index";
import type { WebhookRecord } from "../../emulator/seed";
import { control, useEmulator } from "../../scripts/harness/emulator";
import { lifecycleFor } from "../../scripts/harness/provider";

const emu = useEmulator();
const { numbers, webhooks, agents } = SEED_IDS;

/** A lookup through the provider's invoke, its error message, or its result. */
async function invoke(token: string, args: Record<string, unknown>): Promise<unknown> {
  return lifecycleFor(emu.current)
    .invoke(`wassist:index:${token}`, args)
    .catch((err: Error) => err.message);
}

const crm = {
  id: webhooks.crm,
  name: "CRM intake",
  url: "https://hooks.acme.example/crm",
  active: true,
  disabledAt: null,
  disabledReason: null,
};

describe("getWebhook", () => {
  test.each([
    { name: "CRM intake" },
    { url: "https://hooks.acme.example/crm" },
    { id: webhooks.crm.toUpperCase() },
  ])("by %j: the webhook, without its signing secret", async (args) => {
    const found = await invoke("getWebhook", args);
    expect(found).toEqual(crm);
    expect(JSON.stringify(found)).not.toContain("whsec_");
  });

  test("no match: the closest names of the organization (another organization's are not there)", async () => {
    expect(await invoke("getWebhook", { name: "CRM intak" })).toBe(
      'getWebhook: no webhook of the key\'s organization has the name "CRM intak"; its webhooks\' names, closest first: "CRM intake", "Zendesk bridge"',
    );
    expect(await invoke("getWebhook", { name: "Globex intake" })).toMatch(
      /^getWebhook: no webhook of the key's organization has the name "Globex intake"/,
    );
  });

  test("two webhooks of one name: every id is named", async () => {
    const twin = {
      ...(emu.current.emulator.data.webhooks[1] as WebhookRecord),
      id: "0a0a0a0a-1111-4222-8333-444455556666",
    };
    emu.current.emulator.data.webhooks.push(twin);
    expect(await invoke("getWebhook", { name: "CRM intake" })).toBe(
      `getWebhook: 2 webhooks of the key's organization have the name "CRM intake": ${webhooks.crm}, 0a0a0a0a-1111-4222-8333-444455556666; rename one in the Wassist dashboard, or look it up by url or id`,
    );
  });

  test("disabled by Wassist: returned, with a warning saying when and why", async () => {
    Object.assign(emu.current.emulator.data.webhooks[1] as object, {
      active: false,
      disabledAt: "2026-11-30T08:00:00Z",
      disabledReason: "20 consecutive failed deliveries",
    });
    const stderr: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      stderr.push(String(chunk));
      return true;
    });
    try {
      expect(await invoke("getWebhook", { name: "CRM intake" })).toMatchObject({
        id: webhooks.crm,
        active: false,
      });
    } finally {
      spy.mockRestore();
    }
    expect(stderr).toEqual([
      `warning: pulumi-wassist: getWebhook: webhook "CRM intake" (${webhooks.crm}) is disabled by Wassist since 2026-11-30T08:00:00Z (20 consecutive failed deliveries): messages routed to it are not delivered; re-enable it in the Wassist dashboard\n`,
    ]);
  });

  test("the webhooks list refused to the key: the error says so, and that ids still work", async () => {
    await control(emu.current.url, "POST", "/faults", {
      method: "GET",
      path: "/api/v1/webhooks/",
      script: [{ status: 403, body: { detail: "You do not have permission to perform this action." } }],
    });
    expect(await invoke("getWebhook", { name: "CRM intake" })).toMatch(
      /^getWebhook: Wassist refuses the webhooks list to this key \(listing webhooks: You do not have permission to perform this action\. \(403, request [0-9a-f-]+\)\); give the webhook's id \(webhookId\) from the Wassist dashboard instead; ids need no list$/,
    );
  });

  test("a key Wassist does not accept is not a refused list: the error is the key's", async () => {
    await control(emu.current.url, "POST", "/faults", {
      method: "GET",
      path: "/api/v1/agents/",
      script: [{ status: 401, body: { detail: "Invalid API key.", code: "authentication_failed" } }],
    });
    expect(await invoke("getAgent", { name: "Sales Bot" })).toMatch(
      /^getAgent: the agents list could not be read: listing agents: Invalid API key\. \(401 authentication_failed, request [0-9a-f-]+\)$/,
    );
  });

  test("disabled without a date or a reason, or dated while still active: a warning all the same", async () => {
    const stderr: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      stderr.push(String(chunk));
      return true;
    });
    try {
      Object.assign(emu.current.emulator.data.webhooks[1] as object, { active: false });
      await invoke("getWebhook", { name: "CRM intake" });
      Object.assign(emu.current.emulator.data.webhooks[1] as object, {
        active: true,
        disabledAt: "2026-11-30T08:00:00Z",
      });
      await invoke("getWebhook", { name: "CRM intake" });
      Object.assign(emu.current.emulator.data.webhooks[1] as object, { disabledAt: null });
      await invoke("getWebhook", { name: "CRM intake" });
    } finally {
      spy.mockRestore();
    }
    expect(stderr).toEqual([
      `warning: pulumi-wassist: getWebhook: webhook "CRM intake" (${webhooks.crm}) is disabled by Wassist: messages routed to it are not delivered; re-enable it in the Wassist dashboard\n`,
      `warning: pulumi-wassist: getWebhook: webhook "CRM intake" (${webhooks.crm}) is disabled by Wassist since 2026-11-30T08:00:00Z: messages routed to it are not delivered; re-enable it in the Wassist dashboard\n`,
    ]);
  });

  test("exactly one of name, url and id (an empty or null one is not given)", async () => {
    expect(await invoke("getWebhook", { name: "", url: null, id: webhooks.crm })).toEqual(crm);
    expect(await invoke("getWebhook", {})).toBe("getWebhook needs one of name, url, id; none was given");
    expect(await invoke("getWebhook", { name: "CRM intake", url: "https://x" })).toBe(
      "getWebhook takes exactly one of name, url, id; name and url were given",
    );
  });
});

describe("getAgent", () => {
  test("by name and by id; no match lists the closest names", async () => {
    expect(await invoke("getAgent", { name: "Sales Bot" })).toEqual({ id: agents.sales, name: "Sales Bot" });
    expect(await invoke("getAgent", { id: agents.support })).toEqual({
      id: agents.support,
      name: "Support Bot",
    });
    expect(await invoke("getAgent", { name: "sales bot" })).toBe(
      'getAgent: no agent of the key\'s organization has the name "sales bot"; its agents\' names, closest first: "Sales Bot", "Support Bot"',
    );
  });
});

describe("getAgent's errors", () => {
  test("one of name and id; a refused list says the id still works; two of one name are told by id", async () => {
    expect(await invoke("getAgent", {})).toBe("getAgent needs one of name, id; none was given");
    await control(emu.current.url, "POST", "/faults", {
      method: "GET",
      path: "/api/v1/agents/",
      script: [{ status: 403, body: { detail: "You do not have permission to perform this action." } }],
    });
    expect(await invoke("getAgent", { name: "Sales Bot" })).toMatch(
      /; give the agent's id \(agentId\) from the Wassist dashboard instead$/,
    );
    const twin = {
      ...(emu.current.emulator.data.agents[1] as object),
      id: "0a0a0a0a-1111-4222-8333-444455556677",
    };
    emu.current.emulator.data.agents.push(twin as (typeof emu.current.emulator.data.agents)[number]);
    expect(await invoke("getAgent", { name: "Sales Bot" })).toBe(
      `getAgent: 2 agents of the key's organization have the name "Sales Bot": ${agents.sales}, 0a0a0a0a-1111-4222-8333-444455556677; rename one in the Wassist dashboard, or look it up by id`,
    );
  });

  test("no match lists at most ten names, closest first; an organization without agents says so", async () => {
    const data = emu.current.emulator.data;
    for (let i = 1; i <= 12; i++)
      data.agents.push({
        ...(data.agents[0] as (typeof data.agents)[number]),
        id: `agent-${i}`,
        name: `Bot ${i}`,
      });
    const message = String(await invoke("getAgent", { name: "Bot" }));
    expect(message.match(/"[^"]+"/g)?.slice(1)).toHaveLength(10);
    expect(message).toMatch(/closest first: "Bot 1", /);
    data.agents = data.agents.filter((a) => a.organization !== SEED_IDS.acme);
    expect(await invoke("getAgent", { name: "Sales Bot" })).toBe(
      `getAgent: no agent of the key's organization has the name "Sales Bot"; it has no agents`,
    );
  });
});

describe("getPhoneNumber and getPhoneNumbers", () => {
  test("a number is required, as text", async () => {
    for (const number of [undefined, "", "   ", 447700900100])
      expect(await invoke("getPhoneNumber", { number })).toBe(
        'getPhoneNumber needs number, E.164 such as "+44 7700 900100"',
      );
  });

  test("every number in the order of its digits, whatever the order Wassist lists them in", async () => {
    const data = emu.current.emulator.data;
    data.phoneNumbers.reverse();
    const all = (await invoke("getPhoneNumbers", {})) as { numbers: { number: string }[] };
    expect(all.numbers.map((n) => n.number)).toEqual([numbers.support, numbers.sales, numbers.paused]);
  });

  test("a number in any spelling, and where it routes now", async () => {
    expect(await invoke("getPhoneNumber", { number: "+44 7700 900100" })).toEqual({
      number: numbers.support,
      numberId: "0b6d1f7e-8a41-4c1e-9d3a-1e2f3a4b5c01",
      routing: "webhook",
      webhookId: webhooks.zendesk,
      agentId: null,
      isSandbox: false,
      whatsappPhoneNumberId: "109876543210001",
      whatsappBusinessAccountId: "waba-acme-1",
    });
  });

  test("a number not on the account: the account's numbers, closest first", async () => {
    expect(await invoke("getPhoneNumber", { number: "+44 7700 900101" })).toBe(
      "getPhoneNumber: 447700900101 is not a number of this Wassist account (the organization of the API key); its numbers, closest first: 447700900100, 447700900200, 447700900300, 447424845871",
    );
  });

  test("every number, without the sandbox number unless asked for", async () => {
    const all = (await invoke("getPhoneNumbers", {})) as { numbers: { number: string; routing: string }[] };
    expect(all.numbers.map((n) => `${n.number} ${n.routing}`)).toEqual([
      "447700900100 webhook",
      "447700900200 agent",
      "447700900300 none",
    ]);
    const withSandbox = (await invoke("getPhoneNumbers", { includeSandbox: true })) as {
      numbers: { number: string }[];
    };
    expect(withSandbox.numbers.map((n) => n.number)).toContain(numbers.sandbox);
  });
});

test("many lookups cost one list each, shared with the checks and diffs of the same provider", async () => {
  const core = lifecycleFor(emu.current, { checkTargets: true });
  await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      Promise.all([
        core.invoke("wassist:index:getWebhook", {
          name: i % 2 ? "CRM intake" : "Zendesk bridge",
        }),
        core.invoke("wassist:index:getAgent", { name: "Sales Bot" }),
        core.invoke("wassist:index:getPhoneNumber", { number: numbers.sales }),
        core.check({}, { number: numbers.support, routing: "agent", agentId: agents.support }),
      ]),
    ),
  );
  expect(emu.current.emulator.requests().counts).toEqual({
    "GET /api/v1/agents/": 1,
    "GET /api/v1/phone-numbers/": 1,
    "GET /api/v1/webhooks/": 1,
  });
});

test("an unknown function is refused, naming it", async () => {
  expect(await invoke("getWebhooks", {})).toBe(
    "the wassist provider has no function wassist:index:getWebhooks",
  );
});
