// diff(): drift from the live routing, the program's own changes from the state, a target that no longer works.
import { describe, expect, test } from "vitest";
import { UNKNOWN } from "../../provider/resource/inputs";
import { control } from "../../scripts/harness/emulator";
import { lifecycleFor, seen } from "../../scripts/harness/provider";
import { agents, diffOfState, emu, N, numbers, state, stderrOf, webhooks } from "./fixtures";

describe("diff", () => {
  test("diff-preview: an unknown webhookId is a change and makes no request", async () => {
    const result = await lifecycleFor(emu.current).diff(state(), {
      number: N,
      routing: "webhook",
      webhookId: UNKNOWN,
      applyToExisting: false,
      onDelete: "restore",
    });
    expect(result).toEqual({ changes: true, replaces: [], detailedDiff: { webhookId: "update" } });
    expect(seen(emu.current)).toEqual([]);
  });

  test("diff-preview: an unknown number is a replacement and makes no request", async () => {
    const result = await lifecycleFor(emu.current).diff(state(), {
      number: UNKNOWN,
      routing: "none",
      applyToExisting: false,
      onDelete: "restore",
    });
    expect(result).toEqual({
      changes: true,
      replaces: ["number"],
      deleteBeforeReplace: false,
      detailedDiff: { number: "update-replace" },
    });
    expect(seen(emu.current)).toEqual([]);
  });

  test("diff-actual: nothing changed and nothing drifted", async () => {
    await control(emu.current.url, "POST", `/phone-numbers/${N}/routing`, {
      routing: "webhook",
      webhookId: webhooks.crm,
    });
    const result = await lifecycleFor(emu.current).diff(state(), {
      number: N,
      routing: "webhook",
      webhookId: webhooks.crm,
      applyToExisting: false,
      onDelete: "restore",
    });
    expect(result).toEqual({ changes: false, replaces: [], detailedDiff: {} });
    expect(seen(emu.current)).toEqual(["GET /api/v1/phone-numbers/"]);
  });

  test("diff-actual: drift made in the dashboard is a change, and says why", async () => {
    await control(emu.current.url, "POST", `/phone-numbers/${N}/routing`, {
      routing: "agent",
      agentId: agents.sales,
    });
    const { result, log } = await diffOfState();
    expect(result).toEqual({
      changes: true,
      replaces: [],
      detailedDiff: { routing: "update", webhookId: "add", agentId: "delete" },
    });
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
      result = await lifecycleFor(emu.current).diff(state(), {
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
        result = await lifecycleFor(emu.current).diff(state(), {
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
    const result = await lifecycleFor(emu.current).diff(state(), {
      number: numbers.sales,
      routing: "webhook",
      webhookId: webhooks.crm,
      applyToExisting: false,
      onDelete: "restore",
    });
    expect(result).toEqual({
      changes: true,
      replaces: ["number"],
      deleteBeforeReplace: false,
      detailedDiff: { number: "update-replace" },
    });
  });

  test("diff: inputs changed without drift are a change; diff reads the list and never writes", async () => {
    await control(emu.current.url, "POST", `/phone-numbers/${N}/routing`, {
      routing: "webhook",
      webhookId: webhooks.crm,
    });
    emu.current.emulator.clearRequests();
    const core = lifecycleFor(emu.current);
    const news = { number: N, routing: "webhook" as const, webhookId: webhooks.crm, applyToExisting: false };
    expect(await core.diff(state(), { ...news, onDelete: "restore" })).toEqual({
      changes: false,
      replaces: [],
      detailedDiff: {},
    });
    expect(await core.diff(state(), { ...news, onDelete: "retain" })).toEqual({
      changes: true,
      replaces: [],
      detailedDiff: { onDelete: "update" },
    });
    expect(await core.diff(state(), { ...news, applyToExisting: true, onDelete: "restore" })).toEqual({
      changes: true,
      replaces: [],
      detailedDiff: { applyToExisting: "update" },
    });
    expect(seen(emu.current)).toEqual(["GET /api/v1/phone-numbers/"]);
  });
});
