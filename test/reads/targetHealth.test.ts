// Target health in diff: a number routed as declared to an agent or webhook that is
// gone or disabled is a change, with the reason; the check costs at most one agents list and one
// webhooks list per process; whatever stops a list from being read is said once and skipped, and
// never fails an operation.
import { afterEach, describe, expect, test, vi } from "vitest";
import type { FaultStep } from "../../emulator/faults";
import { SEED_IDS } from "../../emulator/index";
import { TargetHealth } from "../../provider/reads/targetHealth";
import type { PreviewInputs } from "../../provider/resource/args";
import type { RoutingState } from "../../provider/resource/state";
import { clientOf, readSettings } from "../../provider/settings";
import type { WassistClient } from "../../provider/wassist/client";
import { control, useEmulator } from "../../scripts/harness/emulator";
import { lifecycleFor } from "../../scripts/harness/provider";

const emu = useEmulator();
const { numbers, webhooks, agents } = SEED_IDS;

/** The seed's numbers as states that declare what they route to now. */
const states = {
  support: {
    number: numbers.support,
    routing: "webhook",
    webhookId: webhooks.zendesk,
    agentId: null,
    applyToExisting: false,
    onDelete: "restore",
  },
  sales: {
    number: numbers.sales,
    routing: "agent",
    webhookId: null,
    agentId: agents.sales,
    applyToExisting: false,
    onDelete: "restore",
  },
} satisfies Record<string, RoutingState>;
const news = (s: RoutingState): PreviewInputs => {
  const common = { number: s.number ?? "", applyToExisting: false, onDelete: "restore" as const };
  if (s.routing === "webhook") return { ...common, routing: "webhook", webhookId: s.webhookId ?? "" };
  if (s.routing === "agent") return { ...common, routing: "agent", agentId: s.agentId ?? "" };
  return { ...common, routing: "none" };
};

/**
 * Diffs `list` with one provider (target health on), all at once or one after another, and what
 * it wrote to stderr.
 */
async function diffStates(
  list: RoutingState[],
  order: "at once" | "in turn",
): Promise<{ changes: (boolean | undefined)[]; stderr: string[] }> {
  const core = lifecycleFor(emu.current, { checkTargets: true });
  const stderr: string[] = [];
  const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    stderr.push(String(chunk));
    return true;
  });
  const diff = async (s: RoutingState) => (await core.diff(s, news(s))).changes;
  try {
    const changes: (boolean | undefined)[] = [];
    if (order === "at once") changes.push(...(await Promise.all(list.map(diff))));
    else for (const s of list) changes.push(await diff(s));
    return { changes, stderr };
  } finally {
    spy.mockRestore();
  }
}
const diffAll = () => diffStates(Object.values(states), "at once");
const diffInTurn = (list: RoutingState[]) => diffStates(list, "in turn");

test("healthy targets: no change, and one list each of numbers, agents and webhooks", async () => {
  expect(await diffAll()).toEqual({ changes: [false, false], stderr: [] });
  expect(emu.current.emulator.requests().counts).toEqual({
    "GET /api/v1/agents/": 1,
    "GET /api/v1/phone-numbers/": 1,
    "GET /api/v1/webhooks/": 1,
  });
});

test("a deleted agent: the number's diff is a change, with the reason", async () => {
  await control(emu.current.url, "DELETE", `/agents/${agents.sales}`);
  expect(await diffAll()).toEqual({
    changes: [false, true],
    stderr: [
      `pulumi-wassist: 447700900200 routes to a target that does not work: agent ${agents.sales} is not among the agents of the key's organization (deleted, no longer shared with it, or an id of another organization): inbound messages reach no agent\n`,
    ],
  });
});

test("a webhook Wassist disabled: a change, with when and why", async () => {
  const hook = emu.current.emulator.data.webhooks.find((w) => w.id === webhooks.zendesk);
  Object.assign(hook as object, {
    active: false,
    disabledAt: "2026-11-30T08:00:00Z",
    disabledReason: "20 consecutive failed deliveries",
  });
  expect(await diffAll()).toEqual({
    changes: [true, false],
    stderr: [
      `pulumi-wassist: 447700900100 routes to a target that does not work: webhook ${webhooks.zendesk} is disabled by Wassist since 2026-11-30T08:00:00Z (20 consecutive failed deliveries): inbound messages are not delivered; re-enable it in the Wassist dashboard\n`,
    ],
  });
});

test("webhook endpoints refused: said once, webhooks unchecked, agents still checked", async () => {
  await control(emu.current.url, "POST", "/faults", {
    method: "GET",
    path: "/api/v1/webhooks/",
    script: [{ status: 403, body: { detail: "You do not have permission to perform this action." } }],
  });
  const { changes, stderr } = await diffAll();
  expect(changes).toEqual([false, false]);
  expect(stderr).toHaveLength(1);
  expect(stderr[0]).toMatch(
    /^warning: pulumi-wassist: the webhooks of the key's organization cannot be read \(listing webhooks: You do not have permission to perform this action\. \(403, request [0-9a-f-]+\)\); webhooks are not checked\n$/,
  );
});

test("the lists are read once per process, also for diffs one after another", async () => {
  await diffInTurn([states.sales, states.support, states.sales, states.support]);
  expect(emu.current.emulator.requests().counts).toEqual({
    "GET /api/v1/agents/": 1,
    "GET /api/v1/phone-numbers/": 1,
    "GET /api/v1/webhooks/": 1,
  });
});

test("a deleted webhook: a change, with the reason", async () => {
  emu.current.emulator.removeWebhook(webhooks.zendesk);
  // The number still routes to it (Wassist keeps the id), as the state declares.
  const { changes, stderr } = await diffInTurn([states.support]);
  expect({ changes, stderr }).toEqual({
    changes: [true],
    stderr: [
      `pulumi-wassist: 447700900100 routes to a target that does not work: webhook ${webhooks.zendesk} is not among the webhooks of the key's organization (deleted, or an id of another organization): inbound messages are delivered nowhere\n`,
    ],
  });
});

test("a webhook marked inactive, without a date or a reason", async () => {
  const hook = emu.current.emulator.data.webhooks.find((w) => w.id === webhooks.zendesk);
  Object.assign(hook as object, { active: false, disabledAt: null, disabledReason: null });
  expect(await diffInTurn([states.support])).toEqual({
    changes: [true],
    stderr: [
      `pulumi-wassist: 447700900100 routes to a target that does not work: webhook ${webhooks.zendesk} is disabled by Wassist: inbound messages are not delivered; re-enable it in the Wassist dashboard\n`,
    ],
  });
});

test("refused webhook endpoints are said once per process, however many webhook numbers", async () => {
  await control(emu.current.url, "POST", "/faults", {
    method: "GET",
    path: "/api/v1/webhooks/",
    script: [{ status: 403, body: { detail: "Forbidden" } }],
  });
  const { changes, stderr } = await diffInTurn([states.support, states.support]);
  expect(changes).toEqual([false, false]);
  expect(stderr).toHaveLength(1);
});

test("a drifted number and the sandbox number cost no target lists", async () => {
  await control(emu.current.url, "POST", `/phone-numbers/${numbers.support}/routing`, { routing: null });
  const sandbox: RoutingState = {
    number: numbers.sandbox,
    routing: "agent",
    webhookId: null,
    agentId: agents.support,
    applyToExisting: false,
    onDelete: "restore",
  };
  const { changes } = await diffInTurn([states.support, sandbox]);
  expect(changes).toEqual([true, false]);
  expect(emu.current.emulator.requests().counts).toEqual({ "GET /api/v1/phone-numbers/": 1 });
});

test("the detailed diff names the property whose target does not work (what the plugin's preview shows)", async () => {
  await control(emu.current.url, "DELETE", `/agents/${agents.sales}`);
  const core = lifecycleFor(emu.current, { checkTargets: true });
  const spy = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    const details = await Promise.all(
      Object.values(states).map(async (s) => (await core.diff(s, news(s))).detailedDiff),
    );
    expect(details).toEqual([{}, { agentId: "update" }]);
  } finally {
    spy.mockRestore();
  }
});

describe("the lists are advisory: no failure of theirs fails a diff or a check", () => {
  const failures: [string, string, FaultStep[], RegExp][] = [
    [
      "a key refused there (401)",
      "/api/v1/webhooks/",
      [{ status: 401, body: { error: "Invalid API key.", code: "authentication_failed" } }],
      /listing webhooks: Invalid API key\. \(401 authentication_failed, request [0-9a-f-]+\)/,
    ],
    [
      "an endpoint missing (405)",
      "/api/v1/webhooks/",
      [{ status: 405, body: { detail: "Method not allowed." } }],
      /listing webhooks: Method not allowed\. \(405, request [0-9a-f-]+\)/,
    ],
    [
      "a 200 of an unexpected shape",
      "/api/v1/webhooks/",
      [{ status: 200, body: { webhooks: "none" } }],
      /listing webhooks: unexpected response from Wassist: /,
    ],
    [
      "a server error after the retries",
      "/api/v1/agents/",
      [{ status: 503 }, { status: 503 }, { status: 503 }],
      /listing agents: Service temporarily unavailable; gave up: retries exhausted \(2\) after 3 attempts \(503 server_error, request [0-9a-f-]+\)/,
    ],
  ];
  test.each(failures)("%s: one warning, that list unchecked", async (_, path, script, reason) => {
    await control(emu.current.url, "POST", "/faults", { method: "GET", path, script });
    const core = lifecycleFor(emu.current, { checkTargets: true, maxRetries: 2 });
    const stderr: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      stderr.push(String(chunk));
      return true;
    });
    try {
      const checked = await Promise.all(Object.values(states).map((s) => core.check({}, news(s))));
      const diffed = await Promise.all(
        Object.values(states).map(async (s) => (await core.diff(s, news(s))).changes),
      );
      expect(checked.map((c) => c.failures)).toEqual([undefined, undefined]);
      expect(diffed).toEqual([false, false]);
    } finally {
      spy.mockRestore();
    }
    const what = path.includes("webhooks") ? "webhooks" : "agents";
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatch(
      new RegExp(
        `^warning: pulumi-wassist: the ${what} of the key's organization cannot be read \\(.*\\); ${what} are not checked\\n$`,
      ),
    );
    expect(stderr[0]).toMatch(reason);
  });
});

describe("TargetHealth.problemWith, on its own", () => {
  const clients: WassistClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
  });
  const health = () => {
    const settings = readSettings(() => undefined, {});
    const client = clientOf({ ...settings, apiKey: emu.current.apiKey, baseUrl: emu.current.url });
    clients.push(client);
    return new TargetHealth(client, 60_000);
  };

  test("only the declared mode's target is looked at, and only when it has an id", async () => {
    const h = health();
    const absent = "00000000-0000-4000-8000-000000000000";
    expect(await h.problemWith({ routing: "none", agentId: absent, webhookId: absent })).toBeUndefined();
    expect(await h.problemWith({ routing: "agent", agentId: null, webhookId: absent })).toBeUndefined();
    expect(await h.problemWith({ routing: "webhook", webhookId: null, agentId: absent })).toBeUndefined();
    expect(emu.current.emulator.requests().total).toBe(0);
    expect(await h.problemWith({ routing: "agent", agentId: absent })).toMatchObject({
      kind: "absent",
      property: "agentId",
    });
    expect(await h.problemWith({ routing: "webhook", webhookId: absent })).toMatchObject({
      kind: "absent",
      property: "webhookId",
    });
    expect(await h.problemWith({ routing: "agent", agentId: agents.sales.toUpperCase() })).toBeUndefined();
  });

  test("a disabled webhook: kind disabled, on webhookId", async () => {
    Object.assign(emu.current.emulator.data.webhooks[0] as object, { active: false });
    expect(await health().problemWith({ routing: "webhook", webhookId: webhooks.zendesk })).toEqual({
      kind: "disabled",
      property: "webhookId",
      message: `webhook ${webhooks.zendesk} is disabled by Wassist: inbound messages are not delivered; re-enable it in the Wassist dashboard`,
    });
  });
});
