// update(): which changes write and which do not, with the exact requests.
import { describe, expect, test } from "vitest";
import { UNKNOWN } from "../../provider/resource/inputs";
import { control, routed } from "../../scripts/harness/emulator";
import { lifecycleFor, seen } from "../../scripts/harness/provider";
import { agents, emu, N, numbers, state, stderrOf, webhooks } from "./fixtures";

describe("update", () => {
  test("update-actual: a new webhookId is written; previousRouting is kept", async () => {
    const core = lifecycleFor(emu.current);
    const result = await core.update(state(), {
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
    const result = await lifecycleFor(emu.current).update(state(), {
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
    const result = await lifecycleFor(emu.current).update(state(), {
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
    const core = lifecycleFor(emu.current);
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
      changes = (await core.diff(state(), desired)).changes;
    });
    expect(changes).toBe(true);
    await control(emu.current.url, "POST", `/phone-numbers/${N}/routing`, {
      routing: "webhook",
      webhookId: webhooks.zendesk,
    });
    await core.update(state(), desired);
    expect(emu.current.emulator.routingOf(N)).toEqual(routed.webhook(webhooks.crm));
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
    await lifecycleFor(emu.current).update(state(), declared());
    expect(seen(emu.current)).toEqual([subscribeCrm]);
  });

  test("a changed routing is written even when Wassist already routes so (no read first)", async () => {
    await route({ routing: "webhook", webhookId: webhooks.crm });
    emu.current.emulator.clearRequests();
    // The state says "none" but keeps a webhook id: only `routing` differs.
    await lifecycleFor(emu.current).update(state({ routing: "none" }), declared());
    expect(seen(emu.current)).toEqual([subscribeCrm]);
  });

  test("a changed agentId is written even when Wassist already routes so", async () => {
    await route({ routing: "agent", agentId: agents.support });
    emu.current.emulator.clearRequests();
    const olds = state({ routing: "agent", webhookId: undefined, agentId: agents.sales });
    await lifecycleFor(emu.current).update(
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
    const result = await lifecycleFor(emu.current).update(state(), declared({ onDelete: "retain" }));
    expect(seen(emu.current)).toEqual([`GET /api/v1/phone-numbers/${N}/`, subscribeCrm]);
    expect(result.outs).toEqual(state({ onDelete: "retain" }));
  });

  test("only onDelete changed and Wassist matches: what the resource wrote before stays recorded", async () => {
    await route({ routing: "webhook", webhookId: webhooks.crm });
    const appliedRouting = { routing: "webhook" as const, webhookId: webhooks.zendesk, agentId: null };
    const result = await lifecycleFor(emu.current).update(
      state({ appliedRouting }),
      declared({ onDelete: "unsubscribe" }),
    );
    expect(result.outs).toEqual(state({ onDelete: "unsubscribe", appliedRouting }));
  });

  test("only onDelete changed and the number left the account: says so and to refresh", async () => {
    emu.current.emulator.removePhoneNumber(N);
    await expect(lifecycleFor(emu.current).update(state(), declared({ onDelete: "retain" }))).rejects.toThrow(
      `updating routing of ${N}: the number is no longer on the Wassist account; run \`pulumi refresh\` to drop it from the stack`,
    );
  });

  test("a number that left the account since the last read is found gone by a fresh read", async () => {
    const core = lifecycleFor(emu.current);
    await stderrOf(() => core.diff(state(), declared({ webhookId: webhooks.zendesk })));
    emu.current.emulator.removePhoneNumber(N);
    await expect(core.update(state(), declared({ webhookId: webhooks.zendesk }))).rejects.toThrow(
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
    const err = await lifecycleFor(emu.current)
      .update(state(), declared({ webhookId: webhooks.zendesk }))
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
      lifecycleFor(emu.current).update(sandbox, {
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
    const err = await lifecycleFor(emu.current)
      .update(sandbox, {
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
      lifecycleFor(emu.current).update(state(), declared({ applyToExisting: true })),
    );
    expect(log).toEqual([]);
  });

  test("after an update the same resource's delete undoes its write (its adoption is remembered)", async () => {
    const core = lifecycleFor(emu.current);
    const { outs } = await core.update(state(), declared({ webhookId: webhooks.zendesk }));
    const log = await stderrOf(() => core.delete(N, outs ?? {}));
    expect(log).toEqual([]);
    expect(emu.current.emulator.routingOf(N)).toEqual(routed.none);
  });

  test("invalid inputs reaching update or create directly fail with what is wrong", async () => {
    const core = lifecycleFor(emu.current);
    const bad = { number: N, routing: "webhook", applyToExisting: false, onDelete: "restore" } as never;
    await expect(core.update(state(), bad)).rejects.toThrow(
      'invalid inputs: webhookId: webhookId is required when routing is "webhook"',
    );
    await expect(core.create({ ...declared(), webhookId: UNKNOWN })).rejects.toThrow(
      "invalid inputs: a value is not known yet",
    );
    expect(seen(emu.current)).toEqual([]);
  });
});
