// create(): adoption without a write, one write otherwise, what a refused write says, the sandbox number's limits.
// Each case in preview (check and diff: never a write) and for real, with the exact outputs and requests.
import { describe, expect, test } from "vitest";
import { UNKNOWN } from "../../provider/resource/inputs";
import { WassistHttpError } from "../../provider/wassist/errors";
import { control, routed } from "../../scripts/harness/emulator";
import { lifecycleFor, seen } from "../../scripts/harness/provider";
import {
  agents,
  created,
  createWhoseOutcomeIsUnknown,
  emu,
  N,
  numbers,
  pausedIds,
  state,
  stderrOf,
  supportIds,
  webhooks,
} from "./fixtures";

describe("create", () => {
  test("create-preview: check passes unknown values, reading only the numbers list", async () => {
    const core = lifecycleFor(emu.current);
    const result = await core.check({}, { number: N, routing: "webhook", webhookId: UNKNOWN });
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
    const core = lifecycleFor(emu.current);
    const result = await core.create({
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
    const err = await lifecycleFor(emu.current)
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
    const core = lifecycleFor(emu.current);
    const result = await core.create({
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
    const err = await lifecycleFor(emu.current)
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
    const err = await lifecycleFor(emu.current)
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
    const err = await createWhoseOutcomeIsUnknown(lifecycleFor(emu.current, { maxRetries: 2 }));
    expect(err.id).toBe(N);
    expect(err.properties).toEqual(
      created({ routing: "agent", webhookId: undefined, agentId: agents.support }),
    );
    expect(err.message).toMatch(
      /^creating routing of 447700900300: Service temporarily unavailable; gave up: retries exhausted \(2\) after 3 attempts \(503 server_error/,
    );
  });
});

describe("create: how refusals are explained", () => {
  const create = (over: Record<string, unknown>) =>
    lifecycleFor(emu.current)
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
    // The operation the person ran, over the request the client made.
    expect(cause.message).toMatch(new RegExp(`^creating routing of ${N}: Agent not found \\(403`));
    const request = cause.cause as WassistHttpError;
    expect(request).toBeInstanceOf(WassistHttpError);
    expect([request.operation, request.status, request.requestId]).toEqual([
      `routing ${N} to agent ${agents.sales}`,
      403,
      cause.requestId,
    ]);
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
    const result = await lifecycleFor(emu.current).create(desired);
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
    await lifecycleFor(emu.current).create({ ...desired, applyToExisting: true });
    await lifecycleFor(emu.current).create({ ...desired, webhookId: webhooks.crm });
    expect(seen(emu.current).filter((r) => r.startsWith("POST"))).toEqual([
      `POST /api/v1/phone-numbers/${numbers.support}/subscribe/ {"webhookId":"${webhooks.zendesk}","applyToExisting":true}`,
      `POST /api/v1/phone-numbers/${numbers.support}/subscribe/ {"webhookId":"${webhooks.crm}","applyToExisting":false}`,
    ]);
  });

  test("the sandbox number is always written (its shared routing cannot be compared)", async () => {
    await lifecycleFor(emu.current).create({
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
    const core = lifecycleFor(emu.current);
    await core.create(desired);
    const before = state({
      number: numbers.support,
      webhookId: webhooks.zendesk,
      ...supportIds,
      adoptionId: "the-old-resource",
    });
    const log = await stderrOf(() => core.delete(numbers.support, before));
    expect(log).toEqual([
      expect.stringMatching(
        /^warning: pulumi-wassist: 447700900100 moved to another resource in this update: not undoing/,
      ),
    ]);
    expect(seen(emu.current).filter((r) => r.startsWith("POST"))).toEqual([]);
    expect(emu.current.emulator.routingOf(numbers.support)).toEqual(routed.webhook(webhooks.zendesk));
  });
});

describe("sandbox number", () => {
  test("applyToExisting is ignored there, with a warning; only the caller's conversation changes", async () => {
    let outs: unknown;
    const log = await stderrOf(async () => {
      ({ outs } = await lifecycleFor(emu.current).create({
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
    const err = await lifecycleFor(emu.current)
      .create({ number: numbers.sandbox, routing: "none", applyToExisting: false, onDelete: "restore" })
      .catch((e) => e);
    expect(err.message).toMatch(
      /^creating routing of 447424845871: Routing of the sandbox number is managed by the system and cannot be changed \(400 sandbox_number, request .+\)\. 447424845871 is a shared sandbox number: its routing is managed by Wassist and may not be changed by API keys/,
    );
  });
});
