// The provider's methods against the emulator, in pairs: what happens in preview (check and diff
// only, possibly with unknown values: never a write) and what happens for real, asserting the
// exact outputs and the exact requests the emulator received.
import { describe, expect, test, vi } from "vitest";
import { SEED_IDS } from "../emulator/index";
import { UNKNOWN } from "../provider/inputs";
import { PhoneNumberRoutingProvider } from "../provider/lifecycle";
import type { RoutingOutputs } from "../provider/state";
import { WassistClient } from "../provider/wassist/client";
import { WassistHttpError } from "../provider/wassist/errors";
import { control, routed, useEmulator } from "./helpers/emulator";
import { providerFor, seen } from "./helpers/provider";

const emu = useEmulator();
const { numbers, webhooks, agents } = SEED_IDS;
const N = numbers.paused;

const pausedIds = {
  numberId: "0b6d1f7e-8a41-4c1e-9d3a-1e2f3a4b5c03",
  whatsappPhoneNumberId: "109876543210003",
  whatsappBusinessAccountId: "waba-acme-1",
  isSandbox: false,
};
const supportIds = {
  numberId: "0b6d1f7e-8a41-4c1e-9d3a-1e2f3a4b5c01",
  whatsappPhoneNumberId: "109876543210001",
  whatsappBusinessAccountId: "waba-acme-1",
  isSandbox: false,
};

/** Outputs as the provider writes them; an id left undefined in `overrides` is null there. */
function state(overrides: Partial<RoutingOutputs> = {}): RoutingOutputs {
  const outs = {
    number: N,
    routing: "webhook",
    webhookId: webhooks.crm,
    agentId: null,
    applyToExisting: false,
    onDelete: "restore",
    ...pausedIds,
    previousRouting: { routing: "none", webhookId: null, agentId: null },
    ...overrides,
  } as RoutingOutputs;
  const webhookId = outs.webhookId ?? null;
  const agentId = outs.agentId ?? null;
  // What the provider wrote: by default the routing the state declares.
  const appliedRouting = overrides.appliedRouting ?? {
    routing: outs.routing,
    webhookId: outs.routing === "webhook" ? webhookId : null,
    agentId: outs.routing === "agent" ? agentId : null,
  };
  return {
    ...outs,
    webhookId,
    agentId,
    appliedRouting,
    adoptionId: overrides.adoptionId ?? "adoption-of-the-state",
  };
}

/** Outputs as create writes them: a new adoption id. */
const created = (overrides: Partial<RoutingOutputs> = {}) => ({
  ...state(overrides),
  adoptionId: expect.any(String),
});

/** Runs `fn` and returns what it wrote to stderr (where the provider's messages go). */
async function stderrOf(fn: () => Promise<unknown>): Promise<string[]> {
  const spy = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    await fn();
    return spy.mock.calls.map((call) => String(call[0]));
  } finally {
    spy.mockRestore();
  }
}

/** diff of state() against the routing it declares (webhook crm), and what it wrote to stderr. */
async function diffOfState(): Promise<{ result: unknown; log: string[] }> {
  let result: unknown;
  const log = await stderrOf(async () => {
    result = await providerFor(emu.current).diff(N, state(), {
      number: N,
      routing: "webhook",
      webhookId: webhooks.crm,
      applyToExisting: false,
      onDelete: "restore",
    });
  });
  return { result, log };
}

describe("create", () => {
  test("create-preview: check passes unknown values, reading only the numbers list", async () => {
    const provider = providerFor(emu.current);
    const result = await provider.check({}, { number: N, routing: "webhook", webhookId: UNKNOWN });
    expect(result.inputs).toEqual({
      number: N,
      routing: "webhook",
      webhookId: UNKNOWN,
      applyToExisting: false,
      onDelete: "restore",
    });
    expect(seen(emu.current)).toEqual(["GET /api/v1/phone-numbers/"]);
  });

  test("create-actual: adopts the number, records its previous routing and routes it", async () => {
    const provider = providerFor(emu.current);
    const result = await provider.create({
      number: N,
      routing: "webhook",
      webhookId: webhooks.crm,
      applyToExisting: false,
      onDelete: "restore",
    });
    expect(result).toEqual({ id: N, outs: created() });
    expect(seen(emu.current)).toEqual([
      "GET /api/v1/phone-numbers/",
      `POST /api/v1/phone-numbers/${N}/subscribe/ {"webhookId":"${webhooks.crm}","applyToExisting":false}`,
    ]);
    expect(emu.current.emulator.routingOf(N)).toEqual(routed.webhook(webhooks.crm));
  });

  test("create-actual: a write Wassist answers with another routing fails, keeping the number in state", async () => {
    // Wassist says 200 to connect-agent but answers with the number still unrouted.
    emu.current.emulator.addFault({
      method: "POST",
      path: "/api/v1/phone-numbers/{number}/connect-agent/",
      script: [
        {
          status: 200,
          body: {
            id: pausedIds.numberId,
            number: N,
            whatsappPhoneNumberId: pausedIds.whatsappPhoneNumberId,
            defaultRouting: null,
            isSandbox: false,
          },
        },
      ],
    });
    const err = await providerFor(emu.current)
      .create({
        number: N,
        routing: "agent",
        agentId: agents.sales,
        applyToExisting: false,
        onDelete: "restore",
      })
      .catch((e) => e);
    expect(err.message).toBe(
      `creating routing of ${N}: Wassist accepted the change but answered with no routing instead of agent ${agents.sales}`,
    );
    // The write may have happened: the resource stays in state, to be reconciled and restored.
    expect([err.id, err.properties?.previousRouting]).toEqual([
      N,
      { routing: "none", webhookId: null, agentId: null },
    ]);
  });

  test("create-actual: agent routing with applyToExisting reaches the conversations", async () => {
    const provider = providerFor(emu.current);
    const result = await provider.create({
      number: numbers.support,
      routing: "agent",
      agentId: agents.sales,
      applyToExisting: true,
      onDelete: "unsubscribe",
    });
    expect(result.outs).toEqual({
      number: numbers.support,
      routing: "agent",
      webhookId: null,
      agentId: agents.sales,
      applyToExisting: true,
      onDelete: "unsubscribe",
      ...supportIds,
      previousRouting: { routing: "webhook", webhookId: webhooks.zendesk, agentId: null },
      appliedRouting: { routing: "agent", webhookId: null, agentId: agents.sales },
      adoptionId: expect.any(String),
    });
    const conversations = emu.current.emulator.data.conversations.filter(
      (c) => c.whatsappNumber === numbers.support,
    );
    expect(conversations.map((c) => [c.activeAgent, c.session])).toEqual([
      [agents.sales, null],
      [agents.sales, null],
    ]);
  });

  test("a number not on the account: a clear error and no write", async () => {
    const err = await providerFor(emu.current)
      .create({ number: "447700999999", routing: "none", applyToExisting: false, onDelete: "restore" })
      .catch((e) => e);
    expect(err.message).toBe(
      "creating routing of 447700999999: 447700999999 is not a number of this Wassist account (the organization of the API key); check the number, or the key in wassist:apiKey / WASSIST_API_KEY",
    );
    expect(seen(emu.current)).toEqual([
      "GET /api/v1/phone-numbers/",
      "GET /api/v1/phone-numbers/447700999999/",
    ]);
  });

  test("another organization's webhook: refused, nothing kept in state, nothing changed", async () => {
    const err = await providerFor(emu.current)
      .create({
        number: N,
        routing: "webhook",
        webhookId: webhooks.globex,
        applyToExisting: false,
        onDelete: "restore",
      })
      .catch((e) => e);
    expect(err.message).toMatch(
      /^creating routing of 447700900300: Webhook belongs to another organization \(403 permission_denied, request [0-9a-f-]+\): is webhook 9d8c7b6a-5f4e-4d3c-b2a1-0f9e8d7c6b5a an id of this organization \(or shared with it\)\?$/,
    );
    expect(err.id).toBeUndefined();
    expect(emu.current.emulator.routingOf(N).defaultRouting).toBeNull();
  });

  test("a write whose outcome is unknown keeps the number in state with its previous routing", async () => {
    await control(emu.current.url, "POST", "/faults", {
      method: "POST",
      path: "*",
      script: Array(3).fill({ status: 503 }),
    });
    const err = await providerFor(emu.current, { maxRetries: 2 })
      .create({
        number: N,
        routing: "agent",
        agentId: agents.support,
        applyToExisting: false,
        onDelete: "restore",
        __provider: "shim",
      } as never)
      .catch((e) => e);
    expect(err.id).toBe(N);
    expect(err.properties).toEqual({
      ...created({ routing: "agent", webhookId: undefined, agentId: agents.support }),
      __provider: "shim",
    });
    expect(err.message).toMatch(
      /^creating routing of 447700900300: Service temporarily unavailable; gave up: retries exhausted \(2\) after 3 attempts \(503 server_error/,
    );
  });
});

describe("diff", () => {
  test("diff-preview: an unknown webhookId is a change and makes no request", async () => {
    const result = await providerFor(emu.current).diff(N, state(), {
      number: N,
      routing: "webhook",
      webhookId: UNKNOWN,
      applyToExisting: false,
      onDelete: "restore",
    });
    expect(result).toEqual({ changes: true, replaces: [] });
    expect(seen(emu.current)).toEqual([]);
  });

  test("diff-preview: an unknown number is a replacement and makes no request", async () => {
    const result = await providerFor(emu.current).diff(N, state(), {
      number: UNKNOWN,
      routing: "none",
      applyToExisting: false,
      onDelete: "restore",
    });
    expect(result).toEqual({ changes: true, replaces: ["number"], deleteBeforeReplace: false });
    expect(seen(emu.current)).toEqual([]);
  });

  test("diff-actual: nothing changed and nothing drifted", async () => {
    await control(emu.current.url, "POST", `/phone-numbers/${N}/routing`, {
      routing: "webhook",
      webhookId: webhooks.crm,
    });
    const result = await providerFor(emu.current).diff(N, state(), {
      number: N,
      routing: "webhook",
      webhookId: webhooks.crm,
      applyToExisting: false,
      onDelete: "restore",
    });
    expect(result).toEqual({ changes: false, replaces: [] });
    expect(seen(emu.current)).toEqual(["GET /api/v1/phone-numbers/"]);
  });

  test("diff-actual: drift made in the dashboard is a change, and says why", async () => {
    await control(emu.current.url, "POST", `/phone-numbers/${N}/routing`, {
      routing: "agent",
      agentId: agents.sales,
    });
    const { result, log } = await diffOfState();
    expect(result).toEqual({ changes: true, replaces: [] });
    expect(log).toEqual([
      `pulumi-wassist: 447700900300 has drifted: Wassist routes it to agent ${agents.sales}, the stack declares webhook ${webhooks.crm}; \`pulumi up\` will put the declared routing back\n`,
    ]);
  });

  test("diff-actual: a change of the program alone is a change, and no drift is said", async () => {
    await control(emu.current.url, "POST", `/phone-numbers/${N}/routing`, {
      routing: "webhook",
      webhookId: webhooks.crm,
    });
    let result: unknown;
    const log = await stderrOf(async () => {
      result = await providerFor(emu.current).diffDetailed(N, state(), {
        number: N,
        routing: "agent",
        agentId: agents.sales,
        applyToExisting: false,
        onDelete: "restore",
      });
    });
    expect(result).toEqual({
      changes: true,
      replaces: [],
      detailedDiff: { routing: "update", webhookId: "delete", agentId: "add" },
    });
    expect(log).toEqual([]);
  });

  test("diffDetailed: drift is diffed from the live routing, the program's own changes from the state", async () => {
    // A person routed the number to the sales agent; the state says webhook crm.
    await control(emu.current.url, "POST", `/phone-numbers/${N}/routing`, {
      routing: "agent",
      agentId: agents.sales,
    });
    const diff = async (news: object) => {
      let result: unknown;
      await stderrOf(async () => {
        result = await providerFor(emu.current).diffDetailed(N, state(), {
          number: N,
          applyToExisting: false,
          onDelete: "restore",
          ...news,
        } as never);
      });
      return result as { detailedDiff: unknown };
    };
    expect((await diff({ routing: "webhook", webhookId: webhooks.crm })).detailedDiff).toEqual({
      routing: "update",
      agentId: "delete",
      webhookId: "add",
    });
    // The program moves to the agent the person chose: Wassist already routes so (no drift to
    // say), and the change is the state's to the program's.
    expect(await diff({ routing: "agent", agentId: agents.sales })).toEqual({
      changes: true,
      replaces: [],
      detailedDiff: { routing: "update", webhookId: "delete", agentId: "add" },
    });
    // Also onDelete changed: from the state, beside the drift.
    expect(
      (await diff({ routing: "agent", agentId: agents.support, onDelete: "retain" })).detailedDiff,
    ).toEqual({
      agentId: "update",
      onDelete: "update",
    });
    expect((await diff({ number: numbers.sales, routing: "none" })).detailedDiff).toEqual({
      number: "update-replace",
    });
    expect((await diff({ routing: "webhook", webhookId: UNKNOWN })).detailedDiff).toEqual({
      webhookId: "update",
    });
  });

  test("diff-actual: a new number is a replacement", async () => {
    const result = await providerFor(emu.current).diff(N, state(), {
      number: numbers.sales,
      routing: "webhook",
      webhookId: webhooks.crm,
      applyToExisting: false,
      onDelete: "restore",
    });
    expect(result).toEqual({ changes: true, replaces: ["number"], deleteBeforeReplace: false });
  });

  test("diff: inputs changed without drift are a change; diff reads the list and never writes", async () => {
    await control(emu.current.url, "POST", `/phone-numbers/${N}/routing`, {
      routing: "webhook",
      webhookId: webhooks.crm,
    });
    emu.current.emulator.clearRequests();
    const provider = providerFor(emu.current);
    const news = { number: N, routing: "webhook" as const, webhookId: webhooks.crm, applyToExisting: false };
    expect(await provider.diff(N, state(), { ...news, onDelete: "restore" })).toEqual({
      changes: false,
      replaces: [],
    });
    expect(await provider.diff(N, state(), { ...news, onDelete: "retain" })).toEqual({
      changes: true,
      replaces: [],
    });
    expect(await provider.diff(N, state(), { ...news, applyToExisting: true, onDelete: "restore" })).toEqual({
      changes: true,
      replaces: [],
    });
    expect(seen(emu.current)).toEqual(["GET /api/v1/phone-numbers/"]);
  });
});

describe("update", () => {
  test("update-actual: a new webhookId is written; previousRouting is kept", async () => {
    const provider = providerFor(emu.current);
    const result = await provider.update(N, state(), {
      number: N,
      routing: "webhook",
      webhookId: webhooks.zendesk,
      applyToExisting: false,
      onDelete: "restore",
    });
    expect(result).toEqual({ outs: state({ webhookId: webhooks.zendesk }) });
    expect(seen(emu.current)).toEqual([
      `POST /api/v1/phone-numbers/${N}/subscribe/ {"webhookId":"${webhooks.zendesk}","applyToExisting":false}`,
    ]);
  });

  test("update-actual: drift alone (no input changed) is written back", async () => {
    await control(emu.current.url, "POST", `/phone-numbers/${N}/routing`, { routing: null });
    const result = await providerFor(emu.current).update(N, state(), {
      number: N,
      routing: "webhook",
      webhookId: webhooks.crm,
      applyToExisting: false,
      onDelete: "restore",
    });
    expect(result.outs).toEqual(state());
    expect(emu.current.emulator.routingOf(N)).toEqual(routed.webhook(webhooks.crm));
  });

  test("update-actual: only onDelete changed and Wassist already matches: no write", async () => {
    await control(emu.current.url, "POST", `/phone-numbers/${N}/routing`, {
      routing: "webhook",
      webhookId: webhooks.crm,
    });
    emu.current.emulator.clearRequests();
    const result = await providerFor(emu.current).update(N, state(), {
      number: N,
      routing: "webhook",
      webhookId: webhooks.crm,
      applyToExisting: false,
      onDelete: "retain",
    });
    expect(result.outs).toEqual(state({ onDelete: "retain" }));
    expect(seen(emu.current)).toEqual([`GET /api/v1/phone-numbers/${N}/`]);
  });

  test("race: changed again between diff and update, update still converges", async () => {
    const provider = providerFor(emu.current);
    await control(emu.current.url, "POST", `/phone-numbers/${N}/routing`, {
      routing: "agent",
      agentId: agents.sales,
    });
    const desired = {
      number: N,
      routing: "webhook" as const,
      webhookId: webhooks.crm,
      applyToExisting: false,
      onDelete: "restore" as const,
    };
    let changes: boolean | undefined;
    await stderrOf(async () => {
      changes = (await provider.diff(N, state(), desired)).changes;
    });
    expect(changes).toBe(true);
    await control(emu.current.url, "POST", `/phone-numbers/${N}/routing`, {
      routing: "webhook",
      webhookId: webhooks.zendesk,
    });
    await provider.update(N, state(), desired);
    expect(emu.current.emulator.routingOf(N)).toEqual(routed.webhook(webhooks.crm));
  });
});

describe("read (refresh)", () => {
  test("read-actual: live routing becomes the outputs and the inputs", async () => {
    await control(emu.current.url, "POST", `/phone-numbers/${N}/routing`, {
      routing: "agent",
      agentId: agents.sales,
    });
    const result = await providerFor(emu.current).read(N, state());
    // The live routing is recorded; what the resource wrote (webhook crm) is kept apart.
    const now = state({
      routing: "agent",
      webhookId: undefined,
      agentId: agents.sales,
      appliedRouting: { routing: "webhook", webhookId: webhooks.crm, agentId: null },
    });
    expect(result).toEqual({
      id: N,
      props: now,
      inputs: {
        number: N,
        routing: "agent",
        agentId: agents.sales,
        applyToExisting: false,
        onDelete: "restore",
      },
    });
    expect(seen(emu.current)).toEqual(["GET /api/v1/phone-numbers/"]);
  });

  test("a number no longer on the account is gone from the stack", async () => {
    emu.current.emulator.removePhoneNumber(N);
    expect(await providerFor(emu.current).read(N, state())).toEqual({ id: "", props: {} });
  });
});

describe("a number that left the account, and a number that moved", () => {
  test("diff of a number no longer on the account: a change, with a warning that says to refresh", async () => {
    emu.current.emulator.removePhoneNumber(N);
    const { result, log } = await diffOfState();
    expect(result).toEqual({ changes: true, replaces: [] });
    expect(log).toEqual([
      `warning: pulumi-wassist: ${N}: the number is no longer on the Wassist account; run \`pulumi refresh\` to drop it from the stack\n`,
    ]);
  });

  test("update of a number no longer on the account says so and to refresh", async () => {
    emu.current.emulator.removePhoneNumber(N);
    const err = await providerFor(emu.current)
      .update(N, state(), {
        number: N,
        routing: "agent",
        agentId: agents.sales,
        applyToExisting: false,
        onDelete: "restore",
      })
      .catch((e) => e);
    expect(err.message).toBe(
      `updating routing of ${N}: the number is no longer on the Wassist account; run \`pulumi refresh\` to drop it from the stack`,
    );
  });

  test("a delete of a number this process wrote for another resource leaves it as that resource wrote it", async () => {
    const provider = providerFor(emu.current);
    const { outs } = await provider.create({
      number: N,
      routing: "agent",
      agentId: agents.sales,
      applyToExisting: false,
      onDelete: "restore",
    });
    emu.current.emulator.clearRequests();
    // The old resource's state: another adoption id, its own (now overwritten) routing.
    const log = await stderrOf(() => provider.delete(N, state({ adoptionId: "the-old-resource" })));
    expect(log).toEqual([
      `warning: pulumi-wassist: ${N} moved to another resource in this update: not undoing (onDelete "restore"), so it stays routed as declared. The resource that declares it now recorded no routing as its previousRouting, which its destroy will put back, not no routing. To rename a resource and keep its original routing, use the aliases resource option instead\n`,
    ]);
    expect(seen(emu.current).filter((r) => r.startsWith("POST"))).toEqual([]);
    expect(emu.current.emulator.routingOf(N)).toEqual(routed.agent(agents.sales));
    // The resource that wrote it undoes its own write.
    await provider.delete(N, outs ?? {});
    expect(emu.current.emulator.routingOf(N)).toEqual(routed.none);
  });
});

describe("delete", () => {
  test("restore puts the previous routing back", async () => {
    const provider = providerFor(emu.current);
    const { outs } = await provider.create({
      number: numbers.support,
      routing: "none",
      applyToExisting: false,
      onDelete: "restore",
    });
    emu.current.emulator.clearRequests();
    await provider.delete(numbers.support, outs ?? {});
    expect(seen(emu.current)).toEqual([
      `POST /api/v1/phone-numbers/${numbers.support}/subscribe/ {"webhookId":"${webhooks.zendesk}","applyToExisting":false}`,
    ]);
    expect(emu.current.emulator.routingOf(numbers.support)).toEqual(routed.webhook(webhooks.zendesk));
  });

  test("restore of a number adopted paused with its agent attached: says it cannot keep the agent, then unsubscribes", async () => {
    await control(emu.current.url, "POST", `/phone-numbers/${numbers.sales}/routing`, {
      routing: "none",
      agentId: agents.sales,
    });
    const provider = providerFor(emu.current);
    const { outs } = await provider.create({
      number: numbers.sales,
      routing: "agent",
      agentId: agents.support,
      applyToExisting: false,
      onDelete: "restore",
    });
    expect(outs?.previousRouting).toEqual({ routing: "none", webhookId: null, agentId: agents.sales });
    emu.current.emulator.clearRequests();
    const log = await stderrOf(() => provider.delete(numbers.sales, outs ?? {}));
    expect(log).toEqual([
      `warning: pulumi-wassist: 447700900200 is paused with agent ${agents.sales} still attached (a state only the Wassist dashboard can make): onDelete "restore" will pause it with nothing attached (the API's unsubscribe drops the target), so re-attach agent ${agents.sales} in the dashboard afterwards if it should stay\n`,
    ]);
    expect(seen(emu.current)).toEqual([
      `POST /api/v1/phone-numbers/${numbers.sales}/unsubscribe/ {"applyToExisting":false}`,
    ]);
    expect(emu.current.emulator.routingOf(numbers.sales)).toEqual(routed.none);
  });

  test("restore of an agent", async () => {
    const provider = providerFor(emu.current);
    const { outs } = await provider.create({
      number: numbers.sales,
      routing: "none",
      applyToExisting: false,
      onDelete: "restore",
    });
    await provider.delete(numbers.sales, outs ?? {});
    expect(emu.current.emulator.routingOf(numbers.sales)).toEqual(routed.agent(agents.sales));
  });

  test("restore when the old webhook is gone: a warning, then unsubscribe", async () => {
    const provider = providerFor(emu.current);
    const { outs } = await provider.create({
      number: numbers.support,
      routing: "agent",
      agentId: agents.support,
      applyToExisting: false,
      onDelete: "restore",
    });
    emu.current.emulator.removeWebhook(webhooks.zendesk);
    const log = await stderrOf(() => provider.delete(numbers.support, outs ?? {}));
    expect(log).toEqual([
      `warning: pulumi-wassist: 447700900100: could not restore webhook ${webhooks.zendesk} (Webhook not found); unsubscribing instead, so that nothing is routed to a target that is gone\n`,
    ]);
    expect(emu.current.emulator.routingOf(numbers.support)).toEqual(routed.none);
  });

  test("unsubscribe clears the routing", async () => {
    await control(emu.current.url, "POST", `/phone-numbers/${N}/routing`, {
      routing: "webhook",
      webhookId: webhooks.crm,
    });
    await providerFor(emu.current).delete(N, state({ onDelete: "unsubscribe", applyToExisting: true }));
    expect(seen(emu.current)).toEqual([
      "GET /api/v1/phone-numbers/",
      `POST /api/v1/phone-numbers/${N}/unsubscribe/ {"applyToExisting":true}`,
    ]);
    expect(emu.current.emulator.routingOf(N)).toEqual(routed.none);
  });

  test("a number routed elsewhere since (by a person or another resource) is left alone, with a warning", async () => {
    await control(emu.current.url, "POST", `/phone-numbers/${N}/routing`, {
      routing: "agent",
      agentId: agents.sales,
    });
    const log = await stderrOf(() => providerFor(emu.current).delete(N, state({ onDelete: "unsubscribe" })));
    expect(log).toEqual([
      `warning: pulumi-wassist: 447700900300: not undoing (onDelete "unsubscribe"): Wassist now routes it to agent ${agents.sales}, not the webhook ${webhooks.crm} this resource set\n`,
    ]);
    expect(seen(emu.current)).toEqual(["GET /api/v1/phone-numbers/"]);
    expect(emu.current.emulator.routingOf(N)).toEqual(routed.agent(agents.sales));
  });

  test("retain makes no call", async () => {
    await providerFor(emu.current).delete(N, state({ onDelete: "retain" }));
    expect(seen(emu.current)).toEqual([]);
  });

  test("is idempotent: a number already gone counts as done", async () => {
    emu.current.emulator.removePhoneNumber(N);
    const provider = providerFor(emu.current);
    const log = await stderrOf(async () => {
      await provider.delete(
        N,
        state({ previousRouting: { routing: "agent", webhookId: null, agentId: agents.sales } }),
      );
      await provider.delete(N, state({ onDelete: "unsubscribe" }));
    });
    expect(log).toEqual([
      "pulumi-wassist: 447700900300 is no longer on the Wassist account; nothing to undo\n",
      "pulumi-wassist: 447700900300 is no longer on the Wassist account; nothing to undo\n",
    ]);
  });
});

describe("sandbox number", () => {
  test("applyToExisting is ignored there, with a warning; only the caller's conversation changes", async () => {
    let outs: unknown;
    const log = await stderrOf(async () => {
      ({ outs } = await providerFor(emu.current).create({
        number: numbers.sandbox,
        routing: "agent",
        agentId: agents.support,
        applyToExisting: true,
        onDelete: "restore",
      }));
    });
    expect(log).toEqual([
      "warning: pulumi-wassist: 447424845871 is a sandbox number: Wassist ignores applyToExisting there and changes only your own conversation\n",
    ]);
    expect(outs).toMatchObject({
      isSandbox: true,
      previousRouting: { routing: "sandbox", webhookId: null, agentId: null },
    });
    expect(emu.current.emulator.routingOf(numbers.sandbox).defaultRouting).toBe("sandbox");
  });

  test("a 400 from the API explains the sandbox limits", async () => {
    await control(emu.current.url, "PATCH", "/settings", { sandboxMode: "reject" });
    const err = await providerFor(emu.current)
      .create({ number: numbers.sandbox, routing: "none", applyToExisting: false, onDelete: "restore" })
      .catch((e) => e);
    expect(err.message).toMatch(
      /^creating routing of 447424845871: Routing of the sandbox number is managed by the system and cannot be changed \(400 sandbox_number, request .+\)\. 447424845871 is a shared sandbox number: its routing is managed by Wassist and may not be changed by API keys/,
    );
  });
});

describe("configuration", () => {
  test("a missing API key names both ways to set it", async () => {
    const provider = providerFor(emu.current, { apiKey: undefined });
    await expect(
      provider.diff(N, state(), { number: N, routing: "none", applyToExisting: false, onDelete: "restore" }),
    ).rejects.toThrow(
      "no Wassist API key: set it with `pulumi config set --secret wassist:apiKey <key>` or the WASSIST_API_KEY environment variable",
    );
  });

  test("a wrong key fails with 401 and never shows the key", async () => {
    const key = "wsk_wrong_but_secret_987654321";
    const err = await providerFor(emu.current, { apiKey: key })
      .diff(N, state(), { number: N, routing: "none", applyToExisting: false, onDelete: "restore" })
      .catch((e) => e);
    expect(err.message).toMatch(
      /^listing phone numbers: Invalid API key\. \(401 authentication_failed, request .+\); the key came from the stack config wassist:apiKey: set the organization's key with `pulumi config set --secret wassist:apiKey <key>`$/,
    );
    expect(`${err.message}${err.stack}`).not.toContain(key);
  });

  /** A provider configured as the engine configures it: from stack config, then the environment. */
  async function configured(config: Record<string, string>, env: Record<string, string> = {}) {
    const saved = { ...process.env };
    Object.assign(process.env, env);
    const provider = new PhoneNumberRoutingProvider({
      settings: { rateLimit: false, maxRetries: 0 },
    });
    try {
      await provider.configure({
        config: { get: (k: string) => config[k], require: (k: string) => config[k] },
      } as never);
    } finally {
      for (const key of Object.keys(env)) if (!(key in saved)) delete process.env[key];
    }
    return provider;
  }
  const diffNone = (p: PhoneNumberRoutingProvider) =>
    p
      .diff(N, state(), { number: N, routing: "none", applyToExisting: false, onDelete: "restore" })
      .catch((e: Error) => e)
      .finally(() => p.close());

  test("a missing key fails check, so preview of new resources fails too", async () => {
    const saved = process.env.WASSIST_API_KEY;
    delete process.env.WASSIST_API_KEY;
    try {
      const provider = await configured({ "wassist:baseUrl": emu.current.url });
      expect(await provider.check({}, { number: N, routing: "none" })).toEqual({
        failures: [
          {
            property: "",
            reason:
              "no Wassist API key: set it with `pulumi config set --secret wassist:apiKey <key>` or the WASSIST_API_KEY environment variable",
          },
        ],
      });
      await expect(provider.read(N, state())).rejects.toThrow(/^no Wassist API key/);
      expect(seen(emu.current)).toEqual([]);
    } finally {
      if (saved !== undefined) process.env.WASSIST_API_KEY = saved;
    }
  });

  test("a bad setting fails check with the setting named", async () => {
    const provider = await configured({
      "wassist:baseUrl": "https://backend.wassist.app/api/v1",
      "wassist:apiKey": "wsk_x_000",
    });
    expect(await provider.check({}, { number: N, routing: "none" })).toEqual({
      failures: [
        {
          property: "",
          reason:
            'wassist:baseUrl "https://backend.wassist.app/api/v1" has a path; give only the origin, "https://backend.wassist.app": the provider adds /api/v1/… itself',
        },
      ],
    });
  });

  test("an expected error reaches Pulumi's host as one message: the stderr line only points at it", async () => {
    const err = (await diffNone(
      await configured({ "wassist:baseUrl": emu.current.url, "wassist:apiKey": "wsk_refused_in_config_000" }),
    )) as Error;
    // What the dynamic-provider host prints to stderr before returning the error to the engine.
    expect(`${err}: ${err.stack}`).toBe(
      `pulumi-wassist: previewing ${N} failed; the error is shown under the resource`,
    );
  });

  test("a refused key from stack config says so and how to set it", async () => {
    const err = await diffNone(
      await configured({ "wassist:baseUrl": emu.current.url, "wassist:apiKey": "wsk_refused_in_config_000" }),
    );
    expect((err as Error).message).toMatch(
      /^listing phone numbers: Invalid API key\. \(401 authentication_failed, request [0-9a-f-]+\); the key came from the stack config wassist:apiKey: set the organization's key with `pulumi config set --secret wassist:apiKey <key>`$/,
    );
  });

  test("a refused key from the environment says so and how to set it", async () => {
    const err = await diffNone(
      await configured({ "wassist:baseUrl": emu.current.url }, { WASSIST_API_KEY: "wsk_refused_in_env_000" }),
    );
    expect((err as Error).message).toMatch(
      /\(401 authentication_failed, request [0-9a-f-]+\); the key came from the WASSIST_API_KEY environment variable: export the organization's key there, or set it with `pulumi config set --secret wassist:apiKey <key>` \(stack config comes first\)$/,
    );
    expect((err as Error).message).not.toContain("wsk_refused_in_env_000");
  });
});

describe("error verbs follow the operation the person ran", () => {
  const failWrites = () =>
    control(emu.current.url, "POST", "/faults", {
      method: "POST",
      path: "*",
      script: Array(3).fill({ status: 503 }),
    });
  const message = (p: Promise<unknown>) =>
    p.then(
      () => "no error",
      (e: Error) => e.message,
    );

  test("update: updating routing of …", async () => {
    await failWrites();
    expect(
      await message(
        providerFor(emu.current).update(N, state({ routing: "none", webhookId: undefined }), {
          number: N,
          routing: "agent",
          agentId: agents.sales,
          applyToExisting: false,
          onDelete: "restore",
        }),
      ),
    ).toMatch(/^updating routing of 447700900300: Service temporarily unavailable; gave up/);
  });

  test("delete with restore: restoring routing of …; with unsubscribe: deleting routing of …", async () => {
    const provider = providerFor(emu.current);
    await control(emu.current.url, "POST", `/phone-numbers/${numbers.support}/routing`, {
      routing: "agent",
      agentId: agents.sales,
    });
    const outs = state({
      number: numbers.support,
      routing: "agent",
      webhookId: undefined,
      agentId: agents.sales,
      previousRouting: { routing: "webhook", webhookId: webhooks.zendesk, agentId: null },
    });
    await failWrites();
    expect(await message(provider.delete(numbers.support, outs ?? {}))).toMatch(
      /^restoring routing of 447700900100: Service temporarily unavailable; gave up/,
    );
    await failWrites();
    expect(await message(provider.delete(numbers.support, { ...outs, onDelete: "unsubscribe" }))).toMatch(
      /^deleting routing of 447700900100: Service temporarily unavailable; gave up/,
    );
  });

  test("refresh with per-number reads: reading routing of …", async () => {
    await control(emu.current.url, "POST", "/faults", {
      method: "GET",
      path: "*",
      script: Array(3).fill({ status: 503 }),
    });
    expect(await message(providerFor(emu.current, { readStrategy: "per-number" }).read(N, state()))).toMatch(
      /^reading routing of 447700900300: Service temporarily unavailable; gave up/,
    );
  });
});

// The branches the scenarios above leave out, each pinned by its requests and its outputs.
describe("update: which changes write", () => {
  const declared = (over: Record<string, unknown> = {}) => ({
    number: N,
    routing: "webhook" as const,
    webhookId: webhooks.crm,
    applyToExisting: false,
    onDelete: "restore" as const,
    ...over,
  });
  const route = (body: Record<string, unknown>) =>
    control(emu.current.url, "POST", `/phone-numbers/${N}/routing`, body);
  const subscribeCrm = `POST /api/v1/phone-numbers/${N}/subscribe/ {"webhookId":"${webhooks.crm}","applyToExisting":false}`;

  test("drift alone is written without reading first", async () => {
    await route({ routing: null });
    emu.current.emulator.clearRequests();
    await providerFor(emu.current).update(N, state(), declared());
    expect(seen(emu.current)).toEqual([subscribeCrm]);
  });

  test("a changed routing is written even when Wassist already routes so (no read first)", async () => {
    await route({ routing: "webhook", webhookId: webhooks.crm });
    emu.current.emulator.clearRequests();
    // The state says "none" but keeps a webhook id: only `routing` differs.
    await providerFor(emu.current).update(N, state({ routing: "none" }), declared());
    expect(seen(emu.current)).toEqual([subscribeCrm]);
  });

  test("a changed agentId is written even when Wassist already routes so", async () => {
    await route({ routing: "agent", agentId: agents.support });
    emu.current.emulator.clearRequests();
    const olds = state({ routing: "agent", webhookId: undefined, agentId: agents.sales });
    await providerFor(emu.current).update(
      N,
      olds,
      declared({ routing: "agent", webhookId: undefined, agentId: agents.support }),
    );
    expect(seen(emu.current)).toEqual([
      `POST /api/v1/phone-numbers/${N}/connect-agent/ {"agentId":"${agents.support}","applyToExisting":false}`,
    ]);
  });

  test("only onDelete changed and Wassist routes elsewhere: a fresh read, then the write", async () => {
    await route({ routing: "agent", agentId: agents.sales });
    emu.current.emulator.clearRequests();
    const result = await providerFor(emu.current).update(N, state(), declared({ onDelete: "retain" }));
    expect(seen(emu.current)).toEqual([`GET /api/v1/phone-numbers/${N}/`, subscribeCrm]);
    expect(result.outs).toEqual(state({ onDelete: "retain" }));
  });

  test("only onDelete changed and Wassist matches: what the resource wrote before stays recorded", async () => {
    await route({ routing: "webhook", webhookId: webhooks.crm });
    const appliedRouting = { routing: "webhook" as const, webhookId: webhooks.zendesk, agentId: null };
    const result = await providerFor(emu.current).update(
      N,
      state({ appliedRouting }),
      declared({ onDelete: "unsubscribe" }),
    );
    expect(result.outs).toEqual(state({ onDelete: "unsubscribe", appliedRouting }));
  });

  test("only onDelete changed and the number left the account: says so and to refresh", async () => {
    emu.current.emulator.removePhoneNumber(N);
    await expect(
      providerFor(emu.current).update(N, state(), declared({ onDelete: "retain" })),
    ).rejects.toThrow(
      `updating routing of ${N}: the number is no longer on the Wassist account; run \`pulumi refresh\` to drop it from the stack`,
    );
  });

  test("a number that left the account since the last read is found gone by a fresh read", async () => {
    const provider = providerFor(emu.current);
    await stderrOf(() => provider.diff(N, state(), declared({ webhookId: webhooks.zendesk })));
    emu.current.emulator.removePhoneNumber(N);
    await expect(provider.update(N, state(), declared({ webhookId: webhooks.zendesk }))).rejects.toThrow(
      `updating routing of ${N}: the number is no longer on the Wassist account`,
    );
  });

  /** The message of an update whose subscribe Wassist refuses with `status` and `detail`. */
  const refusedUpdate = async (status: number, detail: string) => {
    emu.current.emulator.addFault({
      method: "POST",
      path: "/api/v1/phone-numbers/{number}/subscribe/",
      script: [{ status, body: { detail } }],
    });
    const err = await providerFor(emu.current)
      .update(N, state(), declared({ webhookId: webhooks.zendesk }))
      .catch((e: Error) => e);
    return (err as Error).message;
  };

  test("a refused target on update names the target, not a missing number", async () => {
    expect(await refusedUpdate(404, "Webhook not found")).toMatch(
      new RegExp(
        `^updating routing of ${N}: Webhook not found \\(404[^)]*\\): is webhook ${webhooks.zendesk} an id of this organization \\(or shared with it\\)\\?$`,
      ),
    );
  });

  test("a 400 on a business number is passed on as it is (not explained as the sandbox's)", async () => {
    expect(await refusedUpdate(400, "Bad request")).toMatch(
      new RegExp(`^updating routing of ${N}: Bad request \\(400[^)]*\\)$`),
    );
  });

  test("the sandbox number on update: the applyToExisting warning and the sandbox explanation", async () => {
    const sandbox = {
      ...state({ number: numbers.sandbox, routing: "none", webhookId: undefined }),
      isSandbox: true,
    };
    const log = await stderrOf(() =>
      providerFor(emu.current).update(numbers.sandbox, sandbox, {
        number: numbers.sandbox,
        routing: "agent",
        agentId: agents.support,
        applyToExisting: true,
        onDelete: "restore",
      }),
    );
    expect(log).toEqual([
      "warning: pulumi-wassist: 447424845871 is a sandbox number: Wassist ignores applyToExisting there and changes only your own conversation\n",
    ]);
    await control(emu.current.url, "PATCH", "/settings", { sandboxMode: "reject" });
    const err = await providerFor(emu.current)
      .update(numbers.sandbox, sandbox, {
        number: numbers.sandbox,
        routing: "none",
        applyToExisting: false,
        onDelete: "restore",
      })
      .catch((e: Error) => e);
    expect((err as Error).message).toContain("447424845871 is a shared sandbox number");
  });

  test("a business number with applyToExisting: no sandbox warning", async () => {
    const log = await stderrOf(() =>
      providerFor(emu.current).update(N, state(), declared({ applyToExisting: true })),
    );
    expect(log).toEqual([]);
  });

  test("after an update the same resource's delete undoes its write (its adoption is remembered)", async () => {
    const provider = providerFor(emu.current);
    const { outs } = await provider.update(N, state(), declared({ webhookId: webhooks.zendesk }));
    const log = await stderrOf(() => provider.delete(N, outs ?? {}));
    expect(log).toEqual([]);
    expect(emu.current.emulator.routingOf(N)).toEqual(routed.none);
  });

  test("invalid inputs reaching update or create directly fail with what is wrong", async () => {
    const provider = providerFor(emu.current);
    const bad = { number: N, routing: "webhook", applyToExisting: false, onDelete: "restore" } as never;
    await expect(provider.update(N, state(), bad)).rejects.toThrow(
      'invalid inputs: webhookId: webhookId is required when routing is "webhook"',
    );
    await expect(provider.create({ ...declared(), webhookId: UNKNOWN })).rejects.toThrow(
      "invalid inputs: a value is not known yet",
    );
    expect(seen(emu.current)).toEqual([]);
  });
});

describe("create: how refusals are explained", () => {
  const create = (over: Record<string, unknown>) =>
    providerFor(emu.current)
      .create({ number: N, routing: "none", applyToExisting: false, onDelete: "restore", ...over } as never)
      .catch((e: Error) => e);
  const refuse = (path: string, status: number, detail: string) =>
    emu.current.emulator.addFault({ method: "POST", path, script: [{ status, body: { detail } }] });

  test("another organization's agent is named as an agent", async () => {
    refuse("/api/v1/phone-numbers/{number}/connect-agent/", 403, "Agent not found");
    const err = await create({ routing: "agent", agentId: agents.sales });
    expect((err as Error).message).toMatch(
      new RegExp(`: Agent not found \\(403[^)]*\\): is agent ${agents.sales} an id of this organization`),
    );
    // Wassist's answer stays readable on the explained error: status, code, request id.
    const cause = (err as Error).cause as WassistHttpError;
    expect(cause).toBeInstanceOf(WassistHttpError);
    expect([cause.status, cause.reason]).toEqual([403, "Agent not found"]);
    expect(cause.requestId).toMatch(/\S/);
  });

  test("a 404 on a webhook is explained like a 403", async () => {
    refuse("/api/v1/phone-numbers/{number}/subscribe/", 404, "Webhook not found");
    const err = await create({ routing: "webhook", webhookId: webhooks.crm });
    expect((err as Error).message).toMatch(
      /: is webhook .* an id of this organization \(or shared with it\)\?$/,
    );
  });

  test("a refused unsubscribe names no target", async () => {
    refuse("/api/v1/phone-numbers/{number}/unsubscribe/", 403, "Forbidden");
    const err = await create({ number: numbers.support });
    expect((err as Error).message).toMatch(
      new RegExp(`^creating routing of ${numbers.support}: Forbidden \\(403[^)]*\\)$`),
    );
  });

  test("an unknown outcome keeps the number in state, with the error as the reason", async () => {
    emu.current.emulator.addFault({
      method: "POST",
      path: "/api/v1/phone-numbers/{number}/unsubscribe/",
      script: [{ status: 500 }, { status: 500 }, { status: 500 }],
    });
    const err = (await create({ number: numbers.support })) as Error & { id?: string; reasons?: string[] };
    expect(err.id).toBe(numbers.support);
    expect(err.reasons).toEqual([err.message]);
  });

  test("a business number with applyToExisting gets no sandbox warning", async () => {
    const log = await stderrOf(() => create({ applyToExisting: true }));
    expect(log).toEqual([]);
  });

  test("the sandbox number without applyToExisting gets no warning", async () => {
    const log = await stderrOf(() => create({ number: numbers.sandbox }));
    expect(log).toEqual([]);
  });
});

describe("create of a number that already routes as declared", () => {
  const desired = {
    number: numbers.support,
    routing: "webhook" as const,
    webhookId: webhooks.zendesk,
    applyToExisting: false,
    onDelete: "restore" as const,
  };

  test("adopts it without a write: one read, the outputs a write would give", async () => {
    const result = await providerFor(emu.current).create(desired);
    expect(seen(emu.current)).toEqual(["GET /api/v1/phone-numbers/"]);
    const routing = { routing: "webhook", webhookId: webhooks.zendesk, agentId: null };
    expect(result).toEqual({
      id: numbers.support,
      outs: {
        ...desired,
        agentId: null,
        ...supportIds,
        previousRouting: routing,
        appliedRouting: routing,
        adoptionId: expect.any(String),
      },
    });
  });

  test("with applyToExisting, or to another target, it writes", async () => {
    await providerFor(emu.current).create({ ...desired, applyToExisting: true });
    await providerFor(emu.current).create({ ...desired, webhookId: webhooks.crm });
    expect(seen(emu.current).filter((r) => r.startsWith("POST"))).toEqual([
      `POST /api/v1/phone-numbers/${numbers.support}/subscribe/ {"webhookId":"${webhooks.zendesk}","applyToExisting":true}`,
      `POST /api/v1/phone-numbers/${numbers.support}/subscribe/ {"webhookId":"${webhooks.crm}","applyToExisting":false}`,
    ]);
  });

  test("the sandbox number is always written (its shared routing cannot be compared)", async () => {
    await providerFor(emu.current).create({
      number: numbers.sandbox,
      routing: "none",
      applyToExisting: false,
      onDelete: "restore",
    });
    expect(seen(emu.current).filter((r) => r.startsWith("POST"))).toEqual([
      `POST /api/v1/phone-numbers/${numbers.sandbox}/unsubscribe/ {"applyToExisting":false}`,
    ]);
  });

  test("adopted so, it is claimed: the delete of the resource that declared it before leaves it alone", async () => {
    const provider = providerFor(emu.current);
    await provider.create(desired);
    const before = state({
      number: numbers.support,
      webhookId: webhooks.zendesk,
      ...supportIds,
      adoptionId: "the-old-resource",
    });
    const log = await stderrOf(() => provider.delete(numbers.support, before));
    expect(log).toEqual([
      expect.stringMatching(
        /^warning: pulumi-wassist: 447700900100 moved to another resource in this update: not undoing/,
      ),
    ]);
    expect(seen(emu.current).filter((r) => r.startsWith("POST"))).toEqual([]);
    expect(emu.current.emulator.routingOf(numbers.support)).toEqual(routed.webhook(webhooks.zendesk));
  });
});

describe("read: import and states of older versions", () => {
  test("import (no state): the live routing with the defaults, and inputs of only the set keys", async () => {
    await control(emu.current.url, "POST", `/phone-numbers/${N}/routing`, {
      routing: "agent",
      agentId: agents.sales,
    });
    const result = await providerFor(emu.current).read(N);
    const live = { routing: "agent", webhookId: null, agentId: agents.sales };
    expect(result).toEqual({
      id: N,
      props: {
        ...state({ routing: "agent", webhookId: undefined, agentId: agents.sales }),
        previousRouting: live,
        appliedRouting: live,
        adoptionId: expect.any(String),
      },
      inputs: {
        number: N,
        routing: "agent",
        agentId: agents.sales,
        applyToExisting: false,
        onDelete: "restore",
      },
    });
    expect(Object.keys(result.inputs ?? {}).sort()).toEqual([
      "agentId",
      "applyToExisting",
      "number",
      "onDelete",
      "routing",
    ]);
  });

  test("the number is the state's, whatever the id", async () => {
    const result = await providerFor(emu.current).read("an-old-id", state());
    expect(result.id).toBe(N);
  });

  test("refresh keeps what the resource wrote, also when it differs from the declared routing", async () => {
    const appliedRouting = { routing: "none" as const, webhookId: null, agentId: null };
    const result = await providerFor(emu.current).read(N, state({ appliedRouting }));
    expect(result.props).toMatchObject({ appliedRouting });
  });
});

describe("delete: what is undone", () => {
  const route = (number: string, body: Record<string, unknown>) =>
    control(emu.current.url, "POST", `/phone-numbers/${number}/routing`, body);

  test("after a refresh took in a person's change, destroy leaves the person's routing alone", async () => {
    await route(N, { routing: "agent", agentId: agents.sales });
    const refreshed = state({
      routing: "agent",
      webhookId: undefined,
      agentId: agents.sales,
      appliedRouting: { routing: "webhook", webhookId: webhooks.crm, agentId: null },
    });
    const log = await stderrOf(() => providerFor(emu.current).delete(N, refreshed));
    expect(log).toEqual([
      `warning: pulumi-wassist: ${N}: not undoing (onDelete "restore"): Wassist now routes it to agent ${agents.sales}, not the webhook ${webhooks.crm} this resource set\n`,
    ]);
    expect(emu.current.emulator.routingOf(N)).toEqual(routed.agent(agents.sales));
  });

  test("a state of an older version (no appliedRouting, onDelete, applyToExisting): its declared routing counts", async () => {
    await route(N, { routing: "agent", agentId: agents.sales });
    const old = { number: N, routing: "webhook" as const, webhookId: webhooks.crm };
    const log = await stderrOf(() => providerFor(emu.current).delete(N, old));
    expect(log).toEqual([
      `warning: pulumi-wassist: ${N}: not undoing (onDelete "restore"): Wassist now routes it to agent ${agents.sales}, not the webhook ${webhooks.crm} this resource set\n`,
    ]);
    await route(N, { routing: "webhook", webhookId: webhooks.crm });
    emu.current.emulator.clearRequests();
    await providerFor(emu.current).delete("an-old-id", old);
    expect(seen(emu.current)).toEqual([
      "GET /api/v1/phone-numbers/",
      `POST /api/v1/phone-numbers/${N}/unsubscribe/ {"applyToExisting":false}`,
    ]);
  });

  test("restore follows the previous routing, not an id left over beside it", async () => {
    await route(N, { routing: "webhook", webhookId: webhooks.crm });
    const provider = providerFor(emu.current);
    await provider.delete(
      N,
      state({ previousRouting: { routing: "agent", webhookId: webhooks.zendesk, agentId: agents.sales } }),
    );
    expect(emu.current.emulator.routingOf(N)).toEqual(routed.agent(agents.sales));
    await route(N, { routing: "webhook", webhookId: webhooks.crm });
    emu.current.emulator.clearRequests();
    await providerFor(emu.current).delete(
      N,
      state({ previousRouting: { routing: "none", webhookId: null, agentId: agents.sales } }),
    );
    expect(seen(emu.current).filter((r) => r.startsWith("POST"))).toEqual([
      `POST /api/v1/phone-numbers/${N}/unsubscribe/ {"applyToExisting":false}`,
    ]);
  });

  test("what a delete wrote is what the same provider reads next, without another request", async () => {
    await route(N, { routing: "webhook", webhookId: webhooks.crm });
    const provider = providerFor(emu.current);
    await provider.delete(
      N,
      state({ previousRouting: { routing: "agent", webhookId: null, agentId: agents.sales } }),
    );
    emu.current.emulator.clearRequests();
    const read = await provider.read(N, state());
    expect(read.props).toMatchObject({ routing: "agent", agentId: agents.sales, webhookId: null });
    expect(seen(emu.current)).toEqual([]);
  });

  test("restore to no routing, or of an agent, that fails says restoring", async () => {
    const provider = providerFor(emu.current);
    const fail = (path: string) =>
      emu.current.emulator.addFault({ method: "POST", path, script: Array(3).fill({ status: 503 }) });
    await route(N, { routing: "webhook", webhookId: webhooks.crm });
    fail("/api/v1/phone-numbers/{number}/unsubscribe/");
    await expect(provider.delete(N, state())).rejects.toThrow(/^restoring routing of 447700900300: /);
    fail("/api/v1/phone-numbers/{number}/connect-agent/");
    await expect(
      provider.delete(
        N,
        state({ previousRouting: { routing: "agent", webhookId: null, agentId: agents.sales } }),
      ),
    ).rejects.toThrow(/^restoring routing of 447700900300: /);
  });

  test("an unsubscribe answered 404 counts as done; another error is passed on", async () => {
    await route(N, { routing: "webhook", webhookId: webhooks.crm });
    emu.current.emulator.addFault({
      method: "POST",
      path: "/api/v1/phone-numbers/{number}/unsubscribe/",
      script: [
        { status: 404, body: { detail: "Not found" } },
        { status: 409, body: { detail: "Conflict" } },
      ],
    });
    const provider = providerFor(emu.current);
    const log = await stderrOf(() => provider.delete(N, state({ onDelete: "unsubscribe" })));
    expect(log).toEqual([
      "pulumi-wassist: 447700900300 is no longer on the Wassist account; nothing to undo\n",
    ]);
    await expect(provider.delete(N, state({ onDelete: "unsubscribe" }))).rejects.toThrow(/Conflict \(409/);
  });

  test("a restore refused because the number left the account meanwhile is done, with a note", async () => {
    const provider = providerFor(emu.current);
    await route(N, { routing: "webhook", webhookId: webhooks.crm });
    // The list is read (and cached) while the number is there; it leaves before the restore.
    await stderrOf(() =>
      provider.diff(N, state(), {
        number: N,
        routing: "webhook",
        webhookId: webhooks.crm,
        applyToExisting: false,
        onDelete: "restore",
      }),
    );
    emu.current.emulator.removePhoneNumber(N);
    const log = await stderrOf(() =>
      provider.delete(
        N,
        state({ previousRouting: { routing: "agent", webhookId: null, agentId: agents.sales } }),
      ),
    );
    expect(log).toEqual([
      "pulumi-wassist: 447700900300 is no longer on the Wassist account; nothing to undo\n",
    ]);
  });

  test("a number that moved: the warning when the new resource recorded nothing, and the old one nothing either", async () => {
    const provider = providerFor(emu.current);
    const { previousRouting: _p, ...withoutPrevious } = state({ adoptionId: "the-new-resource" });
    await provider.update(N, withoutPrevious, {
      number: N,
      routing: "webhook",
      webhookId: webhooks.crm,
      applyToExisting: false,
      onDelete: "restore",
    });
    const { previousRouting: _q, ...oldWithoutPrevious } = state({ adoptionId: "the-old-resource" });
    const log = await stderrOf(() => provider.delete(N, oldWithoutPrevious));
    expect(log).toEqual([
      `warning: pulumi-wassist: ${N} moved to another resource in this update: not undoing (onDelete "restore"), so it stays routed as declared. The resource that declares it now recorded what it found as its previousRouting, which its destroy will put back, not no routing. To rename a resource and keep its original routing, use the aliases resource option instead\n`,
    ]);
  });
});

describe("the provider object", () => {
  test("a bad setting from configure fails every operation with that setting, before any request", async () => {
    const provider = new PhoneNumberRoutingProvider({ settings: { rateLimit: false } });
    await provider.configure({
      config: { get: (k: string) => ({ "wassist:baseUrl": "ftp://x", "wassist:apiKey": "wsk_x_000" })[k] },
    } as never);
    await expect(provider.read(N, state())).rejects.toThrow(/^wassist:baseUrl "ftp:\/\/x"/);
    await expect(provider.delete(N, state())).rejects.toThrow(/^wassist:baseUrl "ftp:\/\/x"/);
  });

  test("each operation's error points at the resource with its verb", async () => {
    emu.current.emulator.removePhoneNumber(N);
    const provider = providerFor(emu.current);
    const stackOf = (p: Promise<unknown>) =>
      p.then(
        () => "no error",
        (e: Error) => e.stack,
      );
    const desired = {
      number: N,
      routing: "none" as const,
      applyToExisting: false,
      onDelete: "restore" as const,
    };
    expect(await stackOf(provider.create(desired))).toBe(
      `creating ${N} failed; the error is shown under the resource`,
    );
    expect(await stackOf(provider.update(N, state(), desired))).toBe(
      `updating ${N} failed; the error is shown under the resource`,
    );
    const refused = providerFor(emu.current, { apiKey: "wsk_refused_000" });
    expect(await stackOf(refused.read(N, state()))).toBe(
      `refreshing ${N} failed; the error is shown under the resource`,
    );
    expect(await stackOf(refused.delete(N, state()))).toBe(
      `deleting ${N} failed; the error is shown under the resource`,
    );
  });

  test("close closes the client's pool and lets the next call open a new one", async () => {
    const provider = providerFor(emu.current);
    await provider.read(N, state());
    const close = vi.spyOn(WassistClient.prototype, "close");
    await provider.close();
    expect(close).toHaveBeenCalledTimes(1);
    close.mockRestore();
    expect((await provider.read(N, state())).id).toBe(N);
  });
});
