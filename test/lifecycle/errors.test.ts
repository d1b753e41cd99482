// How the lifecycle's errors read: a number gone or moved, and the verb of the operation the person ran.
import { describe, expect, test } from "vitest";
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
