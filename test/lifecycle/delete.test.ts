// delete(): restore, unsubscribe or retain, and only what this resource set.
import { describe, expect, test } from "vitest";
import { control, routed } from "../../scripts/harness/emulator";
import { lifecycleFor, seen } from "../../scripts/harness/provider";
import { agents, emu, N, numbers, state, stderrOf, webhooks } from "./fixtures";

describe("delete", () => {
  test("restore puts the previous routing back", async () => {
    const core = lifecycleFor(emu.current);
    const { outs } = await core.create({
      number: numbers.support,
      routing: "none",
      applyToExisting: false,
      onDelete: "restore",
    });
    emu.current.emulator.clearRequests();
    await core.delete(numbers.support, outs ?? {});
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
    const core = lifecycleFor(emu.current);
    const { outs } = await core.create({
      number: numbers.sales,
      routing: "agent",
      agentId: agents.support,
      applyToExisting: false,
      onDelete: "restore",
    });
    expect(outs?.previousRouting).toEqual({ routing: "none", webhookId: null, agentId: agents.sales });
    emu.current.emulator.clearRequests();
    const log = await stderrOf(() => core.delete(numbers.sales, outs ?? {}));
    expect(log).toEqual([
      `warning: pulumi-wassist: 447700900200 is paused with agent ${agents.sales} still attached (a state only the Wassist dashboard can make): onDelete "restore" will pause it with nothing attached (the API's unsubscribe drops the target), so re-attach agent ${agents.sales} in the dashboard afterwards if it should stay\n`,
    ]);
    expect(seen(emu.current)).toEqual([
      `POST /api/v1/phone-numbers/${numbers.sales}/unsubscribe/ {"applyToExisting":false}`,
    ]);
    expect(emu.current.emulator.routingOf(numbers.sales)).toEqual(routed.none);
  });

  test("restore of an agent", async () => {
    const core = lifecycleFor(emu.current);
    const { outs } = await core.create({
      number: numbers.sales,
      routing: "none",
      applyToExisting: false,
      onDelete: "restore",
    });
    await core.delete(numbers.sales, outs ?? {});
    expect(emu.current.emulator.routingOf(numbers.sales)).toEqual(routed.agent(agents.sales));
  });

  test("restore when the old webhook is gone: a warning, then unsubscribe", async () => {
    const core = lifecycleFor(emu.current);
    const { outs } = await core.create({
      number: numbers.support,
      routing: "agent",
      agentId: agents.support,
      applyToExisting: false,
      onDelete: "restore",
    });
    emu.current.emulator.removeWebhook(webhooks.zendesk);
    const log = await stderrOf(() => core.delete(numbers.support, outs ?? {}));
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
    await lifecycleFor(emu.current).delete(N, state({ onDelete: "unsubscribe", applyToExisting: true }));
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
    const log = await stderrOf(() => lifecycleFor(emu.current).delete(N, state({ onDelete: "unsubscribe" })));
    expect(log).toEqual([
      `warning: pulumi-wassist: 447700900300: not undoing (onDelete "unsubscribe"): Wassist now routes it to agent ${agents.sales}, not the webhook ${webhooks.crm} this resource set\n`,
    ]);
    expect(seen(emu.current)).toEqual(["GET /api/v1/phone-numbers/"]);
    expect(emu.current.emulator.routingOf(N)).toEqual(routed.agent(agents.sales));
  });

  test("retain makes no call", async () => {
    await lifecycleFor(emu.current).delete(N, state({ onDelete: "retain" }));
    expect(seen(emu.current)).toEqual([]);
  });

  test("is idempotent: a number already gone counts as done", async () => {
    emu.current.emulator.removePhoneNumber(N);
    const core = lifecycleFor(emu.current);
    const log = await stderrOf(async () => {
      await core.delete(
        N,
        state({ previousRouting: { routing: "agent", webhookId: null, agentId: agents.sales } }),
      );
      await core.delete(N, state({ onDelete: "unsubscribe" }));
    });
    expect(log).toEqual([
      "pulumi-wassist: 447700900300 is no longer on the Wassist account; nothing to undo\n",
      "pulumi-wassist: 447700900300 is no longer on the Wassist account; nothing to undo\n",
    ]);
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
    const log = await stderrOf(() => lifecycleFor(emu.current).delete(N, refreshed));
    expect(log).toEqual([
      `warning: pulumi-wassist: ${N}: not undoing (onDelete "restore"): Wassist now routes it to agent ${agents.sales}, not the webhook ${webhooks.crm} this resource set\n`,
    ]);
    expect(emu.current.emulator.routingOf(N)).toEqual(routed.agent(agents.sales));
  });

  test("a state of an older version (no appliedRouting, onDelete, applyToExisting): its declared routing counts", async () => {
    await route(N, { routing: "agent", agentId: agents.sales });
    const old = { number: N, routing: "webhook" as const, webhookId: webhooks.crm };
    const log = await stderrOf(() => lifecycleFor(emu.current).delete(N, old));
    expect(log).toEqual([
      `warning: pulumi-wassist: ${N}: not undoing (onDelete "restore"): Wassist now routes it to agent ${agents.sales}, not the webhook ${webhooks.crm} this resource set\n`,
    ]);
    await route(N, { routing: "webhook", webhookId: webhooks.crm });
    emu.current.emulator.clearRequests();
    await lifecycleFor(emu.current).delete("an-old-id", old);
    expect(seen(emu.current)).toEqual([
      "GET /api/v1/phone-numbers/",
      `POST /api/v1/phone-numbers/${N}/unsubscribe/ {"applyToExisting":false}`,
    ]);
  });

  test("restore follows the previous routing, not an id left over beside it", async () => {
    await route(N, { routing: "webhook", webhookId: webhooks.crm });
    const core = lifecycleFor(emu.current);
    await core.delete(
      N,
      state({ previousRouting: { routing: "agent", webhookId: webhooks.zendesk, agentId: agents.sales } }),
    );
    expect(emu.current.emulator.routingOf(N)).toEqual(routed.agent(agents.sales));
    await route(N, { routing: "webhook", webhookId: webhooks.crm });
    emu.current.emulator.clearRequests();
    await lifecycleFor(emu.current).delete(
      N,
      state({ previousRouting: { routing: "none", webhookId: null, agentId: agents.sales } }),
    );
    expect(seen(emu.current).filter((r) => r.startsWith("POST"))).toEqual([
      `POST /api/v1/phone-numbers/${N}/unsubscribe/ {"applyToExisting":false}`,
    ]);
  });

  test("what a delete wrote is what the same provider reads next, without another request", async () => {
    await route(N, { routing: "webhook", webhookId: webhooks.crm });
    const core = lifecycleFor(emu.current);
    await core.delete(
      N,
      state({ previousRouting: { routing: "agent", webhookId: null, agentId: agents.sales } }),
    );
    emu.current.emulator.clearRequests();
    const read = await core.read(N, state());
    expect(read.props).toMatchObject({ routing: "agent", agentId: agents.sales, webhookId: null });
    expect(seen(emu.current)).toEqual([]);
  });

  test("restore to no routing, or of an agent, that fails says restoring", async () => {
    const core = lifecycleFor(emu.current);
    const fail = (path: string) =>
      emu.current.emulator.addFault({ method: "POST", path, script: Array(3).fill({ status: 503 }) });
    await route(N, { routing: "webhook", webhookId: webhooks.crm });
    fail("/api/v1/phone-numbers/{number}/unsubscribe/");
    await expect(core.delete(N, state())).rejects.toThrow(/^restoring routing of 447700900300: /);
    fail("/api/v1/phone-numbers/{number}/connect-agent/");
    await expect(
      core.delete(
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
    const core = lifecycleFor(emu.current);
    const log = await stderrOf(() => core.delete(N, state({ onDelete: "unsubscribe" })));
    expect(log).toEqual([
      "pulumi-wassist: 447700900300 is no longer on the Wassist account; nothing to undo\n",
    ]);
    await expect(core.delete(N, state({ onDelete: "unsubscribe" }))).rejects.toThrow(/Conflict \(409/);
  });

  test("a restore refused because the number left the account meanwhile is done, with a note", async () => {
    const core = lifecycleFor(emu.current);
    await route(N, { routing: "webhook", webhookId: webhooks.crm });
    // The list is read (and cached) while the number is there; it leaves before the restore.
    await stderrOf(() =>
      core.diff(state(), {
        number: N,
        routing: "webhook",
        webhookId: webhooks.crm,
        applyToExisting: false,
        onDelete: "restore",
      }),
    );
    emu.current.emulator.removePhoneNumber(N);
    const log = await stderrOf(() =>
      core.delete(
        N,
        state({ previousRouting: { routing: "agent", webhookId: null, agentId: agents.sales } }),
      ),
    );
    expect(log).toEqual([
      "pulumi-wassist: 447700900300 is no longer on the Wassist account; nothing to undo\n",
    ]);
  });

  test("a number that moved: the warning when the new resource recorded nothing, and the old one nothing either", async () => {
    const core = lifecycleFor(emu.current);
    const { previousRouting: _p, ...withoutPrevious } = state({ adoptionId: "the-new-resource" });
    await core.update(withoutPrevious, {
      number: N,
      routing: "webhook",
      webhookId: webhooks.crm,
      applyToExisting: false,
      onDelete: "restore",
    });
    const { previousRouting: _q, ...oldWithoutPrevious } = state({ adoptionId: "the-old-resource" });
    const log = await stderrOf(() => core.delete(N, oldWithoutPrevious));
    expect(log).toEqual([
      `warning: pulumi-wassist: ${N} moved to another resource in this update: not undoing (onDelete "restore"), so it stays routed as declared. The resource that declares it now recorded what it found as its previousRouting, which its destroy will put back, not no routing. To rename a resource and keep its original routing, use the aliases resource option instead\n`,
    ]);
  });
});
