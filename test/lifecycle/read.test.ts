// read(): refresh and import, and states written by older versions.
import { describe, expect, test } from "vitest";
import { control } from "../../scripts/harness/emulator";
import { lifecycleFor, seen } from "../../scripts/harness/provider";
import { agents, emu, N, state, webhooks } from "./fixtures";

describe("read (refresh)", () => {
  test("read-actual: live routing becomes the outputs and the inputs", async () => {
    await control(emu.current.url, "POST", `/phone-numbers/${N}/routing`, {
      routing: "agent",
      agentId: agents.sales,
    });
    const result = await lifecycleFor(emu.current).read(N, state());
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
    expect(await lifecycleFor(emu.current).read(N, state())).toEqual({ id: "", props: {} });
  });
});

describe("read: import and states of older versions", () => {
  test("import (no state): the live routing with the defaults, and inputs of only the set keys", async () => {
    await control(emu.current.url, "POST", `/phone-numbers/${N}/routing`, {
      routing: "agent",
      agentId: agents.sales,
    });
    const result = await lifecycleFor(emu.current).read(N);
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
    const result = await lifecycleFor(emu.current).read("an-old-id", state());
    expect(result.id).toBe(N);
  });

  test("refresh keeps what the resource wrote, also when it differs from the declared routing", async () => {
    const appliedRouting = { routing: "none" as const, webhookId: null, agentId: null };
    const result = await lifecycleFor(emu.current).read(N, state({ appliedRouting }));
    expect(result.props).toMatchObject({ appliedRouting });
  });
});
