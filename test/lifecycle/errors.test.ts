// How the lifecycle's errors read: a number gone or moved, the verb of the operation the person ran, and
// the texts of its refusals (gone, paused with a target, a refused write explained).
import { describe, expect, test } from "vitest";
import { explain, GONE, goneOnUpdate, pausedWithTarget } from "../../provider/lifecycle/errors";
import { ActionableError } from "../../provider/messages";
import type { RoutingInputs } from "../../provider/resource/args";
import { WassistHttpError } from "../../provider/wassist/errors";
import { control, routed } from "../../scripts/harness/emulator";
import { lifecycleFor, seen } from "../../scripts/harness/provider";
import { agents, diffOfState, emu, N, numbers, state, stderrOf, webhooks } from "./fixtures";

describe("a number that left the account, and a number that moved", () => {
  test("diff of a number no longer on the account: a change, with a warning that says to refresh", async () => {
    emu.current.emulator.removePhoneNumber(N);
    const { result, log } = await diffOfState();
    // A change with no property to show: the warning says why (check refuses the update, see
    // check.test.ts).
    expect(result).toEqual({ changes: true, replaces: [], detailedDiff: {} });
    expect(log).toEqual([
      `warning: pulumi-wassist: ${N}: the number is no longer on the Wassist account; run \`pulumi refresh\` to drop it from the stack\n`,
    ]);
  });

  test("update of a number no longer on the account says so and to refresh", async () => {
    emu.current.emulator.removePhoneNumber(N);
    const err = await lifecycleFor(emu.current)
      .update(state(), {
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
    const core = lifecycleFor(emu.current);
    const { outs } = await core.create({
      number: N,
      routing: "agent",
      agentId: agents.sales,
      applyToExisting: false,
      onDelete: "restore",
    });
    emu.current.emulator.clearRequests();
    // The old resource's state: another adoption id, its own (now overwritten) routing.
    const log = await stderrOf(() => core.delete(N, state({ adoptionId: "the-old-resource" })));
    expect(log).toEqual([
      `warning: pulumi-wassist: ${N} moved to another resource in this update: not undoing (onDelete "restore"), so it stays routed as declared. The resource that declares it now recorded no routing as its previousRouting, which its destroy will put back, not no routing. To rename a resource and keep its original routing, use the aliases resource option instead\n`,
    ]);
    expect(seen(emu.current).filter((r) => r.startsWith("POST"))).toEqual([]);
    expect(emu.current.emulator.routingOf(N)).toEqual(routed.agent(agents.sales));
    // The resource that wrote it undoes its own write.
    await core.delete(N, outs ?? {});
    expect(emu.current.emulator.routingOf(N)).toEqual(routed.none);
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
        lifecycleFor(emu.current).update(state({ routing: "none", webhookId: undefined }), {
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
    const core = lifecycleFor(emu.current);
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
    expect(await message(core.delete(numbers.support, outs ?? {}))).toMatch(
      /^restoring routing of 447700900100: Service temporarily unavailable; gave up/,
    );
    await failWrites();
    expect(await message(core.delete(numbers.support, { ...outs, onDelete: "unsubscribe" }))).toMatch(
      /^deleting routing of 447700900100: Service temporarily unavailable; gave up/,
    );
  });

  test("refresh with per-number reads: reading routing of …", async () => {
    await control(emu.current.url, "POST", "/faults", {
      method: "GET",
      path: "*",
      script: Array(3).fill({ status: 503 }),
    });
    expect(await message(lifecycleFor(emu.current, { readStrategy: "per-number" }).read(N, state()))).toMatch(
      /^reading routing of 447700900300: Service temporarily unavailable; gave up/,
    );
  });
});

describe("the refusals' texts", () => {
  const refused = (status: number) =>
    new WassistHttpError({
      operation: "subscribing 447700900100",
      number: "447700900100",
      reason: "no",
      status,
    });
  const desired = (over: Partial<RoutingInputs>) =>
    ({ number: "447700900100", routing: "webhook", webhookId: "wh-1", ...over }) as RoutingInputs;

  test("a number not on an explicit provider's organization: left, or moved from another provider", () => {
    expect(goneOnUpdate("447700900100", "staging")).toBe(
      'updating routing of 447700900100: 447700900100 is not on the Wassist account of provider "staging": either the number left the account (run `pulumi refresh` to drop it from the stack), or the resource moved to this provider from another organization\'s, and this organization does not have the number (give the resource its provider back)',
    );
    expect(goneOnUpdate("447700900100", undefined)).toBe(`updating routing of 447700900100: ${GONE}`);
  });

  test("paused with a target attached: named, webhook or agent; anything else says nothing", () => {
    const paused = (webhookId: string | null, agentId: string | null) =>
      pausedWithTarget("447700900100", { routing: "none", webhookId, agentId });
    expect(paused("wh-1", null)).toMatch(
      /^447700900100 is paused with webhook wh-1 still attached .* re-attach webhook wh-1 in/,
    );
    expect(paused(null, "ag-1")).toMatch(/^447700900100 is paused with agent ag-1 still attached/);
    expect(paused(null, null)).toBeUndefined();
    expect(
      pausedWithTarget("447700900100", { routing: "agent", webhookId: null, agentId: "ag-1" }),
    ).toBeUndefined();
    expect(pausedWithTarget("447700900100", undefined)).toBeUndefined();
  });

  test("a refused write explained: the sandbox number's 400, a target's 403 or 404; the cause kept", () => {
    const sandbox = explain(refused(400), true, desired({})) as Error;
    expect(sandbox).toBeInstanceOf(ActionableError);
    expect(sandbox.message).toMatch(
      /\. 447700900100 is a shared sandbox number: its routing is managed by Wassist/,
    );
    expect(sandbox.cause).toBeInstanceOf(WassistHttpError);
    const business = refused(400);
    expect(explain(business, false, desired({}))).toBe(business);
    const target = explain(
      refused(404),
      false,
      desired({ routing: "agent", agentId: "ag-1", webhookId: undefined }),
    ) as Error;
    expect(target.message).toMatch(/: is agent ag-1 an id of this organization \(or shared with it\)\?$/);
    expect(target.cause).toBeInstanceOf(WassistHttpError);
    expect((explain(refused(403), false, desired({})) as Error).message).toMatch(
      /: is webhook wh-1 an id of/,
    );
    const unrouting = refused(403);
    expect(explain(unrouting, false, desired({ routing: "none", webhookId: undefined }))).toBe(unrouting);
    const other = new Error("socket hang up");
    expect(explain(other, true, desired({}))).toBe(other);
  });
});
